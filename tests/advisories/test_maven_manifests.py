"""pom.xml: explicit and managed versions, `${property}` interpolation, parents in the tree, and
what stays unresolved (a parent or BOM not in the tree, an undefined property, a range)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gatekeeper.advisories.manifests import ManifestError, manifest_kind, read_manifest
from tests.advisories.helpers import PROJECTS


def summary(path: str) -> list[tuple[int, str, str | None, str]]:
    return [(r.line, r.name, r.version, r.group) for r in read_manifest(PROJECTS, path)]


def test_pom_kinds() -> None:
    assert manifest_kind("svc/pom.xml") == "pom"
    assert manifest_kind("gradle.lockfile") == manifest_kind("buildSrc/settings-gradle.lockfile") == "gradle-lockfile"
    assert manifest_kind("build.gradle") is None  # Gradle resolves it; its lock file is what is read


def test_versions_properties_management_and_scopes() -> None:
    assert summary("maven-single/pom.xml") == [
        (27, "org.apache.logging.log4j:log4j-core", "2.14.1", ""),  # ${log4j.version}
        (32, "com.fasterxml.jackson.core:jackson-databind", "2.9.8", ""),  # from dependencyManagement
        (36, "org.springframework:spring-core", "5.3.17", ""),
        (41, "com.example.bank:ledger-api", "3.2.0", ""),  # ${project.groupId}, ${project.version}
        (46, "javax.servlet:javax.servlet-api", "4.0.1", "provided"),
        (52, "junit:junit", "4.12", "test"),
        (58, "com.google.guava:guava", None, "optional"),
        (64, "org.yaml:snakeyaml", None, ""),
    ]  # a build plugin is not a dependency
    lines = (PROJECTS / "maven-single/pom.xml").read_text().splitlines()
    assert lines[26].strip() == "<dependency>" and "log4j-core" in lines[28]
    reasons = {r.name: r.unpinned_reason for r in read_manifest(PROJECTS, "maven-single/pom.xml") if r.version is None}
    assert reasons == {
        "com.google.guava:guava": "a version range ([30.0-jre,32.0-jre)), not a version",
        "org.yaml:snakeyaml": "unresolved: property ${snakeyaml.version} is not defined in this POM",
    }
    assert all(r.ecosystem == "Maven" for r in read_manifest(PROJECTS, "maven-single/pom.xml"))


def test_a_parent_in_the_tree_supplies_managed_versions_and_properties() -> None:
    assert summary("maven-multi/payments-core/pom.xml") == [
        (16, "org.springframework:spring-beans", "5.3.17", ""),  # the parent's management and property
        (20, "com.fasterxml.jackson.core:jackson-databind", "2.13.4.2", ""),  # the child's property wins
        (24, "com.example.bank:payments-api", "1.0.0", ""),  # project.version inherited from the parent
    ]
    assert summary("maven-multi/pom.xml") == []  # the aggregator declares no dependency itself


def test_a_parent_or_bom_not_in_the_tree_leaves_the_version_unresolved() -> None:
    found = read_manifest(PROJECTS, "maven-child-orphan/pom.xml")
    assert [(r.name, r.version) for r in found] == [
        ("org.springframework.boot:spring-boot-starter-web", None),  # never guessed
        ("org.apache.logging.log4j:log4j-core", "2.17.1"),
    ]
    assert found[0].unpinned_reason == (
        "unresolved: no version in this POM (needs parent POM org.springframework.boot:spring-boot-starter-parent:2.6.5, "
        "BOM org.springframework.cloud:spring-cloud-dependencies:2021.0.1, not in the tree)"
    )


def test_a_parent_that_is_another_project_is_not_used(tmp_path: Path) -> None:
    (tmp_path / "pom.xml").write_text(
        "<project><groupId>other</groupId><artifactId>unrelated</artifactId><version>9</version>"
        "<properties><v>1.0</v></properties></project>"
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app/pom.xml").write_text(
        "<project><parent><groupId>g</groupId><artifactId>parent</artifactId><version>1</version></parent>"
        "<artifactId>app</artifactId><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId>"
        "<version>${v}</version></dependency></dependencies></project>"
    )
    (req,) = read_manifest(tmp_path, "app/pom.xml")
    assert req.version is None
    assert (
        req.unpinned_reason
        == "unresolved: property ${v} is not defined in this POM (needs parent POM g:parent:1, not in the tree)"
    )


XXE = """<?xml version="1.0"?>
<!DOCTYPE project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<project><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId>
<version>&secret;</version></dependency></dependencies></project>
"""
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE project [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<project><name>&c;</name></project>
"""


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (XXE, "refused: DTDForbidden (a POM needs no DTD or entities)"),
        (LAUGHS, "refused: DTDForbidden"),
        ("<project><dependencies>", "invalid XML: no element found: line 1"),
        ("<settings/>", "not a Maven POM (the root element is not <project>)"),
        (
            "<project><dependencies><dependency><version>1</version></dependency></dependencies></project>",
            "line 1: a dependency without groupId or artifactId",
        ),
    ],
)
def test_hostile_and_malformed_poms_are_refused(tmp_path: Path, content: str, problem: str) -> None:
    (tmp_path / "pom.xml").write_text(content)
    with pytest.raises(ManifestError) as raised:
        read_manifest(tmp_path, "pom.xml")
    assert problem in raised.value.reason
    assert "root:" not in raised.value.reason  # nothing of /etc/passwd


def test_a_poms_inputs_include_its_parents_in_the_tree() -> None:
    from gatekeeper.advisories.manifests import manifest_files

    assert manifest_files(PROJECTS, "maven-multi/payments-core/pom.xml") == [
        "maven-multi/payments-core/pom.xml",
        "maven-multi/pom.xml",
    ]
    assert manifest_files(PROJECTS, "maven-child-orphan/pom.xml") == ["maven-child-orphan/pom.xml"]
