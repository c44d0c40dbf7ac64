"""Small synthetic scan results for compliance and report tests (no scanner runs)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Sequence

from gatekeeper import compliance
from gatekeeper.config import Policy
from gatekeeper.coverage import account
from gatekeeper.findings import Confidence, Finding, Location, Severity
from gatekeeper.gate import Verdict, verdict
from gatekeeper.result import ScanMetadata, ScanResult
from gatekeeper.scanners.base import ScannerResult, SkippedFile

ALL_SCANNERS = ("bandit", "cloudformation", "dependencies", "kubernetes", "render", "secrets", "semgrep", "terraform")
HOSTILE = (
    "<script>document.title='pwned'</script><img src=x onerror=alert(1)> [click](https://evil.example/x) @admin #1"
)


def finding(
    rule_id: str = "python-sql-injection",
    *,
    scanner: str = "semgrep",
    cwe: Sequence[str] = ("CWE-89",),
    severity: Severity = Severity.HIGH,
    path: str = "app.py",
    line: int = 10,
    index: int = 0,
    **overrides: Any,
) -> Finding:
    base = Finding(
        rule_id=rule_id,
        title=overrides.pop("title", f"{rule_id} title"),
        message=overrides.pop("message", f"{rule_id} message"),
        severity=severity,
        location=Location(path, line, 1, line, 20),
        scanners=(scanner,),
        source_rules=((scanner, rule_id),),
        confidence=Confidence.HIGH,
        cwe=tuple(cwe),
        snippet=overrides.pop("snippet", "cursor.execute(query)"),
        remediation=overrides.pop("remediation", "Use bound parameters."),
        fingerprint=overrides.pop("fingerprint", f"{index:032x}:0"),
    )
    return replace(base, **overrides)


def mapped(*findings: Finding) -> tuple[Finding, ...]:
    """The findings as the engine hands them on: with their controls filled in."""
    return tuple(compliance.load().mapping.apply(list(findings)))


FILES = ("Dockerfile", "app.py", "main.tf", "requirements.txt")
"""A small tree with something of each evidence kind, and what each scanner reads of it."""
READS = {
    "bandit": ("app.py",),
    "dependencies": ("requirements.txt",),
    "secrets": FILES,
    "semgrep": ("Dockerfile", "app.py", "main.tf"),
    "terraform": ("main.tf",),
    "cloudformation": (),
    "render": (),
    "kubernetes": (),
}


@dataclass(frozen=True)
class StubScanner:
    """What coverage accounting asks of a scanner: the kinds it analyses, and which files it takes."""

    kinds: frozenset[str]
    takes: Callable[[str], bool] = lambda _path: True

    def analysed_kinds(self) -> frozenset[str]:
        return self.kinds

    def handles(self, path: str) -> bool:
        return self.takes(path)


ANALYSES = {
    "bandit": StubScanner(frozenset({"python"})),
    "dependencies": StubScanner(frozenset({"pypi-requirements"})),
    "secrets": StubScanner(frozenset()),
    "semgrep": StubScanner(frozenset({"python", "dockerfile", "terraform"})),
    "terraform": StubScanner(frozenset({"terraform"})),
    "cloudformation": StubScanner(frozenset({"cloudformation"})),
    "render": StubScanner(frozenset({"helm", "kustomize"})),
    "kubernetes": StubScanner(frozenset({"kubernetes"})),
}


def scanner(name: str, *, errors: Sequence[str] = (), skipped: Sequence[str] = (), **extra: Any) -> ScannerResult:
    return ScannerResult(
        scanner=name,
        version=f"{name} 1.0",
        errors=tuple(errors),
        scanned=tuple(p for p in READS.get(name, ("app.py",)) if p not in skipped),
        skipped=tuple(SkippedFile(p, "parse error") for p in skipped),
        **extra,
    )


def result(
    findings: Sequence[Finding] = (),
    scanners: Sequence[ScannerResult] | None = None,
    *,
    commit: str | None = "0123456789abcdef0123456789abcdef01234567",
    started: str = "2026-01-02T03:04:05Z",
    finished: str = "2026-01-02T03:04:09Z",
) -> ScanResult:
    ran = tuple(scanners if scanners is not None else [scanner(n) for n in ALL_SCANNERS])
    return ScanResult(
        metadata=ScanMetadata(
            gatekeeper_version="0.1.0",
            target="payments",
            commit=commit,
            started_at=started,
            finished_at=finished,
            rule_pack_digest="sha256:" + "ab" * 32,
        ),
        findings=tuple(sorted(mapped(*findings), key=lambda f: f.sort_key)),
        scanners=ran,
        files=FILES,
        excluded=(),
        coverage=account(Path("/nonexistent"), FILES, ran, ANALYSES),
    )


def judged(scan: ScanResult, policy: Policy | None = None) -> tuple[ScanResult, Verdict, Policy]:
    policy = policy or Policy()
    return scan, verdict(scan, policy), policy
