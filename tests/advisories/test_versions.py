"""Version ordering per ecosystem, against the published examples of each ecosystem's own rules."""

from __future__ import annotations

import pytest

from gatekeeper.advisories import ranges, versions
from gatekeeper.advisories.interface import PackageVersion
from gatekeeper.advisories.osv import merge, parse_record
from gatekeeper.advisories.ranges import Range

# semver.org, item 11: "1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 <
# 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0", and "1.0.0 < 2.0.0 < 2.1.0 < 2.1.1".
SEMVER_PRECEDENCE = [
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
    "2.0.0",
    "2.1.0",
    "2.1.1",
]


@pytest.mark.parametrize("ecosystem", ["npm", "Go"])
def test_semver_precedence_list_from_semver_org(ecosystem: str) -> None:
    keys = [versions.key(ecosystem, v) for v in SEMVER_PRECEDENCE]
    assert all(k is not None for k in keys)
    assert all(a < b for a, b in zip(keys, keys[1:], strict=False))


def test_semver_build_metadata_does_not_order() -> None:
    # semver.org item 10; Go's `+incompatible` is build metadata too (go.dev/ref/mod#incompatible-versions).
    assert versions.key("npm", "1.0.0+20130313144700") == versions.key("npm", "1.0.0")
    assert versions.key("Go", "v2.0.0+incompatible") == versions.key("Go", "2.0.0")
    assert versions.key("Go", "v2.0.1+incompatible") > versions.key("Go", "v2.0.0")


def test_go_module_versions() -> None:
    # go.dev/ref/mod#pseudo-versions: a pseudo-version is a pre-release of the next patch, ordered by time.
    older = versions.key("Go", "v0.0.0-20191109021931-daa7c04131f5")
    newer = versions.key("Go", "v0.0.0-20220906165146-f3363e06e74c")
    assert older < newer < versions.key("Go", "v0.1.0")
    assert versions.key("Go", "v1.2.3") == versions.key("Go", "1.2.3")  # OSV writes Go versions without the `v`
    assert versions.key("Go", "v1.19.0-0") < versions.key("Go", "1.19.0")  # vulndb's "start of the 1.19 line"
    assert versions.canonical("Go", "v1.2.3") == "1.2.3"


@pytest.mark.parametrize("text", ["1.2", "1", "01.2.3", "1.2.3.4", "2019-09-12", "latest", "", "v"])
def test_strict_semver_never_coerces(text: str) -> None:
    # univers' own parser would coerce `2019-09-12` into 2019.0.0-09-12: a "fix" nobody released.
    assert versions.key("npm", text) is None and versions.key("Go", text) is None


# Maven's ComparableVersion documentation (maven.apache.org/ref/current/maven-artifact/apidocs/org/apache/
# maven/artifact/versioning/ComparableVersion.html) and the issue's own `2.0-beta9 < 2.0 < 2.0.1`.
MAVEN_ORDER = [
    ("1", "<", "1.1"),
    ("1-snapshot", "<", "1"),
    ("1", "<", "1-sp"),
    ("1-foo2", "<", "1-foo10"),
    ("1-foo", "<", "1-1"),
    ("1-1", "<", "1.1"),
    ("1.ga", "=", "1-ga"),
    ("1-ga", "=", "1-0"),
    ("1-0", "=", "1.0"),
    ("1.0", "=", "1"),
    ("1-sp", ">", "1-ga"),
    ("1-sp.1", ">", "1-ga.1"),
    ("1-sp-1", "<", "1-ga-1"),
    ("1-a1", "=", "1-alpha-1"),
    ("2.0-beta9", "<", "2.0"),
    ("2.0", "<", "2.0.1"),
    ("1.0-alpha-1", "<", "1.0-beta-1"),
    ("1.0-milestone-1", "<", "1.0-rc-1"),
    ("1.0-cr1", "=", "1.0-rc1"),
    ("1.0-rc1", "<", "1.0-SNAPSHOT"),
    ("1.0-SNAPSHOT", "<", "1.0"),
    ("1.0.0.Final", "=", "1.0.0"),
]


@pytest.mark.parametrize(("left", "op", "right"), MAVEN_ORDER)
def test_maven_comparable_version_examples(left: str, op: str, right: str) -> None:
    a, b = versions.key("Maven", left), versions.key("Maven", right)
    assert {"<": a < b, "=": a == b, ">": a > b}[op]


@pytest.mark.parametrize("text", ["${project.version}", "latest", "[1.0,2.0)", "RELEASE", ""])
def test_maven_placeholders_and_ranges_are_not_versions(text: str) -> None:
    assert versions.key("Maven", text) is None


def test_pypi_keeps_pep440() -> None:
    assert versions.key("PyPI", "2.10") == versions.key("PyPI", "2.10.0")
    assert versions.key("PyPI", "1.0rc1") < versions.key("PyPI", "1.0")
    assert versions.canonical("PyPI", "2.10.0") == versions.canonical("PyPI", "2.10")
    assert versions.key("PyPI", "2019-09-12") is None


def test_unknown_ecosystems_do_not_order() -> None:
    assert versions.key("crates.io", "1.0.0") is None
    assert "crates.io" not in versions.ORDERED


def _record(
    ecosystem: str,
    name: str,
    events: list[dict[str, str]],
    range_type: str = "ECOSYSTEM",
    listed: list[str] | None = None,
    record_id: str = "OSV-1",
) -> object:
    entry: dict[str, object] = {
        "package": {"ecosystem": ecosystem, "name": name},
        "ranges": [{"type": range_type, "events": events}],
    }
    if listed is not None:
        entry["versions"] = listed
    return parse_record({"id": record_id, "affected": [entry]}, f"{record_id}.json")


def affects(record: object, ecosystem: str, name: str, version: str) -> bool:
    return record.affects(PackageVersion.of(name, version, ecosystem))  # type: ignore[attr-defined, no-any-return]


def test_maven_ecosystem_range() -> None:
    # GHSA-jfh8-c2jp-5v3q (Log4Shell): introduced 2.0-beta9, fixed 2.15.0.
    log4j = _record("Maven", "org.apache.logging.log4j:log4j-core", [{"introduced": "2.0-beta9"}, {"fixed": "2.15.0"}])
    name = "org.apache.logging.log4j:log4j-core"
    assert affects(log4j, "Maven", name, "2.14.1")
    assert affects(log4j, "Maven", name, "2.0-beta9")
    assert affects(log4j, "Maven", name, "2.0")  # 2.0-beta9 < 2.0
    assert not affects(log4j, "Maven", name, "2.0-beta8")
    assert not affects(log4j, "Maven", name, "2.15.0")
    assert not affects(log4j, "Maven", "org.apache.logging.log4j:log4j-api", "2.14.1")


def test_npm_semver_range_with_prereleases_and_last_affected() -> None:
    record = _record("npm", "@scope/pkg", [{"introduced": "0"}, {"last_affected": "1.2.3-beta.2"}], "SEMVER")
    assert affects(record, "npm", "@scope/pkg", "1.2.3-beta.1")
    assert affects(record, "npm", "@scope/pkg", "1.2.3-beta.2")
    assert not affects(record, "npm", "@scope/pkg", "1.2.3-beta.11")
    assert not affects(record, "npm", "@scope/pkg", "1.2.3")


def test_limit_and_listed_versions() -> None:
    record = _record("npm", "pkg", [{"introduced": "1.0.0"}, {"limit": "2.0.0"}], "SEMVER", listed=["3.0.0"])
    assert affects(record, "npm", "pkg", "1.5.0")
    assert not affects(record, "npm", "pkg", "2.0.0")
    assert affects(record, "npm", "pkg", "3.0.0")  # listed explicitly


def test_an_unordered_event_never_counts_as_fixed_in_any_ecosystem() -> None:
    rng = Range("SEMVER", (("introduced", "0"), ("fixed", "not-a-version")))
    assert ranges.range_affects("Go", rng, "9.9.9")
    rng = Range("ECOSYSTEM", (("introduced", "1.0"), ("fixed", "${fix.version}")))
    assert ranges.range_affects("Maven", rng, "5.0")
    # An installed version that does not order is in every range that starts somewhere.
    assert ranges.range_affects("npm", Range("SEMVER", (("introduced", "0"), ("fixed", "1.0.0"))), "garbage")


def test_fix_is_the_smallest_version_that_clears_every_merged_record() -> None:
    first = _record("Go", "golang.org/x/net", [{"introduced": "0"}, {"fixed": "0.7.0"}], "SEMVER", record_id="GO-1")
    second = _record("Go", "golang.org/x/net", [{"introduced": "0"}, {"fixed": "0.10.0"}], "SEMVER", record_id="GO-2")
    package = PackageVersion.of("golang.org/x/net", "v0.6.0", "Go")
    vulns = merge(package, [first, second])  # type: ignore[list-item]
    assert [v.fix for v in vulns] == ["0.7.0", "0.10.0"]  # 0.10.0 orders after 0.7.0 (not as text)
    assert vulns[1].fixed_versions == ("0.10.0",)
