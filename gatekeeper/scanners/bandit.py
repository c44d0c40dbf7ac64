"""bandit, run as a subprocess: isolated from our process, killable, and splittable across cores."""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import yaml

from gatekeeper.findings import Confidence, Finding, Location, Severity
from gatekeeper.rulepack import RulePack
from gatekeeper.scanners.base import (
    TIMEOUT_OPTION,
    ScanContext,
    Scanner,
    ScannerFailure,
    ScannerResult,
    SkippedFile,
    relative_path,
)
from gatekeeper.scanners.tools import (
    argument_batches,
    executable_identity,
    find_executable,
    last_line,
    read_report,
    run_tool,
)
from gatekeeper.secrets.placeholders import is_placeholder

_SEVERITY = {"LOW": Severity.LOW, "MEDIUM": Severity.MEDIUM, "HIGH": Severity.HIGH}
# bandit exits 1 when it reports issues; that is a complete run.
_OK_EXIT_CODES = (0, 1)
NOT_ANALYSED = "bandit: not analysed (handed to bandit, but missing from the files its report lists)"
# bandit's "hard-coded password" tests (string, argument, default); the value is in the issue text.
_PASSWORD_TESTS = frozenset({"B105", "B106", "B107"})
_PASSWORD_VALUE = re.compile(r"^Possible hardcoded password: '(.*)'$", re.DOTALL)
# Below this many files one process is faster than paying interpreter start-up twice.
_FILES_PER_WORKER = 200


class BanditScanner(Scanner):
    name = "bandit"
    description = "SAST: bandit's checks of Python code"
    kinds = frozenset({"python"})
    options = MappingProxyType({"timeout": TIMEOUT_OPTION})
    # A hard-coded password bandit quotes in one file's finding (B105-B107) is redacted from every
    # file's findings (gatekeeper/redact.py): each shard must know them all, as with secrets.
    shard_whole = True

    @classmethod
    def create(cls, rules: RulePack) -> BanditScanner:
        return cls(rules.root)

    def __init__(self, rules_dir: Path) -> None:
        self.rules_dir = rules_dir

    def version(self) -> str:
        with tempfile.TemporaryDirectory(prefix="gatekeeper-bandit-") as workdir:
            proc = run_tool(
                self.name,
                [find_executable("bandit"), "--version"],
                timeout=60,
                env=_environment(Path(workdir)),
                workdir=Path(workdir),
            )
        if proc.returncode != 0:
            raise ScannerFailure(f"bandit --version failed: {last_line(proc.stderr)}")
        first = proc.stdout.strip().splitlines()[0] if proc.stdout.strip() else ""
        return first.removeprefix("bandit").strip() or "unknown"

    def handles(self, path: str) -> bool:
        return path.endswith(".py")

    def cache_identity(self, options: Mapping[str, Any], root: Path) -> Any | None:
        return executable_identity("bandit")

    @cached_property
    def remediation(self) -> dict[str, str]:
        """Our own fix advice per bandit test: bandit itself only links to its docs."""
        path = self.rules_dir / "bandit" / "remediation.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        return {str(k): " ".join(str(v).split()) for k, v in (data or {}).items()}

    def scan(self, context: ScanContext, files: Sequence[str]) -> ScannerResult:
        started = time.monotonic()
        version = self.version()
        if not files:
            return ScannerResult(self.name, version)
        executable = find_executable("bandit")
        chunks = _split(list(files), context.jobs)
        with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
            reports = list(pool.map(lambda c: self._run(executable, c[0], c[1], context), enumerate(chunks)))
        findings: list[Finding] = []
        skipped: list[SkippedFile] = []
        analysed: set[str] = set()
        for report in reports:
            findings += [self._finding(r, context.root) for r in report.get("results", []) if not _placeholder(r)]
            failed = {
                relative_path(e.get("filename", ""), context.root): e.get("reason", "")
                for e in report.get("errors", [])
            }
            skipped += [
                SkippedFile(path, f"bandit: {' '.join(str(reason).split())}") for path, reason in failed.items()
            ]
            analysed |= {
                relative_path(name, context.root) for name in report.get("metrics", {}) if name != "_totals"
            } - set(failed)
        # bandit lists each file it analysed in its metrics: one handed over but not listed there
        # (excluded by a pattern, passed over) is lost coverage, whatever the tool's exit code said.
        scanned = [path for path in files if path in analysed]
        accounted = set(scanned) | {s.path for s in skipped}
        skipped += [SkippedFile(path, NOT_ANALYSED) for path in files if path not in accounted]
        return ScannerResult(
            scanner=self.name,
            version=version,
            findings=tuple(findings),
            scanned=tuple(sorted(scanned)),
            skipped=tuple(sorted(skipped, key=lambda s: s.path)),
            duration=time.monotonic() - started,
        )

    def _run(self, executable: str, index: int, files: Sequence[str], context: ScanContext) -> dict[str, Any]:
        merged: dict[str, Any] = {"results": [], "errors": [], "metrics": {}}
        for batch_no, batch in enumerate(argument_batches(files)):
            output = context.workdir / f"bandit-{index}-{batch_no}.json"
            # --ignore-nosec: `# nosec` is honoured by gatekeeper's policy stage, which lists every
            # suppression in the reports (gatekeeper/policy/suppressions.py); bandit would drop them silently.
            argv = [
                executable,
                "--format",
                "json",
                "--output",
                str(output),
                "--quiet",
                "--ignore-nosec",
                # bandit's default --exclude matches by substring (.git, CVS, .tox, ...), so it
                # would drop .github/scripts/deploy.py or tools/CVSimport.py unannounced. Given
                # one of our own, an absolute path no relative file name contains, it has none.
                "--exclude",
                str(context.workdir / "bandit-excludes-nothing"),
                "--",
                *batch,
            ]
            proc = run_tool(
                self.name,
                argv,
                timeout=context.timeout,
                env=_environment(context.workdir),
                cwd=context.root,
                workdir=context.workdir,
            )
            if proc.returncode not in _OK_EXIT_CODES:
                raise ScannerFailure(
                    f"bandit exited with code {proc.returncode}: {last_line(proc.stderr or proc.stdout)}"
                )
            try:
                report = json.loads(read_report(self.name, output))
            except (OSError, json.JSONDecodeError):
                raise ScannerFailure(
                    f"bandit wrote no readable JSON report: {last_line(proc.stderr or proc.stdout)}"
                ) from None
            for key in ("results", "errors"):
                merged[key] += report.get(key, [])
            merged["metrics"].update(report.get("metrics", {}))
        return merged

    def _finding(self, result: dict[str, Any], root: Path) -> Finding:
        test_id = str(result["test_id"])
        line_range = result.get("line_range") or [result["line_number"]]
        cwe = result.get("issue_cwe") or {}
        more_info = result.get("more_info")
        return Finding(
            rule_id=test_id,
            title=str(result.get("test_name", test_id)).replace("_", " "),
            message=" ".join(str(result.get("issue_text", "")).split()),
            severity=_SEVERITY.get(str(result.get("issue_severity", "")).upper(), Severity.MEDIUM),
            confidence=Confidence.parse(result.get("issue_confidence")),
            location=Location(
                path=relative_path(result["filename"], root),
                start_line=int(result["line_number"]),
                start_column=int(result.get("col_offset", 0)) + 1,
                end_line=int(max(line_range)),
                end_column=int(result.get("end_col_offset", 0)) + 1,
            ),
            scanners=(self.name,),
            source_rules=((self.name, test_id),),
            cwe=(f"CWE-{cwe['id']}",) if cwe.get("id") else (),
            remediation=self.remediation.get(test_id, ""),
            references=(str(more_info),) if more_info else (),
        )


def _placeholder(result: Mapping[str, Any]) -> bool:
    """A "hard-coded password" that is an empty string or a placeholder (`password = ""`, a token
    type named 'reset_password', `'changeme'`): no credential, judged as the secrets scanner
    judges assigned values (gatekeeper/secrets/placeholders.py). Real ones are still reported."""
    if str(result.get("test_id")) not in _PASSWORD_TESTS:
        return False
    value = _PASSWORD_VALUE.search(str(result.get("issue_text", "")))
    return value is not None and is_placeholder(value.group(1))


def _environment(workdir: Path) -> dict[str, str]:
    # stevedore (bandit's plugin loader) caches entry points under XDG_CACHE_HOME: keep it out of ~.
    return dict(os.environ, XDG_CACHE_HOME=str(workdir / "cache"))


def _split(files: list[str], jobs: int) -> list[list[str]]:
    workers = max(1, min(jobs, len(files) // _FILES_PER_WORKER))
    return [files[i::workers] for i in range(workers)]
