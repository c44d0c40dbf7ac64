"""The events of one scan, OCSF 1.4.0, built on the OCSF report's mapping (gatekeeper/reports/ocsf.py).

- Scan Activity (6007): started (activity 1), each scanner finished with its coverage and the final
  verdict (activity 2 Completed; status Failure when a scanner failed or the scan exits 2);
- Application Security Posture Finding (2007) for code and configuration findings, Vulnerability
  Finding (2002) for vulnerable components (a finding naming a package and version);
- Compliance Finding (2003) for each control's status, once the scan is judged.

Every event carries the run (`metadata.correlation_uid`, one per scan), the repository, the
commit, the CI job and the policy digest (`unmapped.gatekeeper.run`, and the repository as the
event's resource); `metadata.uid` is unique and stable for one run's event.
"""

from __future__ import annotations

import uuid
from typing import Any, Mapping, Sequence

from gatekeeper import __version__
from gatekeeper.compliance.status import ControlResult
from gatekeeper.events.identity import Identity
from gatekeeper.findings import Finding
from gatekeeper.reports.ocsf import SEVERITY_ID, SEVERITY_NAME, Base, compliance_event, finding_fields

OCSF_VERSION = "1.4.0"
SCAN_ACTIVITY = 6007
APPLICATION_ACTIVITY = 6
ASPF = 2007
VULNERABILITY_FINDING = 2002
CLASS_NAMES = {
    SCAN_ACTIVITY: "Scan Activity",
    ASPF: "Application Security Posture Finding",
    VULNERABILITY_FINDING: "Vulnerability Finding",
    2003: "Compliance Finding",
}
STARTED, COMPLETED = 1, 2
FINDING_ACTIVITIES = {1: "Create", 2: "Update", 3: "Close"}
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://gatekeeper.dev/ns/ocsf-stream")

Event = dict[str, Any]


class Events:
    """Builds one run's events."""

    def __init__(self, identity: Identity, run_uid: str) -> None:
        self.identity = identity
        self.run_uid = run_uid
        self.resource = {"type": "Repository", "name": identity.repository, "uid": identity.commit or "unknown"}

    def _stamp(self, event: Event, *uid_parts: str) -> Event:
        """The run's identity on an event (its own fields kept)."""
        metadata = event.setdefault("metadata", {})
        metadata.update(
            {
                "version": OCSF_VERSION,
                "uid": str(uuid.uuid5(_NAMESPACE, "/".join((self.run_uid, *uid_parts)))),
                "correlation_uid": self.run_uid,
                "log_name": "gatekeeper",
                "product": {"name": "gatekeeper", "vendor_name": "gatekeeper", "version": __version__},
            }
        )
        metadata["labels"] = [*metadata.get("labels", ()), f"policy:{self.identity.policy_digest}"]
        event["resources"] = [self.resource]
        event.setdefault("timezone_offset", 0)
        unmapped = event.setdefault("unmapped", {}).setdefault("gatekeeper", {})
        unmapped["run"] = self.identity.to_dict()
        return event

    def activity(
        self, activity_id: int, time: int, message: str, *, scan_name: str, failed: bool, details: Mapping[str, Any]
    ) -> Event:
        """A Scan Activity event: the scan (`scan_name` "gatekeeper") or one of its scanners."""
        event: Event = {
            "class_uid": SCAN_ACTIVITY,
            "class_name": CLASS_NAMES[SCAN_ACTIVITY],
            "category_uid": APPLICATION_ACTIVITY,
            "category_name": "Application Activity",
            "activity_id": activity_id,
            "activity_name": {STARTED: "Started", COMPLETED: "Completed"}[activity_id],
            "type_uid": SCAN_ACTIVITY * 100 + activity_id,
            "type_name": f"Scan Activity: {'Started' if activity_id == STARTED else 'Completed'}",
            "severity_id": 1,
            "severity": "Informational",
            "time": time,
            "message": message,
            "scan": {"uid": self.run_uid, "name": scan_name, "type_id": 99, "type": "CI security gate"},
            "policy": {"uid": self.identity.policy_digest, "name": self.identity.policy_source or "defaults"},
            "unmapped": {"gatekeeper": dict(details)},
        }
        if activity_id == COMPLETED:
            event["status_id"], event["status"] = (2, "Failure") if failed else (1, "Success")
        return self._stamp(event, "activity", scan_name, str(activity_id))

    def finding(self, finding: Finding, time: int, activity_id: int = 1, blocking: bool | None = None) -> Event:
        """A finding: ASPF (2007) for code and configuration, Vulnerability Finding (2002) for a component."""
        props = dict(finding.properties)
        class_uid = VULNERABILITY_FINDING if props.get("package") and props.get("version") else ASPF
        severity_id = SEVERITY_ID[finding.severity]
        activity = FINDING_ACTIVITIES[activity_id]
        event: Event = {
            "class_uid": class_uid,
            "class_name": CLASS_NAMES[class_uid],
            "category_uid": 2,
            "category_name": "Findings",
            "activity_id": activity_id,
            "activity_name": activity,
            "type_uid": class_uid * 100 + activity_id,
            "type_name": f"{CLASS_NAMES[class_uid]}: {activity}",
            "severity_id": severity_id,
            "severity": SEVERITY_NAME[severity_id],
            "time": time,
        }
        event.update(finding_fields(finding, time, bool(blocking)))
        # Whether it blocks is the gate's to say, once every scanner is done: unknown until then.
        event["unmapped"]["gatekeeper"]["blocking"] = blocking
        return self._stamp(event, "finding", finding.fingerprint, activity)

    def closed(self, finding: Finding, time: int) -> Event:
        """A finding streamed as its scanner finished that the final stage merged into another or dropped."""
        event = self.finding(finding, time, activity_id=3, blocking=False)
        event.update(
            status_id=99, status="Other", status_detail="merged into another finding or dropped by the final stage"
        )
        return event

    def control(self, control: ControlResult, base: Base) -> Event:
        return self._stamp(compliance_event(control, base), "control", control.control.ref)


def coverage_of(outcome_dict: Mapping[str, Any], handled: Sequence[str]) -> dict[str, Any]:
    """One scanner's coverage, from ScannerResult.to_dict (inventory and file lists left out)."""
    return {
        "scanner": outcome_dict["name"],
        "version": outcome_dict["version"],
        "status": outcome_dict["status"],
        "files_handled": len(handled),
        "files_scanned": outcome_dict["files_scanned"],
        "skipped": outcome_dict["skipped"],
        "not_applicable": len(outcome_dict["not_applicable"]),
        "units": outcome_dict["units"],
        "errors": outcome_dict["errors"],
        **({"provenance": outcome_dict["provenance"]} if outcome_dict["provenance"] else {}),
    }
