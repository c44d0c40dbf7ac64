from __future__ import annotations

from dataclasses import replace

from gatekeeper.config import Policy, Scope, Thresholds
from gatekeeper.coverage import Coverage, KindCoverage
from gatekeeper.findings import Finding, Location, Severity
from gatekeeper.gate import EXIT_ERROR, EXIT_PASSED, EXIT_VIOLATION, rules, verdict
from gatekeeper.policy.state import REFUSED, SUPPRESSION
from gatekeeper.result import ScanMetadata, ScanResult, WaiverState, WaiverStatus
from gatekeeper.scanners.base import ScannerResult, SkippedFile

META = ScanMetadata("0", ".", None, "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", "sha256:" + "0" * 64)


SEMGREP = ScannerResult("semgrep", "1", scanned=("a.py",))


def result(*severities: Severity, scanners: tuple[ScannerResult, ...] = (SEMGREP,)) -> ScanResult:
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
    broken = (
        ScannerResult("semgrep", "1"),
        ScannerResult("bandit", "unavailable", errors=("bandit is not installed",)),
    )
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


# -- policy as code: every kind of threshold, and what the policy stage accepted ------------------


def finding(
    severity: Severity,
    index: int = 0,
    path: str = "a.py",
    controls: tuple[str, ...] = (),
    properties: tuple[tuple[str, object], ...] = (),
) -> Finding:
    return Finding(
        "r",
        "t",
        "m",
        severity,
        Location(path, index + 1),
        ("semgrep",),
        fingerprint=f"{index:032x}:0",
        controls=controls,
        properties=properties,
    )


def judged(*findings: Finding, waivers: tuple[WaiverState, ...] = ()) -> ScanResult:
    return ScanResult(META, findings, (SEMGREP,), ("a.py",), (), waivers=waivers)


def test_framework_threshold_fails_mapped_findings_below_the_global_one() -> None:
    policy = Policy(frameworks=(("pci-dss", Severity.MEDIUM),))
    mapped = finding(Severity.MEDIUM, 0, controls=("pci-dss:6.2.4",))
    unmapped = finding(Severity.MEDIUM, 1, controls=("soc2:CC7.1",))
    outcome = verdict(judged(mapped, unmapped), policy)
    assert outcome.exit_code == EXIT_VIOLATION
    assert outcome.blocking == (mapped.fingerprint,)
    assert outcome.reasons == ("1 finding(s) mapped to pci-dss at or above medium",)
    assert verdict(judged(unmapped), policy).exit_code == EXIT_PASSED


def test_control_threshold_fails_only_that_controls_findings() -> None:
    policy = Policy(controls=(("pci-dss:6.2.4", Severity.LOW),))
    assert verdict(judged(finding(Severity.LOW, controls=("pci-dss:6.2.4",))), policy).reasons == (
        "1 finding(s) mapped to pci-dss:6.2.4 at or above low",
    )
    assert verdict(judged(finding(Severity.MEDIUM, controls=("pci-dss:6.3.3",))), policy).exit_code == EXIT_PASSED


def test_scope_thresholds_apply_inside_its_paths_only() -> None:
    cde = Scope("cde", ("payments/",), Thresholds(Severity.MEDIUM, (), (("pci-dss:6.2.4", Severity.LOW),)))
    policy = Policy(scopes=(cde,))
    inside = finding(Severity.MEDIUM, 0, path="payments/charge.py")
    outside = finding(Severity.MEDIUM, 1, path="tools/report.py")
    low_mapped = finding(Severity.LOW, 2, path="payments/refund.py", controls=("pci-dss:6.2.4",))
    outcome = verdict(judged(inside, outside, low_mapped), policy)
    assert outcome.blocking == (inside.fingerprint, low_mapped.fingerprint)
    assert outcome.reasons == (
        "1 finding(s) in scope cde at or above medium",
        "1 finding(s) in scope cde mapped to pci-dss:6.2.4 at or above low",
    )


def test_a_scope_or_control_cannot_loosen_the_global_threshold() -> None:
    loose = Scope("legacy", ("old/",), Thresholds(Severity.CRITICAL))
    policy = Policy(fail_on=Severity.HIGH, controls=(("pci-dss:6.2.4", Severity.CRITICAL),), scopes=(loose,))
    high = finding(Severity.HIGH, path="old/x.py", controls=("pci-dss:6.2.4",))
    outcome = verdict(judged(high), policy)
    assert outcome.exit_code == EXIT_VIOLATION and outcome.reasons == ("1 finding(s) at or above high",)


def test_rules_are_listed_in_attribution_order() -> None:
    cde = Scope("cde", ("p/",), Thresholds(Severity.LOW, (("soc2", Severity.INFO),)))
    policy = Policy(frameworks=(("pci-dss", Severity.MEDIUM),), controls=(("soc2:CC7.1", Severity.LOW),), scopes=(cde,))
    assert [r.label for r in rules(policy)] == [
        "at or above high",
        "mapped to pci-dss at or above medium",
        "mapped to soc2:CC7.1 at or above low",
        "in scope cde at or above low",
        "in scope cde mapped to soc2 at or above info",
    ]


def test_suppressed_findings_are_reported_but_never_block() -> None:
    for kind in ("waiver", "inline", "baseline"):
        accepted = finding(Severity.CRITICAL, properties=((SUPPRESSION, {"kind": kind, "justification": "ok"}),))
        outcome = verdict(judged(accepted), Policy())
        assert outcome.exit_code == EXIT_PASSED and outcome.blocking == (), kind


def test_suppression_does_not_excuse_an_incomplete_scan() -> None:
    accepted = finding(Severity.LOW, properties=((SUPPRESSION, {"kind": "waiver", "justification": "ok"}),))
    broken = ScanResult(META, (accepted,), (ScannerResult("bandit", "1", errors=("bandit crashed",)),), (), ())
    assert verdict(broken, Policy()).exit_code == EXIT_ERROR


def test_a_lapsed_waiver_is_named_where_its_findings_block_again() -> None:
    blocked = finding(Severity.HIGH)
    expired = WaiverState(
        "PAY-1",
        WaiverStatus.EXPIRED,
        "rule r",
        "rule",
        "r",
        (),
        "why",
        "team",
        None,
        "2026-01-01",
        None,
        (blocked.fingerprint,),
        "expired on 2026-01-01: it waives nothing now",
        ".gatekeeper.yml:9",
    )
    outcome = verdict(judged(blocked, waivers=(expired,)), Policy())
    assert outcome.exit_code == EXIT_VIOLATION
    assert (
        outcome.reasons[1] == "waiver PAY-1 (.gatekeeper.yml:9) expired on 2026-01-01; 1 blocking finding(s) it matches"
    )


def test_a_refused_inline_suppression_is_named_in_the_reasons() -> None:
    refused = finding(
        Severity.HIGH, properties=((REFUSED, {"form": "nosec", "line": 1, "refused": "no reason given"}),)
    )
    outcome = verdict(judged(refused), Policy())
    assert outcome.reasons == ("1 finding(s) at or above high", "inline suppression at a.py:1 refused: no reason given")


def test_a_scan_of_nothing_is_an_error() -> None:
    empty = ScanResult(META, (), (SEMGREP,), (), ())
    outcome = verdict(empty, Policy())
    assert outcome.exit_code == EXIT_ERROR
    assert outcome.reasons[0].startswith("nothing to scan: . holds no file in scope")


def test_named_files_all_left_out_is_an_error() -> None:
    left = ScanResult(
        META, (), (SEMGREP,), (), (SkippedFile("link.py", "symbolic link to a file outside the scan root"),)
    )
    outcome = verdict(left, Policy(allow_partial=True))
    assert outcome.exit_code == EXIT_ERROR
    assert outcome.reasons == (
        "nothing to scan: all 1 file(s) were left out, e.g. link.py (symbolic link to a file outside the scan root)",
    )


def test_files_that_no_scanner_read_are_an_error() -> None:
    unread = ScanResult(META, (), (ScannerResult("semgrep", "1"), ScannerResult("bandit", "1")), ("logo.png",), ())
    outcome = verdict(unread, Policy())
    assert outcome.exit_code == EXIT_ERROR
    assert outcome.reasons == ("no file was analysed: none of the 1 file(s) in scope is one that semgrep, bandit read",)


def test_unsupported_files_warn_by_default_and_fail_when_the_policy_says_error() -> None:
    coverage = Coverage(
        (
            KindCoverage("javascript", 0, ("web/a.js", "web/b.js"), (), ("web/a.js", "web/b.js")),
            KindCoverage("npm-lock", 0, ("web/package-lock.json",), (), ("web/package-lock.json",)),
        )
    )
    scan = replace(result(), coverage=coverage)
    warned = verdict(scan, Policy())
    assert warned.exit_code == EXIT_PASSED
    assert warned.qualifier == " (partial coverage: 2 JavaScript/TypeScript files, 1 npm lock file not analysed)"
    refused = verdict(scan, Policy(coverage_unsupported="error"))
    assert refused.exit_code == EXIT_ERROR
    assert refused.reasons == (
        "coverage.unsupported is error: 2 JavaScript/TypeScript files, 1 npm lock file not analysed by any scanner",
    )
    # Files whose scanner merely did not run are not "unsupported": the policy chose that.
    disabled = replace(result(), coverage=Coverage((KindCoverage("python", 0, ("a.py",), ()),)))
    assert verdict(disabled, Policy(coverage_unsupported="error")).exit_code == EXIT_PASSED
