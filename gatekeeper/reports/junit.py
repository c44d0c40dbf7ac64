"""JUnit XML for CI test views (Jenkins, GitLab, Azure, CircleCI): controls and blocking findings as tests.

Three suites, so trends read naturally: `gatekeeper.controls` (one case per catalog control, with
the status gatekeeper.compliance assigns: failing is a failure listing its findings, not assessed and not applicable are
skipped, waived and passing pass, waivers noted in the suite's output), `gatekeeper.findings` (one case per
finding at or above the threshold: a failure when it blocks the gate, skipped when a waiver,
suppression or baseline lets it through) and `gatekeeper.scanners` (an error when a scanner
failed or lost files). Shape follows the Ant JUnit schema Jenkins-style consumers validate.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from typing import Any, Mapping

from gatekeeper.compliance.status import Assessment, Status, compliance_of, for_policy
from gatekeeper.config import Policy
from gatekeeper.findings import Finding
from gatekeeper.gate import Verdict
from gatekeeper.reports import sanitise
from gatekeeper.result import ScanResult

# Everything XML 1.0 forbids: C0 controls but tab/newline/CR, lone surrogates, U+FFFE/U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
SUPPRESSION_PROPERTY = "suppression"


def render(result: ScanResult, verdict: Verdict, policy: Policy) -> str:
    root = ET.Element("testsuites")
    timestamp = _timestamp(result.metadata.started_at)
    duration = _duration(result.metadata.started_at, result.metadata.finished_at)
    properties = _properties(result, verdict, policy)
    # The same assessment the JSON report records (gatekeeper.compliance.status).
    assessment = for_policy(result, policy)
    suites = [
        ("controls", _control_cases(assessment), _controls_note(assessment)),
        ("findings", _finding_cases(result, verdict, policy), ""),
        ("scanners", _scanner_cases(result), ""),
    ]
    for index, (name, cases, system_out) in enumerate(suites):
        suite = ET.SubElement(
            root,
            "testsuite",
            {
                "name": f"gatekeeper.{name}",
                "package": "gatekeeper",
                "id": str(index),
                "timestamp": timestamp,
                "hostname": "localhost",
                "tests": str(len(cases)),
                "failures": str(sum(1 for c in cases if c.find("failure") is not None)),
                "errors": str(sum(1 for c in cases if c.find("error") is not None)),
                "skipped": str(sum(1 for c in cases if c.find("skipped") is not None)),
                "time": duration if index == 0 else "0",
            },
        )
        props = ET.SubElement(suite, "properties")
        for key, value in properties if index == 0 else ():
            ET.SubElement(props, "property", {"name": key, "value": _xml(value)})
        suite.extend(cases)
        ET.SubElement(suite, "system-out").text = _xml(system_out)
        ET.SubElement(suite, "system-err").text = ""
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _control_cases(assessment: Assessment) -> list[ET.Element]:
    cases = []
    for framework in assessment.frameworks:
        for outcome in framework.controls:
            control = outcome.control
            case = _case(f"gatekeeper.controls.{_segment(framework.framework.id)}", f"{control.id} {control.title}")
            if outcome.status is Status.FAILING:
                message = _xml(f"{control.ref}: {outcome.reason}")
                failure = ET.SubElement(case, "failure", {"type": outcome.status.value, "message": message})
                failure.text = _xml("\n".join(_finding_line(f) for f in outcome.failing))
            elif outcome.status in (Status.NOT_ASSESSED, Status.NOT_APPLICABLE):
                # Neither passes: a CI's test view must not count them as green.
                ET.SubElement(case, "skipped", {"message": _xml(f"{outcome.status.label}: {outcome.reason}")})
            cases.append(case)
    return cases


def _controls_note(assessment: Assessment) -> str:
    """Waived controls pass; what waived them goes where a reader of the suite finds it."""
    lines = []
    for outcome in assessment.controls:
        if outcome.status is not Status.WAIVED:
            continue
        lines.append(f"{outcome.control.ref} waived: {outcome.reason}")
        for finding in outcome.waived:
            justification = _suppression(finding).get("justification")
            note = f" waived: {_one_line(str(justification))}" if justification else ""
            lines.append(f"  {_finding_line(finding)}{note}")
    return "\n".join(lines)


def _finding_cases(result: ScanResult, verdict: Verdict, policy: Policy) -> list[ET.Element]:
    blocking = set(verdict.blocking)
    cases = []
    for finding in result.findings:
        if finding.severity < policy.fail_on and finding.fingerprint not in blocking:
            continue
        loc = finding.location
        case = _case(f"gatekeeper.findings.{_segment(finding.rule_id)}", f"{loc.path}:{loc.start_line}")
        if finding.fingerprint in blocking:
            failure = ET.SubElement(
                case, "failure", {"type": finding.severity.label, "message": _xml(_one_line(finding.message))}
            )
            failure.text = _xml(_finding_detail(finding))
        else:
            suppression = _suppression(finding)
            why = str(suppression.get("kind", "accepted")) if suppression else "not blocking"
            detail = suppression.get("justification") or suppression.get("baseline") or "accepted by the policy"
            ET.SubElement(case, "skipped", {"message": _xml(_one_line(f"{why}: {detail}"))})
        cases.append(case)
    return cases


def _scanner_cases(result: ScanResult) -> list[ET.Element]:
    cases = []
    for scanner in result.scanners:
        case = _case("gatekeeper.scanners", scanner.scanner)
        if scanner.errors:
            error = ET.SubElement(
                case, "error", {"type": "scanner-error", "message": _xml(_one_line(scanner.errors[0]))}
            )
            error.text = _xml("\n".join(scanner.errors))
        elif scanner.skipped:
            error = ET.SubElement(
                case,
                "error",
                {"type": "coverage-lost", "message": _xml(f"could not scan {len(scanner.skipped)} file(s)")},
            )
            error.text = _xml("\n".join(f"{s.path}: {s.reason}" for s in scanner.skipped))
        cases.append(case)
    return cases


def _case(classname: str, name: str) -> ET.Element:
    return ET.Element("testcase", {"classname": _xml(classname), "name": _xml(name) or "-", "time": "0"})


def _finding_line(finding: Finding) -> str:
    loc = finding.location
    return f"{finding.severity.label.upper()} {finding.rule_id} {loc.path}:{loc.start_line} {_one_line(finding.message)} [{finding.fingerprint}]"


def _finding_detail(finding: Finding) -> str:
    loc = finding.location
    lines = [
        f"{loc.path}:{loc.start_line}:{loc.start_column}",
        f"rule: {finding.rule_id} ({', '.join(finding.scanners)})",
        f"severity: {finding.severity.label}, confidence: {finding.confidence.label}",
        finding.message,
    ]
    if finding.remediation:
        lines.append(f"fix: {finding.remediation}")
    if finding.cwe:
        lines.append("cwe: " + ", ".join(finding.cwe))
    if finding.controls:
        lines.append("controls: " + ", ".join(finding.controls))
    lines.append(f"fingerprint: {finding.fingerprint}")
    return "\n".join(lines)


def _properties(result: ScanResult, verdict: Verdict, policy: Policy) -> list[tuple[str, str]]:
    meta = result.metadata
    props = [
        ("gatekeeper.version", meta.gatekeeper_version),
        ("gatekeeper.target", meta.target),
        ("gatekeeper.commit", meta.commit or ""),
        ("gatekeeper.rule_pack_digest", meta.rule_pack_digest),
        *((f"gatekeeper.rule_pack.{name}", value) for name, value in meta.user_rule_packs),
        ("gatekeeper.compliance_digest", compliance_of(result).digest),
        ("gatekeeper.verdict", verdict.status),
        ("gatekeeper.exit_code", str(verdict.exit_code)),
        ("gatekeeper.fail_on", policy.fail_on.label),
        ("gatekeeper.policy_digest", policy.digest),
        *((f"gatekeeper.policy_layer.{layer.role}", f"{layer.source} {layer.digest}") for layer in policy.layers),
    ]
    props += [(f"scanner.{s.scanner}.version", s.version) for s in result.scanners]
    props += [(f"scanner.{s.scanner}.{key}", value) for s in result.scanners for key, value in s.provenance]
    return props


def _suppression(finding: Finding) -> Mapping[str, Any]:
    value = dict(finding.properties).get(SUPPRESSION_PROPERTY)
    return value if isinstance(value, Mapping) else {}


def _segment(text: str) -> str:
    """A classname segment: dots would split it into packages in Jenkins' tree."""
    return re.sub(r"[.\s]+", "_", text) or "_"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _xml(text: str) -> str:
    # C1 controls are legal XML but escape sequences to a terminal that shows the report, and a
    # failure's text is printed by CI consoles: the shared sanitiser, then what XML forbids.
    return _XML_FORBIDDEN.sub(sanitise.REPLACEMENT, sanitise.lines(text))


def _parse(stamp: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(timezone.utc) if parsed.tzinfo else parsed


def _timestamp(stamp: str) -> str:
    """The schema wants `YYYY-MM-DDTHH:MM:SS` without a zone: ours is UTC."""
    parsed = _parse(stamp)
    if parsed is not None:
        return parsed.strftime("%Y-%m-%dT%H:%M:%S")
    match = _TIMESTAMP.match(stamp)
    return match.group(0) if match else "1970-01-01T00:00:00"


def _duration(started: str, finished: str) -> str:
    start, end = _parse(started), _parse(finished)
    if start is None or end is None or start.tzinfo != end.tzinfo:
        return "0"
    return f"{max((end - start).total_seconds(), 0):.3f}"
