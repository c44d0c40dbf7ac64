"""gradle.lockfile, and the resolved trees `mvn dependency:tree` and `gradle dependencies` print."""

from __future__ import annotations

from pathlib import Path

import pytest

from gatekeeper.advisories.manifests import ManifestError, read_manifest
from gatekeeper.advisories.maven_text import sniff
from tests.advisories.helpers import FIXTURES, PROJECTS

OUTPUT = FIXTURES / "build-output"


def test_gradle_lockfile() -> None:
    found = read_manifest(PROJECTS, "gradle-app/gradle.lockfile")
    assert [(r.line, r.name, r.version, r.group) for r in found] == [
        (4, "com.fasterxml.jackson.core:jackson-annotations", "2.9.0", ""),
        (5, "com.fasterxml.jackson.core:jackson-core", "2.9.8", ""),
        (6, "com.fasterxml.jackson.core:jackson-databind", "2.9.8", ""),
        (7, "junit:junit", "4.12", "test"),  # only test configurations
        (8, "org.apache.logging.log4j:log4j-api", "2.14.1", ""),
        (9, "org.apache.logging.log4j:log4j-core", "2.14.1", ""),
        (10, "org.hamcrest:hamcrest-core", "1.3", "test"),
    ]


def test_mvn_dependency_tree() -> None:
    found = read_manifest(FIXTURES, "build-output/mvn-dependency-tree.txt", "mvn-tree")
    assert [(r.line, r.name, r.version, r.group) for r in found] == [
        (9, "org.apache.logging.log4j:log4j-core", "2.14.1", ""),
        (10, "org.apache.logging.log4j:log4j-api", "2.14.1", "transitive"),
        (11, "com.fasterxml.jackson.core:jackson-databind", "2.9.8", ""),
        (12, "com.fasterxml.jackson.core:jackson-annotations", "2.9.0", "transitive"),
        (13, "com.fasterxml.jackson.core:jackson-core", "2.9.8", "transitive"),
        (14, "org.springframework:spring-core", "5.3.17", ""),
        (15, "org.springframework:spring-jcl", "5.3.17", "transitive"),
        (16, "org.bouncycastle:bcprov-jdk15on", "1.70", "runtime,optional"),  # with a classifier
        (17, "junit:junit", "4.12", "test"),
        (18, "org.hamcrest:hamcrest-core", "1.3", "test,transitive"),
    ]  # the project itself (line 8) is not a component
    relations = {r.name: r.depends_on for r in found}
    assert relations["com.fasterxml.jackson.core:jackson-databind"] == (
        ("com.fasterxml.jackson.core:jackson-annotations", "2.9.0"),
        ("com.fasterxml.jackson.core:jackson-core", "2.9.8"),
    )
    assert relations["junit:junit"] == (("org.hamcrest:hamcrest-core", "1.3"),)


def test_gradle_dependencies_uses_the_resolved_version() -> None:
    found = read_manifest(FIXTURES, "build-output/gradle-dependencies.txt", "gradle-tree")
    summary = [(r.line, r.name, r.version, r.group) for r in found]
    assert summary == [
        (9, "org.springframework:spring-core", "5.3.17", ""),
        (10, "org.springframework:spring-jcl", "5.3.17", "transitive"),
        (11, "com.fasterxml.jackson.core:jackson-databind", "2.9.10.8", ""),  # 2.9.8 -> 2.9.10.8
        (12, "com.fasterxml.jackson.core:jackson-annotations", "2.9.10", "transitive"),
        (13, "com.fasterxml.jackson.core:jackson-core", "2.9.10", "transitive"),
        (14, "org.apache.logging.log4j:log4j-core", "2.14.1", ""),  # {strictly 2.14.1} -> 2.14.1
        (15, "org.apache.logging.log4j:log4j-api", "2.14.1", "transitive"),  # its `(c)` constraint is not a use
        (16, "com.google.guava:guava", None, ""),  # FAILED: unresolved, never guessed
        (26, "junit:junit", "4.12", "test"),
        (27, "org.hamcrest:hamcrest-core", "1.3", "test,transitive"),
    ]  # `project :card-api` is first-party, `(c)` a constraint, `(*)` a repeat of a subtree already listed
    assert found[7].unpinned_reason == "unresolved: the build could not resolve it"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("build-output/mvn-dependency-tree.txt", "mvn-tree"),
        ("build-output/gradle-dependencies.txt", "gradle-tree"),
        ("projects/gradle-app/gradle.lockfile", "gradle-lockfile"),
        ("projects/npm-v1/package-lock.json", "npm-lock"),
        ("projects/maven-single/pom.xml", "pom"),
        ("projects/npm-v3/package.json", None),
    ],
)
def test_content_sniffing_for_files_handed_over(name: str, kind: str | None) -> None:
    assert sniff(FIXTURES / name) == kind


@pytest.mark.parametrize(
    ("kind", "content", "problem"),
    [
        ("gradle-lockfile", "junit:junit=test\n", "line 1: expected group:artifact:version=configurations"),
        ("mvn-tree", "hello\n", "not `mvn dependency:tree` output"),
        ("gradle-tree", "hello\n", "not `gradle dependencies` output"),
        ("gradle-tree", "compileClasspath\n+--- org.example:\n", "line 2: expected group:artifact[:version]"),
    ],
)
def test_malformed_text(tmp_path: Path, kind: str, content: str, problem: str) -> None:
    (tmp_path / "deps.txt").write_text(content)
    with pytest.raises(ManifestError) as raised:
        read_manifest(tmp_path, "deps.txt", kind)
    assert problem in raised.value.reason
