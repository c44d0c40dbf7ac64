"""The SBOM of an npm and Maven tree, through the CLI: purls per ecosystem, CycloneDX groups, the
dependency graph the lock files record, unresolved versions with their reason; schema-valid."""

from __future__ import annotations

import json
import shutil
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from tests.advisories.helpers import OSV_FIXTURE, PROJECTS
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def bom(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("bank")
    shutil.copytree(PROJECTS / "npm-v3", root / "web")
    shutil.copytree(PROJECTS / "maven-child-orphan", root / "vault")
    shutil.copytree(PROJECTS / "pnpm-v6", root / "admin")
    out = root.parent / "bom.json"
    proc = run_cli(
        "scan",
        str(root),
        "--scanner",
        "dependencies",
        "--advisories",
        str(OSV_FIXTURE),
        "--no-cache",
        "--quiet",
        "-o",
        f"cyclonedx={out}",
    )
    assert proc.returncode == 2, proc.stderr  # npm and Maven have no advisory data here: incomplete, still reported
    text = out.read_text()
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    assert error is None, error
    return dict(json.loads(text))


def test_every_ecosystem_has_its_purl_and_group(bom: dict[str, Any]) -> None:
    components = {c["purl"]: c for c in bom["components"]}
    scoped = components["pkg:npm/%40babel/code-frame@7.12.13"]
    assert (scoped["group"], scoped["name"], scoped["version"]) == ("@babel", "code-frame", "7.12.13")
    log4j = components["pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1"]
    assert (log4j["group"], log4j["name"]) == ("org.apache.logging.log4j", "log4j-core")
    assert log4j["evidence"]["occurrences"] == [{"location": "vault/pom.xml", "line": 31}]
    assert "group" not in components["pkg:npm/lodash@4.17.11"]
    # one component per purl, with every lock file that installs it as an occurrence
    minimist = components["pkg:npm/minimist@1.2.5"]
    assert sorted(o["location"] for o in minimist["evidence"]["occurrences"]) == [
        "admin/pnpm-lock.yaml",
        "web/package-lock.json",
    ]


def test_unresolved_versions_are_listed_with_the_reason(bom: dict[str, Any]) -> None:
    (starter,) = [c for c in bom["components"] if c["name"] == "spring-boot-starter-web"]
    assert "version" not in starter
    properties = {p["name"]: p["value"] for p in starter["properties"]}
    assert properties["gatekeeper:pinned"] == "false"
    assert properties["gatekeeper:unpinned-reason"].startswith(
        "unresolved: no version in this POM (needs parent POM org.springframework.boot:spring-boot-starter-parent"
    )


def test_the_lock_files_graph_is_the_boms_dependencies(bom: dict[str, Any]) -> None:
    graph = {d["ref"]: sorted(d.get("dependsOn", [])) for d in bom["dependencies"]}
    assert graph["pkg:npm/express@4.17.1"] == ["pkg:npm/debug@2.6.9"]
    assert graph["pkg:npm/mocha@10.2.0"] == ["pkg:npm/debug@4.3.4"]
    assert graph["pkg:npm/react-dom@18.2.0"] == ["pkg:npm/react@18.2.0"]
    assert graph["pkg:npm/%40babel/code-frame@7.12.13"] == ["pkg:npm/%40babel/highlight@7.13.10"]
    assert graph["pkg:npm/lodash@4.17.11"] == []  # a leaf
    root = bom["metadata"]["component"]["bom-ref"]
    assert len(graph[root]) == len(bom["components"])  # the scanned project declares them all
