"""OCSF events for SIEMs: one Compliance Finding per control, one Vulnerability Finding per finding,
each with the attributes its class requires (OCSF 1.3.0)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gatekeeper import compliance
from gatekeeper.findings import Severity
from gatekeeper.reports import ocsf, renderer
from tests.compliance.factory import HOSTILE, finding, judged, result, scanner

# Required by the base event and the Findings category (OCSF 1.3.0).
BASE_REQUIRED = {
    "class_uid",
    "category_uid",
    "activity_id",
    "type_uid",
    "severity_id",
    "time",
    "metadata",
    "finding_info",
}
COMPLIANCE_REQUIRED = BASE_REQUIRED | {"compliance"}
VULNERABILITY_REQUIRED = BASE_REQUIRED | {"vulnerabilities"}


def sample():  # type: ignore[no-untyped-def]
    dependency = finding(
        "PYSEC-2018-66",
        scanner="dependencies",
        cwe=(),
        path="requirements.txt",
        line=2,
        index=3,
        title="flask 0.12.2: denial of service",
        message="flask 0.12.2 is affected by PYSEC-2018-66",
        remediation="upgrade flask 0.12.2 -> 0.12.3",
        references=("https://osv.dev/vulnerability/PYSEC-2018-66",),
        properties=(
            ("aliases", ("GHSA-562c-5r94-xh97", "CVE-2018-1000656")),
            ("fix_version", "0.12.3"),
            ("package", "flask"),
            ("purl", "pkg:pypi/flask@0.12.2"),
            ("version", "0.12.2"),
        ),
    )
    findings = [
        finding("python-sql-injection", severity=Severity.CRITICAL, line=36, index=1, message=HOSTILE),
        finding(
            "python-tls-verification-disabled",
            cwe=("CWE-295: Improper Certificate Validation",),
            line=51,
            index=2,
            severity=Severity.MEDIUM,
        ),
        dependency,
        finding(
            "secrets-stripe-secret-key",
            scanner="secrets",
            cwe=(),
            path="settings.py",
            line=3,
            index=4,
            message="key 'sk_live_abcdefghijkl' found",
        ),
    ]
    return judged(result(findings, [scanner(n) for n in ("bandit", "dependencies", "secrets", "semgrep")]))


@pytest.fixture(scope="module")
def events() -> list[dict[str, Any]]:
    text = ocsf.render(*sample())
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def by_class(events: list[dict[str, Any]], class_uid: int) -> list[dict[str, Any]]:
    return [e for e in events if e["class_uid"] == class_uid]


def test_registered_as_an_output_format() -> None:
    assert renderer("ocsf") is ocsf.render


def test_one_compliance_event_per_control_and_one_vulnerability_event_per_finding(events: list[dict[str, Any]]) -> None:
    controls = compliance.load().catalogs.controls
    compliance_events = by_class(events, 2003)
    assert [e["compliance"]["control"] for e in compliance_events] == [c.ref for c in controls]
    assert len(by_class(events, 2002)) == 4
    assert len(events) == len(controls) + 4


@pytest.mark.parametrize(("class_uid", "required"), [(2003, COMPLIANCE_REQUIRED), (2002, VULNERABILITY_REQUIRED)])
def test_every_event_carries_what_its_class_requires(
    events: list[dict[str, Any]], class_uid: int, required: set[str]
) -> None:
    for event in by_class(events, class_uid):
        assert required <= set(event), required - set(event)
        assert event["category_uid"] == 2
        assert event["activity_id"] == 1
        assert event["type_uid"] == class_uid * 100 + 1
        assert event["severity_id"] in range(0, 7)
        assert event["time"] == 1767323049000  # 2026-01-02T03:04:09Z, milliseconds
        assert event["metadata"]["version"] == ocsf.OCSF_VERSION
        assert event["metadata"]["product"]["name"] == "gatekeeper"
        assert event["metadata"]["product"]["version"] == "0.1.0"
        assert event["metadata"]["product"]["vendor_name"]
        assert event["finding_info"]["uid"] and event["finding_info"]["title"]


def test_compliance_object(events: list[dict[str, Any]]) -> None:
    by_control = {e["compliance"]["control"]: e for e in by_class(events, 2003)}
    failing = by_control["pci-dss:6.2.4"]
    assert failing["compliance"]["standards"] == ["PCI DSS"]
    assert failing["compliance"]["requirements"] == ["6.2.4"]
    assert (failing["compliance"]["status_id"], failing["compliance"]["status"]) == (3, "Fail")
    assert failing["severity_id"] == 5  # its worst failing finding is critical
    assert failing["finding_info"]["related_events"]
    passing = by_control["pci-dss:6.3.2"]
    assert (passing["compliance"]["status_id"], passing["severity_id"]) == (1, 1)
    manual = by_control["soc2:CC1.1"]
    assert manual["compliance"]["standards"] == ["SOC 2"]
    assert (manual["compliance"]["status_id"], manual["compliance"]["status"]) == (99, "Not assessed")
    # 4.2.1 fails at medium only when the policy says so: here the TLS finding is below high.
    assert by_control["pci-dss:4.2.1"]["compliance"]["status"] == "Not assessed"  # config (terraform) not run


def test_vulnerabilities_array(events: list[dict[str, Any]]) -> None:
    vulnerabilities = {e["finding_info"]["analytic"]["uid"]: e for e in by_class(events, 2002)}
    tls = vulnerabilities["python-tls-verification-disabled"]
    (detail,) = tls["vulnerabilities"]
    assert detail["cwe"]["uid"] == "295"
    assert detail["affected_code"][0]["file"]["path"] == "app.py" and detail["affected_code"][0]["start_line"] == 51
    assert tls["severity_id"] == 3
    assert tls["unmapped"]["gatekeeper"]["controls"][:1] == ["pci-dss:4.2.1"]
    dependency = vulnerabilities["PYSEC-2018-66"]["vulnerabilities"][0]
    assert dependency["cve"]["uid"] == "CVE-2018-1000656"
    assert dependency["affected_packages"] == [
        {"name": "flask", "version": "0.12.2", "purl": "pkg:pypi/flask@0.12.2", "fixed_in_version": "0.12.3"}
    ]
    assert dependency["remediation"]["desc"] == "upgrade flask 0.12.2 -> 0.12.3"
    sqli = vulnerabilities["python-sql-injection"]
    assert sqli["unmapped"]["gatekeeper"]["blocking"] is True and sqli["severity_id"] == 5


def test_uids_are_stable_and_unique(events: list[dict[str, Any]]) -> None:
    uids = [e["metadata"]["uid"] for e in events]
    assert len(set(uids)) == len(uids)
    again = [json.loads(line) for line in ocsf.render(*sample()).splitlines()]
    assert again == events
    finding_uids = {e["finding_info"]["uid"] for e in by_class(events, 2002)}
    assert f"{1:032x}:0" in finding_uids  # a finding's fingerprint follows it across scans


def test_secrets_stay_redacted(events: list[dict[str, Any]]) -> None:
    assert "sk_live_abcdefghijkl" not in json.dumps(events)


def test_a_finding_the_policy_accepts_is_reported_as_suppressed() -> None:
    accepted = finding(index=1, properties=(("suppression", {"kind": "waiver", "id": "W-1"}),))
    events = [json.loads(line) for line in ocsf.render(*judged(result([accepted]))).splitlines()]
    (vulnerability,) = by_class(events, 2002)
    assert (vulnerability["status_id"], vulnerability["status"]) == (3, "Suppressed")
    assert vulnerability["unmapped"]["gatekeeper"]["suppression"] == {"kind": "waiver", "id": "W-1"}
    control = next(e for e in by_class(events, 2003) if e["compliance"]["control"] == "pci-dss:6.2.4")
    assert (control["compliance"]["status"], control["status"]) == ("Waived", "Suppressed")
