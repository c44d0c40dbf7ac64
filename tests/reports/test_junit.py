from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from gatekeeper.compliance.status import Status, assess
from gatekeeper.config import Policy
from gatekeeper.findings import Finding, Location, Severity
from gatekeeper.gate import verdict
from gatekeeper.reports import junit, renderer
from gatekeeper.result import ScanMetadata, ScanResult
from gatekeeper.scanners.base import ScannerResult, SkippedFile
from tests.conftest import run_cli

META = ScanMetadata("0.1.0", ".", None, "2026-03-04T05:06:07Z", "2026-03-04T05:06:09Z", "sha256:" + "0" * 64)
HOSTILE = 'a <b> & "c" ]]> \x00\x01\x08\x0b\x0c\x1b[31m \x85 \ud800 \ufffe ok'


def finding(severity: Severity = Severity.HIGH, line: int = 1, index: int = 0, **extra: object) -> Finding:
    values: dict[str, object] = {
        "rule_id": "python-sql-injection",
        "title": "SQL injection",
        "message": "Query built from request data",
        "controls": ("pci-dss:6.2.4",),
        "fingerprint": f"{index:032x}:0",
    }
    values.update(extra)
    return Finding(
        severity=severity, location=Location(str(values.pop("path", "app.py")), line), scanners=("semgrep",), **values
    )  # type: ignore[arg-type]


def scan(
    *findings: Finding, scanners: tuple[ScannerResult, ...] = (ScannerResult("semgrep", "1", scanned=("app.py",)),)
) -> ScanResult:
    return ScanResult(META, tuple(sorted(findings, key=lambda f: f.sort_key)), scanners, ("app.py",), ())


def render(result: ScanResult, policy: Policy = Policy()) -> ET.Element:
    text = junit.render(result, verdict(result, policy), policy)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def suite(root: ET.Element, name: str) -> ET.Element:
    (found,) = [s for s in root.findall("testsuite") if s.get("name") == f"gatekeeper.{name}"]
    return found


def cases(root: ET.Element, name: str) -> dict[tuple[str, str], ET.Element]:
    return {(c.get("classname", ""), c.get("name", "")): c for c in suite(root, name).findall("testcase")}


def test_registered() -> None:
    result = scan()
    assert renderer("junit")(result, verdict(result, Policy()), Policy()) == junit.render(
        result, verdict(result, Policy()), Policy()
    )


def test_suites_are_shaped_for_the_ant_schema() -> None:
    root = render(scan(finding()))
    assert root.tag == "testsuites" and not root.attrib
    assert [s.get("name") for s in root] == ["gatekeeper.controls", "gatekeeper.findings", "gatekeeper.scanners"]
    for index, element in enumerate(root):
        assert element.get("id") == str(index) and element.get("package") == "gatekeeper"
        assert element.get("timestamp") == "2026-03-04T05:06:07" and element.get("hostname") == "localhost"
        assert [child.tag for child in element][0] == "properties"
        assert [child.tag for child in element][-2:] == ["system-out", "system-err"]
    assert suite(root, "controls").get("time") == "2.000"
    props = {p.get("name"): p.get("value") for p in suite(root, "controls").find("properties") or []}
    assert props["gatekeeper.verdict"] == "failed" and props["scanner.semgrep.version"] == "1"


SAST = (ScannerResult("bandit", "1", scanned=("app.py",)), ScannerResult("semgrep", "1", scanned=("app.py",)))


def control_case(root: ET.Element, framework: str, control_id: str) -> ET.Element:
    (found,) = [
        c
        for (classname, name), c in cases(root, "controls").items()
        if classname == f"gatekeeper.controls.{framework}" and name.startswith(control_id + " ")
    ]
    return found


def test_one_case_per_catalog_control() -> None:
    result = scan(scanners=SAST)
    root = render(result)
    assessment = assess(result, Policy())
    assert int(suite(root, "controls").get("tests") or 0) == len(assessment.controls) > 0
    statuses = {c.control.ref: c.status for c in assessment.controls}
    skipped = sum(1 for c in suite(root, "controls").findall("testcase") if c.find("skipped") is not None)
    assert skipped == sum(1 for s in statuses.values() if s in (Status.NOT_ASSESSED, Status.NOT_APPLICABLE))


def test_failing_control_lists_its_blocking_findings() -> None:
    root = render(
        scan(
            finding(index=1, line=3),
            finding(Severity.LOW, index=2, line=9),
            finding(index=3, line=20, controls=("soc2:CC7.1",)),
            scanners=SAST,
        )
    )
    failure = control_case(root, "pci-dss", "6.2.4").find("failure")
    assert failure is not None and failure.get("type") == "failing"
    assert (failure.get("message") or "").startswith("pci-dss:6.2.4: 1 finding at or above high")
    assert "app.py:3" in (failure.text or "") and "app.py:9" not in (failure.text or "")
    assert control_case(root, "soc2", "CC7.1").find("failure") is not None
    assert suite(root, "controls").get("failures") == "2"


def test_control_with_only_low_findings_and_complete_evidence_passes() -> None:
    root = render(scan(finding(Severity.LOW), scanners=SAST))
    assert list(control_case(root, "pci-dss", "6.2.4")) == []


def test_incomplete_evidence_leaves_the_control_not_assessed() -> None:
    broken = (ScannerResult("bandit", "1"), ScannerResult("semgrep", "1", errors=("semgrep timed out after 5s",)))
    root = render(scan(finding(Severity.LOW), scanners=broken))
    skipped = control_case(root, "pci-dss", "6.2.4").find("skipped")
    assert skipped is not None
    assert (skipped.get("message") or "").startswith("not assessed: Evidence incomplete: ")
    assert "semgrep timed out after 5s" in (skipped.get("message") or "")


def test_manual_controls_are_not_assessed() -> None:
    root = render(scan(scanners=SAST))
    skipped = control_case(root, "pci-dss", "1.1.1").find("skipped")
    assert skipped is not None and "manual evidence" in (skipped.get("message") or "")


def test_findings_at_or_above_threshold_are_cases() -> None:
    waived = finding(
        index=2, line=5, properties=(("suppression", {"kind": "waiver", "justification": "WAF rule, JIRA-7"}),)
    )
    result = scan(finding(index=1, line=3), waived, finding(Severity.MEDIUM, index=3, line=7))
    # The gate, not the reporter, decides what blocks: here the waiver is honoured.
    outcome = replace(verdict(result, Policy()), blocking=(f"{1:032x}:0",))
    root = ET.fromstring(junit.render(result, outcome, Policy()))
    found = cases(root, "findings")
    assert set(found) == {
        ("gatekeeper.findings.python-sql-injection", "app.py:3"),
        ("gatekeeper.findings.python-sql-injection", "app.py:5"),
    }
    failure = found[("gatekeeper.findings.python-sql-injection", "app.py:3")].find("failure")
    assert failure is not None and failure.get("type") == "high"
    assert failure.get("message") == "Query built from request data"
    assert f"fingerprint: {1:032x}:0" in (failure.text or "")
    skipped = found[("gatekeeper.findings.python-sql-injection", "app.py:5")].find("skipped")
    assert skipped is not None and skipped.get("message") == "waiver: WAF rule, JIRA-7"


def test_lower_threshold_adds_cases() -> None:
    result = scan(finding(Severity.MEDIUM))
    assert len(cases(render(result, Policy(fail_on=Severity.HIGH)), "findings")) == 0
    assert len(cases(render(result, Policy(fail_on=Severity.MEDIUM)), "findings")) == 1


def test_scanner_errors_and_lost_coverage_are_errors() -> None:
    scanners = (
        ScannerResult("bandit", "1", errors=("bandit was killed by SIGKILL",)),
        ScannerResult("semgrep", "1", skipped=(SkippedFile("x.py", "parse error"),)),
        ScannerResult("dependencies", "1"),
    )
    root = render(scan(scanners=scanners))
    found = cases(root, "scanners")
    assert found[("gatekeeper.scanners", "bandit")].find("error").get("message") == "bandit was killed by SIGKILL"
    assert found[("gatekeeper.scanners", "semgrep")].find("error").get("type") == "coverage-lost"
    assert list(found[("gatekeeper.scanners", "dependencies")]) == []
    assert suite(root, "scanners").get("errors") == "2"


def test_hostile_text_is_escaped_and_forbidden_characters_stripped() -> None:
    hostile = finding(message=HOSTILE, rule_id="rule.with dots", path="a&b<c>.py", controls=("pci-dss:6.2.4 <x>",))
    text = junit.render(scan(hostile), verdict(scan(hostile), Policy()), Policy())
    root = ET.fromstring(text.encode("utf-8"))  # a parser accepts it: escaping and stripping are right
    (case,) = suite(root, "findings").findall("testcase")
    assert case.get("classname") == "gatekeeper.findings.rule_with_dots"
    assert case.get("name") == "a&b<c>.py:1"
    failure = case.find("failure")
    assert failure is not None
    message = failure.get("message") or ""
    assert message.startswith('a <b> & "c" ]]>') and message.endswith("ok")
    for forbidden in ("\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x85", "\ud800", "\ufffe"):
        assert forbidden not in text
    assert "a <b> &" in (failure.text or "")


# Real data: the JUnit schema from ../shared, located through GATEKEEPER_TEST_SCHEMAS.


@pytest.fixture(scope="module")
def junit_schema():  # type: ignore[no-untyped-def]
    base = os.environ.get("GATEKEEPER_TEST_SCHEMAS")
    if not base:
        pytest.skip("GATEKEEPER_TEST_SCHEMAS is not set (directory holding junit.xsd)")
    path = Path(base) / "junit.xsd"
    assert path.is_file(), f"GATEKEEPER_TEST_SCHEMAS is set but {path} does not exist"
    import xmlschema

    return xmlschema.XMLSchema(str(path))


@pytest.mark.slow
def test_rendered_junit_is_valid_against_the_schema(junit_schema) -> None:  # type: ignore[no-untyped-def]
    findings = (
        finding(index=1, message=HOSTILE),
        finding(index=2, line=4, path="a&b<c>.py"),
        finding(index=3, line=6, properties=(("suppression", {"kind": "inline"}),)),
    )
    scanners = (
        ScannerResult("bandit", "1", errors=("boom",)),
        ScannerResult("semgrep", "1", skipped=(SkippedFile("x.py", "t"),)),
    )
    for result in (scan(*findings), scan(*findings, scanners=scanners), scan()):
        junit_schema.validate(junit.render(result, verdict(result, Policy()), Policy()))


@pytest.mark.slow
def test_cli_junit_output_is_valid(junit_schema, vulnerable_tree: Path) -> None:  # type: ignore[no-untyped-def]
    out = vulnerable_tree / "gatekeeper.xml"
    proc = run_cli("scan", str(vulnerable_tree), "--output", f"junit={out}", "--quiet")
    assert proc.returncode == 1, proc.stderr
    junit_schema.validate(str(out))
    root = ET.parse(out).getroot()
    assert suite(root, "findings").get("failures") != "0"


def test_waived_control_passes_and_says_why() -> None:
    # The policy's suppression state (gatekeeper.policy.state) decides what counts as waived.
    waived = finding(
        index=2, line=5, properties=(("suppression", {"kind": "waiver", "justification": "WAF rule, JIRA-7"}),)
    )
    root = render(scan(waived, scanners=SAST))
    assert list(control_case(root, "pci-dss", "6.2.4")) == []
    note = suite(root, "controls").find("system-out").text or ""
    assert "pci-dss:6.2.4 waived: 1 finding at or above high" in note
    assert "app.py:5" in note and "waived: WAF rule, JIRA-7" in note


def test_baselined_finding_is_skipped_naming_the_baseline() -> None:
    accepted = finding(index=1, properties=(("suppression", {"kind": "baseline", "baseline": "base.json"}),))
    result = scan(accepted)
    outcome = replace(verdict(result, Policy()), blocking=())
    root = ET.fromstring(junit.render(result, outcome, Policy()))
    (case,) = suite(root, "findings").findall("testcase")
    assert case.find("skipped").get("message") == "baseline: base.json"
