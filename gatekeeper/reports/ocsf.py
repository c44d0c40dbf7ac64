"""OCSF events (JSON Lines) for SIEM ingestion.

One Compliance Finding (class 2003) per catalog control, with its status, and one Vulnerability
Finding (class 2002) per finding, with its place, weakness, package and fix. Schema version 1.3.0;
each event carries the attributes its class requires.

`finding_info.uid` is stable across scans (a control of a target; a finding's fingerprint), so a
SIEM can follow a finding over time; `metadata.uid` is unique to the event in this scan.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime, timezone
from posixpath import basename
from typing import Any

from gatekeeper.compliance.status import Assessment, ControlResult, Status, compliance_of, for_policy
from gatekeeper.config import Policy
from gatekeeper.findings import Finding, Severity
from gatekeeper.gate import Verdict
from gatekeeper.policy.state import suppression_of
from gatekeeper.reports import sanitise
from gatekeeper.reports.html import is_secret, location, shown_message
from gatekeeper.result import ScanResult

OCSF_VERSION = "1.3.0"
CATEGORY_FINDINGS = 2
COMPLIANCE_FINDING = 2003
VULNERABILITY_FINDING = 2002
ACTIVITY_CREATE = 1
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://gatekeeper.dev/ns/ocsf")

SEVERITY_ID = {Severity.INFO: 1, Severity.LOW: 2, Severity.MEDIUM: 3, Severity.HIGH: 4, Severity.CRITICAL: 5}
SEVERITY_NAME = {0: "Unknown", 1: "Informational", 2: "Low", 3: "Medium", 4: "High", 5: "Critical"}
# compliance.status_id: 1 Pass, 2 Warning, 3 Fail, 99 Other.
COMPLIANCE_STATUS = {
    Status.PASSING: (1, "Pass"),
    Status.FAILING: (3, "Fail"),
    Status.WAIVED: (99, "Waived"),
    Status.NOT_ASSESSED: (99, "Not assessed"),
    Status.NOT_APPLICABLE: (99, "Not applicable"),
}
# Finding workflow status_id: 1 New, 3 Suppressed, 4 Resolved, 99 Other.
FINDING_STATUS = {
    Status.FAILING: (1, "New"),
    Status.WAIVED: (3, "Suppressed"),
    Status.PASSING: (4, "Resolved"),
    Status.NOT_ASSESSED: (99, "Not assessed"),
    Status.NOT_APPLICABLE: (99, "Not applicable"),
}


def render(result: ScanResult, verdict: Verdict, policy: Policy) -> str:
    events = to_events(result, verdict, policy, for_policy(result, policy))
    return sanitise.json_text(
        "".join(json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n" for event in events)
    )


def to_events(result: ScanResult, verdict: Verdict, policy: Policy, assessment: Assessment) -> list[dict[str, Any]]:
    base = Base(result, verdict)
    events = [compliance_event(c, base) for c in assessment.controls]
    events += [_vulnerability_event(f, base, f.fingerprint in set(verdict.blocking)) for f in result.findings]
    return events


class Base:
    """What every event of one scan shares."""

    def __init__(self, result: ScanResult, verdict: Verdict) -> None:
        meta = result.metadata
        self.meta = meta
        self.verdict = verdict
        self.compliance_digest = compliance_of(result).digest
        self.time = epoch_ms(meta.finished_at)
        self.start = epoch_ms(meta.started_at)
        self.scan_key = hashlib.sha256(
            json.dumps(
                [meta.target, meta.commit, meta.rule_pack_digest, [f.fingerprint for f in result.findings]]
            ).encode()
        ).hexdigest()
        self.resource = {"type": "Repository", "name": meta.target, "uid": meta.commit or meta.target}
        # The scope every control status rests on: files analysed and not covered, by kind.
        self.coverage = {
            "analysed": {k.kind: k.analysed for k in result.coverage.kinds if k.analysed},
            "not_covered": {k.kind: len(k.not_covered) for k in result.coverage.kinds if k.not_covered},
        }
        # The data findings rest on (the advisory database's date, digest and age), per scanner.
        self.provenance = {s.scanner: dict(s.provenance) for s in result.scanners if s.provenance}

    def event_uid(self, *parts: str) -> str:
        return str(uuid.uuid5(_NAMESPACE, "/".join((self.scan_key, *parts))))

    def header(self, class_uid: int, class_name: str, event_uid: str, severity_id: int) -> dict[str, Any]:
        return {
            "class_uid": class_uid,
            "class_name": class_name,
            "category_uid": CATEGORY_FINDINGS,
            "category_name": "Findings",
            "activity_id": ACTIVITY_CREATE,
            "activity_name": "Create",
            "type_uid": class_uid * 100 + ACTIVITY_CREATE,
            "type_name": f"{class_name}: Create",
            "severity_id": severity_id,
            "severity": SEVERITY_NAME[severity_id],
            "time": self.time,
            "start_time": self.start,
            "end_time": self.time,
            "timezone_offset": 0,
            "metadata": {
                "version": OCSF_VERSION,
                "uid": event_uid,
                "log_name": "gatekeeper",
                "product": {"name": "gatekeeper", "vendor_name": "gatekeeper", "version": self.meta.gatekeeper_version},
                "labels": [
                    f"rule-pack:{self.meta.rule_pack_digest}",
                    f"compliance:{self.compliance_digest}",
                    f"verdict:{self.verdict.status}",
                ],
            },
            "resources": [self.resource],
        }


def compliance_event(control: ControlResult, base: Base) -> dict[str, Any]:
    ref = control.control.ref
    compliance_id, compliance_name = COMPLIANCE_STATUS[control.status]
    status_id, status_name = FINDING_STATUS[control.status]
    if control.status is Status.FAILING:
        severity_id = SEVERITY_ID[max(f.severity for f in control.failing)]
    elif control.status is Status.WAIVED:
        severity_id = 2
    else:
        severity_id = 1
    event = base.header(COMPLIANCE_FINDING, "Compliance Finding", base.event_uid("control", ref), severity_id)
    event.update(
        {
            "message": f"{control.control.name} {control.status.label}: {control.reason}",
            "status_id": status_id,
            "status": status_name,
            "finding_info": {
                "uid": f"gatekeeper:{base.meta.target}:{ref}",
                "title": f"{control.control.name}: {control.control.title}",
                "desc": control.control.scope or control.control.title,
                "types": ["Compliance"],
                "created_time": base.time,
                "related_events": [
                    {
                        "uid": base.event_uid("finding", f.fingerprint),
                        "type_uid": VULNERABILITY_FINDING * 100 + ACTIVITY_CREATE,
                    }
                    for f in control.findings
                ],
            },
            "compliance": {
                "standards": [control.control.framework_name],
                "requirements": [control.control.id],
                "control": ref,
                "status_id": compliance_id,
                "status": compliance_name,
                "status_code": control.status.value,
                "status_detail": control.reason,
            },
            "unmapped": {
                "gatekeeper": {
                    "automation": control.control.automation,
                    "evidence": [{"source": s.source.id, "state": s.state.value} for s in control.sources],
                    "failing": [f.fingerprint for f in control.failing],
                    "waived": [f.fingerprint for f in control.waived],
                    "examined": [e.to_dict() for e in control.examined],
                    "coverage": base.coverage,
                    **({"provenance": base.provenance} if base.provenance else {}),
                }
            },
        }
    )
    if not event["finding_info"]["related_events"]:
        del event["finding_info"]["related_events"]
    return event


def _vulnerability_event(finding: Finding, base: Base, blocking: bool) -> dict[str, Any]:
    event = base.header(
        VULNERABILITY_FINDING,
        "Vulnerability Finding",
        base.event_uid("finding", finding.fingerprint),
        SEVERITY_ID[finding.severity],
    )
    event.update(finding_fields(finding, base.time, blocking))
    return event


def finding_fields(finding: Finding, time: int, blocking: bool) -> dict[str, Any]:
    """A finding's attributes beyond the event header (shared with the event stream, gatekeeper/events)."""
    props = dict(finding.properties)
    loc = finding.location
    vulnerability: dict[str, Any] = {
        "title": finding.title,
        "desc": shown_message(finding),
        "severity": SEVERITY_NAME[SEVERITY_ID[finding.severity]],
        "vendor_name": "gatekeeper",
        "affected_code": [
            {
                "file": {"name": basename(loc.path), "path": loc.path, "type_id": 1, "type": "Regular File"},
                "start_line": loc.start_line,
                "end_line": loc.end_line,
            }
        ],
    }
    cve = next((a for a in (finding.rule_id, *props.get("aliases", ())) if str(a).startswith("CVE-")), None)
    if cve:
        vulnerability["cve"] = {"uid": cve}
    cwe = next((c.split(":")[0].strip() for c in finding.cwe), None)
    if cwe:
        vulnerability["cwe"] = {
            "uid": cwe.removeprefix("CWE-"),
            "src_url": f"https://cwe.mitre.org/data/definitions/{cwe.removeprefix('CWE-')}.html",
        }
    if finding.remediation:
        vulnerability["remediation"] = {"desc": finding.remediation}
    if finding.references:
        vulnerability["references"] = list(finding.references)
    if props.get("package") and props.get("version"):
        package = {"name": str(props["package"]), "version": str(props["version"])}
        if props.get("purl"):
            package["purl"] = str(props["purl"])
        if props.get("fix_version"):
            package["fixed_in_version"] = str(props["fix_version"])
        vulnerability["affected_packages"] = [package]
    suppression = suppression_of(finding)
    return {
        "message": f"{finding.title} at {location(finding)}",
        # Accepted by the policy (waiver, inline suppression, baseline): reported, not new.
        "status_id": 3 if suppression else 1,
        "status": "Suppressed" if suppression else "New",
        "confidence_id": {0: 1, 1: 2, 2: 3}[int(finding.confidence)],
        "finding_info": {
            "uid": finding.fingerprint or f"{finding.rule_id}:{location(finding)}",
            "title": finding.title,
            "desc": shown_message(finding),
            "types": [str(props.get("category") or "Vulnerability")],
            "created_time": time,
            "analytic": {"uid": finding.rule_id, "name": finding.rule_id, "type_id": 1, "type": "Rule"},
        },
        "vulnerabilities": [vulnerability],
        "unmapped": {
            "gatekeeper": {
                "rule_id": finding.rule_id,
                "scanners": list(finding.scanners),
                "controls": list(finding.controls),
                "blocking": blocking,
                "secret": is_secret(finding),
                "suppression": dict(suppression) if suppression else None,
            }
        },
    }


def epoch_ms(iso: str) -> int:
    """OCSF timestamps: milliseconds since the epoch (UTC)."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp() * 1000)
