from __future__ import annotations

from gatekeeper.config import Policy
from gatekeeper.findings import Finding, Location, Severity
from gatekeeper.gate import EXIT_ERROR, EXIT_PASSED, EXIT_VIOLATION, verdict
from gatekeeper.result import ScanMetadata, ScanResult
from gatekeeper.scanners.base import ScannerResult, SkippedFile

META = ScanMetadata("0", ".", None, "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", "sha256:" + "0" * 64)


def result(*severities: Severity, scanners: tuple[ScannerResult, ...] = (ScannerResult("semgrep", "1"),)) -> ScanResult:
    findings = tuple(
        Finding("r", "t", "m", s, Location("a.py", i + 1), ("semgrep",), fingerprint=f"{i:032x}:0")
        for i, s in enumerate(severities)
    )
    return ScanResult(META, findings, scanners, ("a.py",), ())


def test_no_findings_passes() -> None:
    outcome = verdict(result(), Policy())
    assert outcome.exit_code == EXIT_PASSED and outcome.passed and outcome.status == "passed"


def test_findings_below_threshold_pass() -> None:
    assert verdict(result(Severity.MEDIUM, Severity.LOW), Policy(fail_on=Severity.HIGH)).exit_code == EXIT_PASSED


def test_finding_at_threshold_fails_and_is_listed() -> None:
    outcome = verdict(result(Severity.LOW, Severity.HIGH), Policy(fail_on=Severity.HIGH))
    assert outcome.exit_code == EXIT_VIOLATION
    assert outcome.blocking == (f"{1:032x}:0",)
    assert outcome.reasons == ("1 finding(s) at or above high",)


def test_lower_threshold_catches_more() -> None:
    assert verdict(result(Severity.LOW), Policy(fail_on=Severity.LOW)).exit_code == EXIT_VIOLATION


def test_scanner_error_is_exit_2_even_with_no_findings() -> None:
    broken = (ScannerResult("semgrep", "1"), ScannerResult("bandit", "unavailable", errors=("bandit is not installed",)))
    outcome = verdict(result(scanners=broken), Policy())
    assert outcome.exit_code == EXIT_ERROR
    assert outcome.reasons[0] == "bandit is not installed"


def test_lost_coverage_is_exit_2_and_names_the_file() -> None:
    partial = (ScannerResult("bandit", "1", skipped=(SkippedFile("new.py", "bandit: syntax error"),)),)
    outcome = verdict(result(scanners=partial), Policy())
    assert outcome.exit_code == EXIT_ERROR
    assert "new.py" in outcome.reasons[0]


def test_error_outranks_violation() -> None:
    broken = (ScannerResult("bandit", "1", errors=("bandit was killed by SIGKILL",)),)
    assert verdict(result(Severity.CRITICAL, scanners=broken), Policy()).exit_code == EXIT_ERROR


def test_allow_partial_judges_by_findings() -> None:
    broken = (ScannerResult("bandit", "1", errors=("bandit timed out after 5s",)),)
    assert verdict(result(scanners=broken), Policy(allow_partial=True)).exit_code == EXIT_PASSED
    assert verdict(result(Severity.HIGH, scanners=broken), Policy(allow_partial=True)).exit_code == EXIT_VIOLATION
