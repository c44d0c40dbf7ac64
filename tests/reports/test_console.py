from __future__ import annotations

from gatekeeper.config import Policy
from gatekeeper.findings import Finding, Location, Severity
from gatekeeper.gate import verdict
from gatekeeper.reports.console import render_text
from gatekeeper.result import ScanMetadata, ScanResult
from gatekeeper.scanners.base import ScannerResult

META = ScanMetadata("0.1.0", ".", None, "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", "sha256:" + "0" * 64)


def finding(severity: Severity, message: str = "bad thing", path: str = "app.py", line: int = 1) -> Finding:
    return Finding(
        "rule-x",
        "t",
        message,
        severity,
        Location(path, line),
        ("semgrep",),
        remediation="do the safe thing",
        fingerprint=f"{line:032x}:0",
    )


def render(
    *findings: Finding,
    scanners: tuple[ScannerResult, ...] = (ScannerResult("semgrep", "1.182.0", scanned=("app.py",)),),
) -> str:
    result = ScanResult(META, findings, scanners, ("app.py",), ())
    return render_text(result, verdict(result, Policy()), Policy())


def test_groups_by_severity_most_severe_first() -> None:
    text = render(finding(Severity.LOW, line=1), finding(Severity.CRITICAL, line=2), finding(Severity.HIGH, line=3))
    assert text.index("CRITICAL (1)") < text.index("HIGH (1)") < text.index("LOW (1)")
    assert "app.py:2  rule-x  [semgrep]" in text
    assert "fix: do the safe thing" in text


def test_summary_line_states_the_verdict() -> None:
    assert render().rstrip().splitlines()[-1] == "PASSED: 0 findings; none at or above high"
    last = render(finding(Severity.HIGH), finding(Severity.LOW, line=2)).rstrip().splitlines()[-1]
    assert last == "FAILED: 1 at or above high; 2 findings (1 high, 1 low)"


def test_errors_are_listed_and_summarised() -> None:
    text = render(scanners=(ScannerResult("bandit", "unavailable", errors=("bandit is not installed",)),))
    assert "error: bandit is not installed" in text
    assert text.rstrip().splitlines()[-1] == "ERROR: scan incomplete; 0 findings"


def test_terminal_escape_sequences_from_scanned_files_are_neutralised() -> None:
    hostile = finding(Severity.HIGH, message="evil \x1b]8;;http://x\x07link\x1b[2J", path="a\x1b[31m.py")
    text = render(hostile)
    assert "\x1b" not in text and "\x07" not in text
    assert "evil" in text


def test_rich_markup_in_messages_is_printed_literally() -> None:
    text = render(finding(Severity.HIGH, message="[bold red]not markup[/] [link=http://x]y[/link]"))
    assert "[bold red]not markup[/] [link=http://x]y[/link]" in text
