from __future__ import annotations

from pathlib import Path

import pytest

from gatekeeper.config import Policy
from gatekeeper.findings import Finding, Location, Severity
from gatekeeper.gate import verdict
from gatekeeper.reports import github, renderer
from gatekeeper.result import ScanMetadata, ScanResult
from gatekeeper.scanners.base import ScannerResult
from tests.conftest import run_cli

META = ScanMetadata("0.1.0", ".", None, "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", "sha256:" + "0" * 64)


def finding(severity: Severity = Severity.HIGH, line: int = 1, index: int = 0, **extra: object) -> Finding:
    values: dict[str, object] = {
        "rule_id": "B602",
        "title": "shell",
        "message": "shell=True",
        "fingerprint": f"{index:032x}:0",
    }
    values.update(extra)
    return Finding(
        severity=severity,
        location=Location(str(values.pop("path", "app.py")), line, 5, line + 1),
        scanners=("bandit",),
        **values,
    )  # type: ignore[arg-type]


def scan(
    *findings: Finding, scanners: tuple[ScannerResult, ...] = (ScannerResult("bandit", "1", scanned=("app.py",)),)
) -> ScanResult:
    return ScanResult(META, tuple(sorted(findings, key=lambda f: f.sort_key)), scanners, ("app.py",), ())


def render(result: ScanResult, policy: Policy = Policy()) -> list[str]:
    text = github.render(result, verdict(result, policy), policy)
    assert text.endswith("\n")
    return text.splitlines()


def commands(lines: list[str]) -> list[str]:
    # The runner treats a line as a command when it starts with '::' after leading whitespace.
    return [line for line in lines if line.lstrip().startswith("::")]


def test_escaping_matches_the_actions_toolkit() -> None:
    assert github.escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert github.escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"


def test_annotation_format() -> None:
    (first, summary) = render(scan(finding(line=4, remediation="Pass a list.")))
    assert (
        first == "::error file=app.py,line=4,endLine=5,col=5,title=HIGH B602%3A shell::shell=True%0AFix: Pass a list."
    )
    assert summary == "gatekeeper: FAILED: 1 blocking at or above high; 1 finding(s)"


def test_levels_follow_the_gate() -> None:
    lines = render(
        scan(
            finding(Severity.CRITICAL, index=1),
            finding(Severity.MEDIUM, line=2, index=2),
            finding(Severity.LOW, line=3, index=3),
        )
    )
    assert [line.split(" ", 1)[0] for line in commands(lines)] == ["::error", "::warning", "::notice"]


def test_hostile_message_and_path_cannot_inject_commands() -> None:
    hostile = finding(
        message="x\n::set-output name=exit-code::0\r\n::stop-commands::t\n##[set-output name=a;]b %0A",
        path="we,ird:dir/%0A.py",
        title="t::\n::error::",
    )
    lines = render(scan(hostile))
    assert len(lines) == 2
    (line,) = commands(lines)
    assert line.startswith("::error file=we%2Cird%3Adir/%250A.py,line=1,")
    assert "title=HIGH B602%3A t%3A%3A%0A%3A%3Aerror%3A%3A::" in line
    assert line.endswith(
        "::x%0A::set-output name=exit-code::0%0D%0A::stop-commands::t%0A#\u200b#[set-output name=a;]b %250A"
    )
    assert "##[" not in "\n".join(lines)


def test_only_ten_annotations_most_important_first_and_the_rest_listed() -> None:
    findings = [finding(Severity.LOW, line=i + 1, index=i) for i in range(8)]
    findings += [finding(Severity.CRITICAL, line=100 + i, index=100 + i) for i in range(3)]
    findings += [
        finding(Severity.MEDIUM, line=200 + i, index=200 + i, message="line one\n##[error]two") for i in range(2)
    ]
    lines = render(scan(*findings))
    annotations = commands(lines)
    assert len(annotations) == 10
    assert [a.split(" ", 1)[0] for a in annotations[:5]] == ["::error"] * 3 + ["::warning"] * 2
    rest = [line for line in lines if line not in annotations]
    assert rest[0] == (
        "gatekeeper: 3 more finding(s) not annotated (GitHub shows 10 annotations per step); "
        "all findings are in the job summary:"
    )
    assert [r.split()[1] for r in rest[1:4]] == ["LOW"] * 3
    assert all(not r.lstrip().startswith("::") and "##[" not in r for r in rest)


def test_scan_errors_are_annotated_first_and_count_toward_the_limit() -> None:
    broken = (ScannerResult("bandit", "1", errors=("bandit timed out after 5s\n::error::x",)),)
    lines = render(scan(*[finding(line=i + 1, index=i) for i in range(12)], scanners=broken))
    annotations = commands(lines)
    assert annotations[0] == "::error title=gatekeeper%3A scan incomplete::bandit timed out after 5s%0A::error::x"
    assert len(annotations) == 10
    assert lines[-1] == "gatekeeper: ERROR: scan incomplete; 12 finding(s)"


def test_suppressed_findings_are_not_annotated() -> None:
    waived = finding(index=1, properties=(("suppression", {"kind": "waiver", "justification": "ok"}),))
    result = scan(waived)
    outcome = verdict(result, Policy())
    text = github.render(result, type(outcome)(0, (), ()), Policy())
    assert commands(text.splitlines()) == []
    assert text.splitlines()[-1] == "gatekeeper: PASSED: 1 finding(s); none blocking at or above high"


def test_file_level_finding_has_no_line() -> None:
    (line, _summary) = render(scan(finding(line=0)))
    assert line.startswith("::error file=app.py,title=")


@pytest.mark.slow
def test_cli_format_github(vulnerable_tree: Path) -> None:
    assert renderer("github") is github.render
    proc = run_cli("scan", ".", "--format", "github", cwd=vulnerable_tree)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("::error file=app.py,line=")
    assert lines[-1].startswith("gatekeeper: FAILED: ")


@pytest.mark.slow
def test_cli_format_github_clean(clean_tree: Path) -> None:
    proc = run_cli("scan", ".", "--format", "github", cwd=clean_tree)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["gatekeeper: PASSED: 0 finding(s); none blocking at or above high"]
