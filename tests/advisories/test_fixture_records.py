"""The npm and Maven OSV fixtures are well-formed OSV and say what the real advisories say: the
CVSS vectors score as published, every range opens with `introduced`, each record sits in its
ecosystem's directory, and the fixture lock files pin versions they are written to catch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cvss import CVSS3

from gatekeeper.advisories.manifests import read_manifest
from tests.advisories.helpers import FIXTURES, PROJECTS

RECORDS = Path(__file__).resolve().parent.parent / "fixtures" / "advisories"
PUBLISHED = {  # base scores as NVD / GitHub publish them
    "GHSA-jf85-cpcp-j695": ("CVE-2019-10744", 9.1),
    "GHSA-xvch-5gv4-984h": ("CVE-2021-44906", 9.8),
    "GHSA-jfh8-c2jp-5v3q": ("CVE-2021-44228", 10.0),
    "GHSA-7rjr-3q55-vv33": ("CVE-2021-45046", 9.0),
    "GHSA-36p3-wjmg-h94x": ("CVE-2022-22965", 9.8),
    "GHSA-57j2-w4cx-62h2": ("CVE-2020-36518", 7.5),
    "GHSA-jjjh-jjxp-wpff": ("CVE-2022-42003", 7.5),
}
ECOSYSTEMS = {"npm": "npm", "maven": "Maven"}


def records() -> list[Path]:
    return sorted(RECORDS.glob("*/*.json"))


def test_every_published_advisory_has_its_record() -> None:
    assert sorted(p.stem for p in records()) == sorted(PUBLISHED)


@pytest.mark.parametrize("path", records(), ids=lambda p: p.stem)
def test_record_is_well_formed_osv(path: Path) -> None:
    record = json.loads(path.read_text())
    assert record["id"] == path.stem
    alias, score = PUBLISHED[record["id"]]
    assert record["aliases"] == [alias]
    assert record["modified"].endswith("Z")
    (severity,) = record["severity"]
    assert severity["type"] == "CVSS_V3"
    assert float(CVSS3(severity["score"]).base_score) == pytest.approx(score)
    for affected in record["affected"]:
        assert affected["package"]["ecosystem"] == ECOSYSTEMS[path.parent.name]
        if affected["package"]["ecosystem"] == "Maven":
            assert affected["package"]["name"].count(":") == 1  # groupId:artifactId, as OSV names it
        for range_ in affected["ranges"]:
            assert range_["type"] == ("SEMVER" if path.parent.name == "npm" else "ECOSYSTEM")
            events = range_["events"]
            assert list(events[0]) == ["introduced"] and all(len(e) == 1 for e in events)
            assert {k for e in events for k in e} <= {"introduced", "fixed", "last_affected", "limit"}


def test_the_lock_fixtures_pin_what_the_records_name() -> None:
    named = {
        (a["package"]["ecosystem"], a["package"]["name"])
        for p in records()
        for a in json.loads(p.read_text())["affected"]
    }
    pinned = {
        (r.ecosystem, r.name)
        for path in (
            "npm-v3/package-lock.json",
            "npm-v1/package-lock.json",
            "maven-multi/payments-core/pom.xml",
            "gradle-app/gradle.lockfile",
        )
        for r in read_manifest(PROJECTS, path)
        if r.version
    }
    pinned |= {
        (r.ecosystem, r.name) for r in read_manifest(FIXTURES, "build-output/mvn-dependency-tree.txt", "mvn-tree")
    }
    assert named - pinned == {("Maven", "org.springframework:spring-webmvc")}
