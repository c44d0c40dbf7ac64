"""Control status as a pure function of the scan result and the policy."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from gatekeeper.compliance.catalog import Control
from gatekeeper.compliance.evidence import SourceStateKind
from gatekeeper.compliance.status import Status, assess
from gatekeeper.config import Policy
from gatekeeper.coverage import account
from gatekeeper.findings import Severity
from gatekeeper.result import ScanResult
from gatekeeper.scanners.base import Component, ScannerResult
from tests.compliance.factory import ALL_SCANNERS, ANALYSES, READS, finding, result, scanner

SQLI = finding("python-sql-injection", cwe=("CWE-89",), severity=Severity.HIGH, index=1)
TLS = finding("python-tls-verification-disabled", cwe=("CWE-295",), severity=Severity.HIGH, line=20, index=2)


def status(scan, ref: str, policy: Policy | None = None, **kwargs) -> Status:  # type: ignore[no-untyped-def]
    return assess(scan, policy or Policy(), **kwargs).control(ref).status


def test_a_finding_at_or_above_the_threshold_fails_its_controls() -> None:
    scan = result([SQLI])
    assessment = assess(scan, Policy())
    failing = assessment.control("pci-dss:6.2.4")
    assert failing.status is Status.FAILING
    assert [f.fingerprint for f in failing.failing] == [scan.findings[0].fingerprint]
    assert "1 finding at or above high" in failing.reason
    assert assessment.control("soc2:CC8.1").status is Status.FAILING


def test_a_complete_clean_source_passes_the_controls_that_need_it() -> None:
    assessment = assess(result([]), Policy())
    passing = assessment.control("pci-dss:6.2.4")
    assert passing.status is Status.PASSING
    assert [s.source.id for s in passing.sources] == ["sast"]
    assert passing.reason.startswith("Evidence complete: examined 1 file (sast)")


def test_findings_below_the_threshold_do_not_fail_but_are_evidence() -> None:
    low = finding(severity=Severity.LOW, index=3)
    assessment = assess(result([low]), Policy(fail_on=Severity.HIGH))
    control = assessment.control("pci-dss:6.2.4")
    assert control.status is Status.PASSING
    assert len(control.findings) == 1 and control.failing == ()
    assert "(1 below)" in control.reason
    assert status(result([low]), "pci-dss:6.2.4", Policy(fail_on=Severity.LOW)) is Status.FAILING


def test_controls_no_scan_can_show_are_not_assessed() -> None:
    assessment = assess(result([]), Policy())
    manual = assessment.control("pci-dss:9.4.1")
    assert manual.status is Status.NOT_ASSESSED
    assert "manual evidence" in manual.reason
    # Fail-only controls: automation can fail them but never show them passing.
    fail_only = assessment.control("pci-dss:8.3.1")
    assert fail_only.control.automated and not fail_only.control.evidence
    assert fail_only.status is Status.NOT_ASSESSED


@pytest.mark.parametrize(
    ("broken", "kind", "words"),
    [
        (
            scanner("bandit", errors=["bandit exited with code 2: boom"]),
            SourceStateKind.FAILED,
            "bandit failed: bandit exited with code 2: boom",
        ),
        (
            scanner("bandit", skipped=["broken.py"]),
            SourceStateKind.INCOMPLETE,
            "bandit could not scan 1 file(s), e.g. broken.py (parse error)",
        ),
        (None, SourceStateKind.NOT_RUN, "bandit was not run"),
    ],
)
def test_lost_evidence_is_never_shown_as_passing(broken, kind: SourceStateKind, words: str) -> None:  # type: ignore[no-untyped-def]
    scanners = [scanner(n) for n in ALL_SCANNERS if n != "bandit"] + ([broken] if broken else [])
    assessment = assess(result([], scanners), Policy())
    control = assessment.control("pci-dss:6.2.4")
    assert control.status is Status.NOT_ASSESSED
    assert control.sources[0].state is kind
    assert control.sources[0].detail == words  # the whole story, for the evidence table
    assert control.reason == f"Evidence incomplete: {words} (sast)"  # names the scanner and the cause
    assert control.summary == f"Evidence incomplete: {words.split(':')[0].split(', e.g.')[0]} (sast)"
    # Other sources are unaffected: the dependency controls still pass.
    assert assessment.control("pci-dss:6.3.3").status is Status.PASSING
    assert not any(c.status is Status.PASSING and "sast" in c.control.evidence for c in assessment.controls)


def test_a_failing_finding_still_fails_its_control_when_other_evidence_is_lost() -> None:
    scanners = [scanner(n) for n in ALL_SCANNERS if n != "bandit"]
    assert status(result([SQLI], scanners), "pci-dss:6.2.4") is Status.FAILING


def test_a_scanner_that_does_not_exist_yet_leaves_its_sources_not_assessed() -> None:
    scanners = [scanner(n) for n in ALL_SCANNERS if n != "terraform"]
    assessment = assess(result([], scanners), Policy())
    config = next(s for s in assessment.sources if s.source.id == "config")
    assert config.state is SourceStateKind.NOT_RUN and "terraform was not run" in config.detail
    assert assessment.control("soc2:CC6.6").status is Status.NOT_ASSESSED
    # A control needing both sast and config is only as assessed as its weakest source.
    assert assessment.control("pci-dss:4.2.1").status is Status.NOT_ASSESSED


def test_sbom_evidence_is_the_dependency_scanner_completing() -> None:
    assert status(result([]), "pci-dss:6.3.2") is Status.PASSING
    failed = [scanner(n) for n in ALL_SCANNERS if n != "dependencies"] + [
        scanner("dependencies", errors=["no advisory data"])
    ]
    assert status(result([], failed), "pci-dss:6.3.2") is Status.NOT_ASSESSED
    unpinned = finding("dependency-unpinned", scanner="dependencies", cwe=(), path="requirements.txt", index=4)
    assert status(result([unpinned]), "pci-dss:6.3.2") is Status.FAILING


def test_waived_when_every_failing_finding_is_waived_and_evidence_is_complete() -> None:
    scan = result([SQLI, TLS])
    every = {f.fingerprint for f in scan.findings}
    assessment = assess(scan, Policy(), waived=lambda f: f.fingerprint in every)
    control = assessment.control("pci-dss:6.2.4")
    assert control.status is Status.WAIVED
    assert len(control.waived) == 2 and control.failing == ()
    assert "all waived" in control.reason
    # One unwaived finding is enough to fail it.
    sqli_only = {scan.findings[0].fingerprint}
    partly = assess(scan, Policy(), waived=lambda f: f.fingerprint in sqli_only).control("pci-dss:6.2.4")
    assert partly.status is Status.FAILING and "1 waived" in partly.reason
    # Waived findings do not make lost evidence look better.
    scanners = [scanner(n) for n in ALL_SCANNERS if n != "bandit"]
    incomplete = assess(result([SQLI, TLS], scanners), Policy(), waived=lambda f: True)
    assert incomplete.control("pci-dss:6.2.4").status is Status.NOT_ASSESSED


def test_nothing_is_waived_by_default() -> None:
    assert status(result([SQLI]), "pci-dss:6.2.4") is Status.FAILING


def test_a_per_control_threshold_plugs_in() -> None:
    medium = finding(severity=Severity.MEDIUM, index=5)

    def strict_on_624(control: Control) -> Severity:
        return Severity.MEDIUM if control.ref == "pci-dss:6.2.4" else Severity.CRITICAL

    assessment = assess(result([medium]), Policy(), threshold=strict_on_624)
    assert assessment.control("pci-dss:6.2.4").status is Status.FAILING
    assert assessment.control("pci-dss:6.2.3").status is Status.PASSING
    assert assessment.control("pci-dss:6.2.3").threshold is Severity.CRITICAL


def test_6_2_4_groups_its_findings_by_attack_family() -> None:
    yaml_load = finding("python-unsafe-yaml-load", cwe=("CWE-502",), line=30, index=6)
    control = assess(result([SQLI, TLS, yaml_load]), Policy()).control("pci-dss:6.2.4")
    counts = {family.id: len(found) for family, found in control.families}
    assert counts == {
        "injection": 1,
        "data-structures": 1,
        "cryptography": 1,
        "business-logic": 0,
        "access-control": 0,
        "high-risk": 0,
    }


def test_summary_counts_add_up_and_the_function_is_pure() -> None:
    scan = result([SQLI])
    first, second = assess(scan, Policy()), assess(scan, Policy())
    assert first.to_dict() == second.to_dict()
    for framework in first.frameworks:
        assert sum(framework.counts.values()) == len(framework.controls)
    section = first.to_dict()
    pci = section["frameworks"][0]
    assert pci["summary"]["failing"] == sum(1 for c in pci["controls"] if c["status"] == "failing")
    row = next(c for c in pci["controls"] if c["ref"] == "pci-dss:6.2.4")
    assert row["failing"] == [scan.findings[0].fingerprint]
    assert row["families"]["injection"] == [scan.findings[0].fingerprint]


def _tree(files: tuple[str, ...], scanners: list[ScannerResult]) -> ScanResult:
    return replace(result([], scanners), files=files, coverage=account(Path("/nonexistent"), files, scanners, ANALYSES))


def test_a_control_whose_evidence_examined_nothing_relevant_is_not_applicable() -> None:
    # A tree with Python code only: nothing declares network rules, nothing declares dependencies.
    scanners = [scanner(n) for n in ALL_SCANNERS]
    scan = _tree(
        ("app.py",),
        [replace(s, scanned=("app.py",) if s.scanner in ("semgrep", "bandit", "secrets") else ()) for s in scanners],
    )
    assessment = assess(scan, Policy())
    for ref in ("pci-dss:1.2.5", "pci-dss:1.4.4", "pci-dss:6.3.1", "pci-dss:6.3.2", "pci-dss:6.3.3", "pci-dss:11.3.1"):
        control = assessment.control(ref)
        assert control.status is Status.NOT_APPLICABLE, ref
    assert assessment.control("pci-dss:1.2.5").reason == (
        "Nothing in scope for this control: no infrastructure code that declares network rules "
        "(Terraform, CloudFormation, Azure templates) in scope (config)."
    )
    sast = assessment.control("pci-dss:6.2.4")
    assert sast.status is Status.PASSING and sast.examined[0].files == 1
    # Every passing control examined something of its own kind.
    assert all(any(e.relevant for e in c.examined) for c in assessment.controls if c.status is Status.PASSING)


def test_a_finding_makes_a_control_applicable() -> None:
    # A Terraform finding in a tree the terraform scanner did not list still fails the control.
    open_port = finding("tf-aws-security-group-open-ingress", scanner="terraform", cwe=("CWE-284",), path="main.tf")
    scanners = [replace(s, scanned=()) if s.scanner == "terraform" else s for s in (scanner(n) for n in ALL_SCANNERS)]
    assert status(result([open_port], scanners), "pci-dss:1.2.5") is Status.FAILING


def test_relevant_files_nothing_analysed_leave_the_control_not_assessed() -> None:
    files = ("app.py", "src/Pay.java", "pom.xml", "requirements.txt")
    scanners = [
        replace(scanner(n), scanned=tuple(p for p in READS[n] if p in files) if n != "secrets" else files)
        for n in ALL_SCANNERS
    ]
    assessment = assess(_tree(files, scanners), Policy())
    sast = assessment.control("pci-dss:6.2.4")
    assert sast.status is Status.NOT_ASSESSED
    assert sast.summary == "Not covered: 1 Java/Kotlin file (sast)"
    assert "src/Pay.java" in sast.reason
    deps = assessment.control("pci-dss:6.3.3")
    assert deps.status is Status.NOT_ASSESSED and deps.examined[0].not_covered == ("pom.xml",)


def test_components_with_no_known_version_leave_vulnerability_controls_not_assessed() -> None:
    unpinned = Component("flask", None, "pkg:pypi/flask", "requirements.txt", 1)
    pinned = Component("requests", "2.31.0", "pkg:pypi/requests@2.31.0", "requirements.txt", 2)
    scanners = [scanner(n, inventory=(unpinned, pinned)) if n == "dependencies" else scanner(n) for n in ALL_SCANNERS]
    assessment = assess(result([], scanners), Policy())
    control = assessment.control("pci-dss:6.3.3")
    assert control.status is Status.NOT_ASSESSED
    assert control.reason == (
        "1 component with no known version (dependencies): unpinned or unresolved, so no "
        "advisory can be matched to them: flask (requirements.txt)."
    )
    assert control.examined[0].components == 2
    # The inventory itself still lists both.
    assert assessment.control("pci-dss:6.3.2").status is Status.PASSING
