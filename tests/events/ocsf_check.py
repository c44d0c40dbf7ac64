"""Each streamed event validated against OCSF's pydantic models (py-ocsf-models, Prowler's).

The package models Application Security Posture Finding (2007) and Compliance Finding (2003) whole;
for Vulnerability Finding (2002) and Scan Activity (6007), which it does not model, the parts it does:
the generic Finding with each Vulnerability Details object, and the base event, plus the attributes
OCSF 1.4.0 requires of those classes."""

from __future__ import annotations

import copy
from typing import Any

from py_ocsf_models.events.base_event import BaseEvent
from py_ocsf_models.events.findings.application_security_posture_finding import ApplicationSecurityPostureFinding
from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding
from py_ocsf_models.events.findings.finding import Finding
from py_ocsf_models.objects.vulnerability_details import VulnerabilityDetails


def _as_modelled(event: dict[str, Any]) -> dict[str, Any]:
    """The one place the package departs from OCSF: it models `cwe.src_url` as a URL object, where
    OCSF's dictionary types `src_url` as `url_t`, a string. Checked as a string here, then handed
    to the models in the object form they expect."""
    event = copy.deepcopy(event)
    for vulnerability in event.get("vulnerabilities") or ():
        cwe = vulnerability.get("cwe") or {}
        if "src_url" in cwe:
            assert isinstance(cwe["src_url"], str) and cwe["src_url"].startswith("https://"), cwe
            cwe["src_url"] = {"url_string": cwe["src_url"]}
    return event


_COMMON = ("activity_id", "category_uid", "class_uid", "metadata", "severity_id", "time", "type_uid")


def validate(event: dict[str, Any]) -> None:
    """Raise (pydantic's ValidationError or AssertionError) unless `event` is a valid OCSF event."""
    for key in _COMMON:
        assert key in event, (key, event.get("class_uid"))
    assert event["type_uid"] == event["class_uid"] * 100 + event["activity_id"]
    assert event["metadata"]["version"] == "1.4.0"
    assert event["metadata"]["product"]["name"] == "gatekeeper"
    class_uid = event["class_uid"]
    event = _as_modelled(event)
    if class_uid == 2007:
        ApplicationSecurityPostureFinding.model_validate(event)
    elif class_uid == 2003:
        ComplianceFinding.model_validate(event)
    elif class_uid == 2002:
        Finding.model_validate(event)
        assert event["vulnerabilities"], event
        for vulnerability in event["vulnerabilities"]:
            VulnerabilityDetails.model_validate(vulnerability)
            assert vulnerability["affected_packages"], vulnerability
    elif class_uid == 6007:
        BaseEvent.model_validate(event)
        assert event["category_uid"] == 6
        assert event["scan"]["type_id"] in (0, 1, 2, 3, 4, 5, 6, 7, 99) and event["scan"]["uid"]
        assert event["activity_id"] in (1, 2)
    else:
        raise AssertionError(f"unexpected class {class_uid}")
