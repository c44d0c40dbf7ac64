"""The CycloneDX SBOM: schema-valid 1.6 JSON of the scanned inventory and its vulnerabilities."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from gatekeeper import engine
from gatekeeper.config import Policy
from gatekeeper.gate import verdict
from gatekeeper.reports import cyclonedx, renderer
from gatekeeper.result import ScanResult
from tests.advisories.helpers import OSV_FIXTURE, PROJECTS, isolate
from tests.scanners.stand_in import NAME, registered

VALIDATOR = JsonStrictValidator(SchemaVersion.V1_6)


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return isolate(tmp_path, monkeypatch)


@pytest.fixture
def result(tmp_path: Path) -> ScanResult:
    root = tmp_path / "project"
    shutil.copytree(PROJECTS / "requirements", root)
    shutil.copy(PROJECTS / "pylock" / "pylock.toml", root / "pylock.toml")
    return engine.run(
        engine.ScanRequest(
            paths=(root,),
            scanners=("dependencies",),
            scanner_options={"dependencies": {"advisories": str(OSV_FIXTURE)}},
        )
    )


def render(result: ScanResult) -> str:
    policy = Policy()
    return renderer("cyclonedx")(result, verdict(result, policy), policy)


def assert_valid(text: str) -> None:
    error = VALIDATOR.validate_str(text)
    assert error is None, error


def test_registered_and_schema_valid(result: ScanResult) -> None:
    assert renderer("cyclonedx") is cyclonedx.render
    text = render(result)
    assert_valid(text)
    bom = json.loads(text)
    assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.6"


def test_the_validator_is_not_a_no_op(result: ScanResult) -> None:
    bom = json.loads(render(result))
    bom["components"][0]["type"] = "not-a-component-type"
    assert VALIDATOR.validate_str(json.dumps(bom)) is not None


def test_components_are_the_inventory_with_purls_and_where_declared(result: ScanResult) -> None:
    bom = json.loads(render(result))
    components = {c["purl"]: c for c in bom["components"]}
    assert sorted(components) == [
        "pkg:pypi/constrained-pkg@2.0.1",
        "pkg:pypi/demo-pkg@1.0.0",
        "pkg:pypi/demo-pkg@2.0.4",
        "pkg:pypi/git-pkg",
        "pkg:pypi/listed-pkg@1.0",
        "pkg:pypi/listed-pkg@1.2",
        "pkg:pypi/loose-pkg",
        "pkg:pypi/safe-pkg@3.0",
        "pkg:pypi/vcs-pkg",
    ]
    demo = components["pkg:pypi/demo-pkg@1.0.0"]
    assert (demo["name"], demo["version"], demo["bom-ref"], demo["type"]) == (
        "demo-pkg",
        "1.0.0",
        demo["purl"],
        "library",
    )
    assert demo["evidence"]["occurrences"] == [{"location": "requirements.txt", "line": 4}]
    assert {"name": "gatekeeper:pinned", "value": "false"} in components["pkg:pypi/loose-pkg"]["properties"]
    root = bom["metadata"]["component"]["bom-ref"]
    (dependency,) = [d for d in bom["dependencies"] if d["ref"] == root]
    assert sorted(dependency["dependsOn"]) == sorted(components)


def test_vulnerabilities_point_at_the_affected_components(result: ScanResult) -> None:
    bom = json.loads(render(result))
    vulns = {v["id"]: v for v in bom["vulnerabilities"]}
    assert sorted(vulns) == ["PYSEC-2099-1", "PYSEC-2099-2", "PYSEC-2099-4"]
    first = vulns["PYSEC-2099-1"]
    # One vulnerability, two affected pins (requirements.txt and pylock.toml), each with its version.
    assert first["affects"] == [
        {"ref": "pkg:pypi/demo-pkg@1.0.0", "versions": [{"version": "1.0.0", "status": "affected"}]},
        {"ref": "pkg:pypi/demo-pkg@2.0.4", "versions": [{"version": "2.0.4", "status": "affected"}]},
    ]
    assert first["ratings"] == [
        {  # CycloneDX keeps the version in `method`, not in the vector
            "score": 9.8,
            "severity": "critical",
            "method": "CVSSv31",
            "vector": "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        }
    ]
    assert first["cwes"] == [79, 80]
    assert first["source"]["url"] == "https://osv.dev/vulnerability/PYSEC-2099-1"
    assert {r["id"] for r in first["references"]} == {"GHSA-demo-0001-aaaa", "CVE-2099-1001"}
    assert first["recommendation"].startswith("upgrade demo-pkg ")
    unscored = vulns["PYSEC-2099-2"]["ratings"][0]
    assert (unscored["severity"], unscored["method"]) == ("high", "other")
    component_refs = {c["bom-ref"] for c in bom["components"]}
    assert all(a["ref"] in component_refs for v in bom["vulnerabilities"] for a in v["affects"])


def test_metadata_names_tools_and_the_advisory_database(result: ScanResult) -> None:
    bom = json.loads(render(result))
    properties = {p["name"]: p["value"] for p in bom["metadata"]["properties"]}
    assert properties["gatekeeper:dependencies:advisory_date"] == "2024-05-02T00:00:00Z"
    assert properties["gatekeeper:dependencies:advisory_digest"].startswith("sha256:")
    tools = {t["name"]: t["version"] for t in bom["metadata"]["tools"]["components"]}
    assert tools["dependencies"].startswith("osv-local 2024-05-02 sha256:")
    assert "gatekeeper" in tools


def test_same_result_same_bom(result: ScanResult) -> None:
    assert render(result) == render(result)


def test_a_scan_without_dependencies_is_still_a_valid_bom(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("print('hi')\n")
    empty = engine.run(engine.ScanRequest(paths=(tmp_path,), scanners=("dependencies",)))
    text = render(empty)
    assert_valid(text)
    assert "components" not in json.loads(text) or json.loads(text)["components"] == []


def test_an_alias_that_is_no_uri_segment_keeps_the_bom(result: ScanResult) -> None:
    """Aliases are advisory data: one with spaces, a line break or a `#` is linked quoted, not
    allowed to abort the report."""
    hostile = "GHSA-x y\n::error file=a.py::z #[1]"

    def with_hostile(key: str, value: Any) -> Any:
        if key == "aliases":
            return (*value, hostile)
        if key == "advisories":  # issue 20: each advisory of the package version, with its own aliases
            return tuple({**a, "aliases": (*a["aliases"], hostile)} for a in value)
        return value

    findings = tuple(
        replace(f, properties=tuple((k, with_hostile(k, v)) for k, v in f.properties)) for f in result.findings
    )
    text = render(replace(result, findings=findings))
    assert_valid(text)
    references = [r for v in json.loads(text)["vulnerabilities"] for r in v["references"] if r["id"] == hostile]
    assert references and references[0]["source"]["url"] == (
        "https://github.com/advisories/GHSA-x%20y%0A%3A%3Aerror%20file%3Da.py%3A%3Az%20%23%5B1%5D"
    )


def test_the_vulnerabilities_come_from_every_scanner_that_declares_an_inventory(result: ScanResult) -> None:
    """Which scanners' advisories the SBOM attaches is the registry's answer, not one hard-coded
    name: the same findings from another registered inventory scanner are listed too, and from a
    scanner that yields none (secrets), not at all."""
    expected = {v["id"] for v in json.loads(render(result))["vulnerabilities"]}
    assert expected

    def as_if_from(name: str) -> ScanResult:
        return replace(result, findings=tuple(replace(f, scanners=(name,)) for f in result.findings))

    with registered():
        assert {v["id"] for v in json.loads(render(as_if_from(NAME)))["vulnerabilities"]} == expected
    assert "vulnerabilities" not in json.loads(render(as_if_from(NAME)))
    assert "vulnerabilities" not in json.loads(render(as_if_from("secrets")))
