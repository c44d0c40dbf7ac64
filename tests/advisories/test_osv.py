"""OSV records: validation, matching under OSV semantics and PEP 440, alias merging, severity."""

from __future__ import annotations

from typing import Any

import pytest
from packaging.version import Version

from gatekeeper.advisories.interface import PackageVersion
from gatekeeper.advisories.osv import Advisory, RecordError, cvss_rating, decode_record, merge, parse_record


def record(events: list[dict[str, str]] | None = None, **extra: Any) -> dict[str, Any]:
    affected: dict[str, Any] = {"package": {"name": "demo-pkg", "ecosystem": "PyPI"}}
    if events is not None:
        affected["ranges"] = [{"type": "ECOSYSTEM", "events": events}]
    data: dict[str, Any] = {"id": "PYSEC-2099-100", "affected": [affected], "modified": "2024-01-01T00:00:00Z"}
    data.update(extra)
    return data


def advisory(events: list[dict[str, str]] | None = None, **extra: Any) -> Advisory:
    parsed = parse_record(record(events, **extra), "test.yaml")
    assert parsed is not None
    return parsed


def affected(adv: Advisory, version: str, name: str = "demo-pkg") -> bool:
    return adv.affects(PackageVersion.of(name, version))


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([], "not an OSV record"),
        ({"affected": []}, "missing 'id'"),
        ({"id": "X-1"}, "X-1: missing 'affected'"),
        ({"id": "X-1", "affected": {}}, "'affected' must be a list"),
        ({"id": "X-1", "affected": [{"ranges": []}]}, "affected[0]: missing 'package.name'"),
        ({"id": "X-1", "affected": [{"package": {"name": "a"}}]}, "missing 'package.ecosystem'"),
        ({"id": "X-1", "schema_version": "2.0.0", "affected": []}, "unsupported OSV schema_version 2.0.0"),
        (record([{"introduced": "0"}, {"fixed": 2.1}]), "fixed must be a string, got 2.1 (quote it)"),  # type: ignore[dict-item]
        (record([{"introduced": "0", "fixed": "1"}]), "each event must be one of"),
        (record([{"broken": "1"}]), "unknown event 'broken'"),
        (record([]), "missing 'events'"),
        (record(None, aliases="CVE-1"), "'aliases' must be a list of strings"),
    ],
)
def test_invalid_records_are_errors_naming_the_file(data: Any, problem: str) -> None:
    with pytest.raises(RecordError) as raised:
        parse_record(data, "db/demo/X-1.yaml")
    assert str(raised.value).startswith("db/demo/X-1.yaml: ")
    assert problem in str(raised.value)


def test_versions_must_be_strings() -> None:
    data = record()
    data["affected"][0]["versions"] = ["1.0", 1.1]
    with pytest.raises(RecordError, match="'versions' must be a list of strings"):
        parse_record(data, "x.yaml")


def test_withdrawn_record_is_skipped_even_without_affected() -> None:
    assert parse_record({"id": "PYSEC-2099-9", "withdrawn": "2024-01-01T00:00:00Z"}, "x.yaml") is None


def test_other_ecosystems_are_kept_under_their_own_name() -> None:
    # issue 20: one store for every ecosystem (was: records of other ecosystems were dropped).
    data = {
        "id": "MAL-1",
        "affected": [
            {
                "package": {"name": "demo-pkg", "ecosystem": "npm"},
                "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}],
            }
        ],
    }
    adv = parse_record(data, "x.json")
    assert adv is not None and adv.packages == {("npm", "demo-pkg")}
    assert not affected(adv, "1.0")  # the PyPI package of the same name is another package
    assert adv.affects(PackageVersion.of("demo-pkg", "1.0.0", "npm"))


def test_decode_errors_name_file_and_line() -> None:
    with pytest.raises(RecordError, match=r"^db/x\.yaml: invalid YAML at line 3"):
        decode_record("db/x.yaml", b"id: X\naffected: []\n  bad: indentation\n")
    with pytest.raises(RecordError, match=r"^db/x\.json: invalid JSON at line 2"):
        decode_record("db/x.json", b'{"id": "X",\n  oops}')


def test_yaml_timestamps_become_iso_strings() -> None:
    adv = parse_record(
        decode_record("x.yaml", b"id: X-1\naffected: []\nmodified: 2024-10-10 17:22:00.5+00:00\n"), "x.yaml"
    )
    assert adv is not None and adv.modified == "2024-10-10T17:22:00.500000Z"


# --- matching -------------------------------------------------------------------------------


def test_introduced_fixed_ranges_under_pep440() -> None:
    adv = advisory([{"introduced": "0"}, {"fixed": "2.10.1"}, {"introduced": "3.0"}, {"fixed": "3.0.2"}])
    assert affected(adv, "2.10")
    assert affected(adv, "2.10.0")  # PEP 440: 2.10 == 2.10.0
    assert affected(adv, "2.9.6")
    assert affected(adv, "2.10.1rc1")  # a pre-release of the fix is still before it
    assert not affected(adv, "2.10.1")
    assert not affected(adv, "2.11")
    assert affected(adv, "3.0")
    assert affected(adv, "3.0.1")
    assert not affected(adv, "3.0.2")
    assert not affected(adv, "10.0")  # numeric, not lexical, ordering


def test_events_are_ordered_by_version_not_by_position() -> None:
    adv = advisory([{"fixed": "1.5"}, {"introduced": "1.0"}])
    assert affected(adv, "1.2")
    assert not affected(adv, "0.9")
    assert not affected(adv, "1.5")


def test_last_affected_includes_that_version_only() -> None:
    adv = advisory([{"introduced": "1.0"}, {"last_affected": "1.1.0"}])
    assert not affected(adv, "0.9")
    assert affected(adv, "1.0")
    assert affected(adv, "1.1")
    assert not affected(adv, "1.1.1")
    assert not affected(adv, "1.1.0.post1")


def test_introduced_only_means_every_later_version() -> None:
    adv = advisory([{"introduced": "2.0"}])
    assert affected(adv, "2.0")
    assert affected(adv, "99")
    assert not affected(adv, "1.9")


def test_limit_bounds_the_range() -> None:
    adv = advisory([{"introduced": "0"}, {"limit": "2.0"}])
    assert affected(adv, "1.9")
    assert not affected(adv, "2.0")


def test_versions_list_matches_exactly_with_pep440_equality() -> None:
    data = record()
    data["affected"][0]["versions"] = ["1.0", "1.1", "0.1-legacy-name"]
    adv = parse_record(data, "x.yaml")
    assert adv is not None
    assert affected(adv, "1.0.0")
    assert affected(adv, "1.1")
    assert not affected(adv, "1.0.1")


def test_git_ranges_are_ignored() -> None:
    data = record()
    data["affected"][0]["ranges"] = [{"type": "GIT", "repo": "https://x", "events": [{"introduced": "0"}]}]
    adv = parse_record(data, "x.yaml")
    assert adv is not None and not affected(adv, "1.0")


@pytest.mark.parametrize(
    ("events", "affected_versions", "clean_versions"),
    [
        # PYSEC-2019-125 (`2019-09-12`) and PYSEC-2021-371 (`0.2.0-n653`): ordering such a fix before every
        # version (as osv.dev orders PyPI's legacy versions) would make every version fixed.
        ([{"introduced": "0"}, {"fixed": "2019-09-12"}], ["0.1", "1.0", "2019.9.12", "99"], []),
        ([{"introduced": "1.0"}, {"fixed": "0.2.0-n653"}], ["1.0", "5.0"], ["0.9"]),
        ([{"introduced": "0"}, {"last_affected": "v2-final"}], ["0.1", "3.0"], []),
        ([{"introduced": "0"}, {"limit": "tip"}], ["0.1", "3.0"], []),
        ([{"introduced": "0"}, {"limit": "2.0"}, {"limit": "tip"}], ["3.0"], []),  # any unordered limit drops them all
        ([{"introduced": "early-days"}, {"fixed": "2.0"}], ["0.1", "1.9"], ["2.0"]),  # an unordered start is 0
        ([{"introduced": "0"}, {"fixed": "bad"}, {"introduced": "2.0"}, {"fixed": "2.5"}], ["1.0", "2.4"], ["2.5"]),
    ],
)
def test_an_event_that_is_not_pep440_is_never_a_fix(
    events: list[dict[str, str]], affected_versions: list[str], clean_versions: list[str]
) -> None:
    adv = advisory(events)
    assert [v for v in affected_versions if not affected(adv, v)] == []
    assert [v for v in clean_versions if affected(adv, v)] == []


def test_an_unordered_event_is_noted_on_the_vulnerability() -> None:
    adv = advisory([{"introduced": "0"}, {"fixed": "0.2.0-n653"}])
    (vuln,) = merge(PackageVersion.of("demo-pkg", "0.2.0"), [adv])
    assert vuln.fix is None and vuln.fixed_versions == ()
    assert vuln.unordered_fixes == ("0.2.0-n653",)
    note = (
        "PYSEC-2099-100 gives fixed '0.2.0-n653', which is not a PEP 440 version and cannot be ordered: "
        "it is not taken as the end of the affected range"
    )
    assert vuln.notes == (note,)
    (plain,) = merge(PackageVersion.of("demo-pkg", "0.2.0"), [advisory([{"introduced": "0"}, {"fixed": "1.0"}])])
    assert plain.notes == () and plain.unordered_fixes == ()


def test_package_names_are_normalised() -> None:
    data = record([{"introduced": "0"}])
    data["affected"][0]["package"]["name"] = "Demo_Pkg"
    adv = parse_record(data, "x.yaml")
    assert adv is not None
    assert affected(adv, "1.0", "demo.pkg")
    assert affected(adv, "1.0", "DEMO-PKG")
    assert not affected(adv, "1.0", "demo-pkg2")


def test_round_trip_through_the_index_form() -> None:
    adv = advisory(
        [{"introduced": "0"}, {"fixed": "1.0"}],
        aliases=["CVE-2099-1"],
        severity=[{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
        database_specific={"cwe_ids": ["CWE-79", "not-a-cwe"]},
    )
    again = Advisory.from_json(adv.to_json())
    assert again == adv
    assert again.cwe_ids == ("CWE-79",)


# --- merging and remediation ------------------------------------------------------------------


def test_aliases_merge_into_one_vulnerability_led_by_pysec() -> None:
    pysec = advisory(
        [{"introduced": "0"}, {"fixed": "1.2"}],
        id="PYSEC-2099-1",
        aliases=["CVE-2099-1", "GHSA-x"],
        database_specific={"cwe_ids": ["CWE-79"]},
    )
    ghsa = advisory(
        [{"introduced": "0"}, {"fixed": "1.2"}],
        id="GHSA-x",
        aliases=["CVE-2099-1"],
        database_specific={"cwe_ids": ["CWE-80"], "severity": "LOW"},
    )
    other = advisory([{"introduced": "0"}], id="PYSEC-2099-2")
    vulns = merge(PackageVersion.of("demo-pkg", "1.0"), [ghsa, other, pysec])
    assert [v.id for v in vulns] == ["PYSEC-2099-1", "PYSEC-2099-2"]
    first = vulns[0]
    assert first.aliases == ("GHSA-x", "CVE-2099-1")
    assert first.cwe_ids == ("CWE-79", "CWE-80")
    assert first.fix == "1.2"
    assert (first.severity, first.severity_source) == ("low", "database")
    assert vulns[1].fix is None and vulns[1].severity is None


def test_records_linked_only_through_a_shared_alias_merge() -> None:
    a = advisory([{"introduced": "0"}], id="PYSEC-2099-1", aliases=["CVE-2099-7"])
    b = advisory([{"introduced": "0"}], id="GHSA-y", aliases=["CVE-2099-7"])
    (vuln,) = merge(PackageVersion.of("demo-pkg", "1.0"), [a, b])
    assert vuln.ids == ("PYSEC-2099-1", "GHSA-y", "CVE-2099-7")


def test_fix_is_the_smallest_fixed_version_above_the_pin_that_is_not_still_affected() -> None:
    adv = advisory([{"introduced": "0"}, {"fixed": "1.2.0"}, {"introduced": "2.0"}, {"fixed": "2.0.5"}])
    assert merge(PackageVersion.of("demo-pkg", "1.0"), [adv])[0].fix == "1.2.0"
    assert merge(PackageVersion.of("demo-pkg", "2.0.1"), [adv])[0].fix == "2.0.5"
    # Another record of the same vulnerability still marks 1.2.0 affected: 2.0.5 is the real fix.
    stricter = advisory([{"introduced": "0"}, {"fixed": "2.0.5"}], id="GHSA-z", aliases=["PYSEC-2099-100"])
    (vuln,) = merge(PackageVersion.of("demo-pkg", "1.0"), [adv, stricter])
    assert vuln.fix == "2.0.5"
    assert vuln.fixed_versions == ("1.2.0", "2.0.5")


def test_no_fix_reports_the_last_affected_version() -> None:
    adv = advisory([{"introduced": "1.0"}, {"last_affected": "1.1.0"}])
    (vuln,) = merge(PackageVersion.of("demo-pkg", "1.0"), [adv])
    assert vuln.fix is None and vuln.last_affected == "1.1.0"


# --- severity -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")], ("critical", 9.8)),
        ([("CVSS_V3", "CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:U/C:L/I:N/A:N")], ("low", 2.8)),
        ([("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N")], ("none", 0.0)),
        ([("CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")], ("critical", 9.3)),
        ([("CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P")], ("high", 7.5)),
        # The newest version wins over an older one in the same record.
        (
            [("CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P"), ("CVSS_V3", "CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:U/C:L/I:N/A:N")],
            ("low", 2.8),
        ),
        # A malformed vector is skipped, never read as "none".
        ([("CVSS_V3", "CVSS:3.1/AV:BROKEN"), ("CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P")], ("high", 7.5)),
    ],
)
def test_cvss_vectors_give_severity(entries: list[tuple[str, str]], expected: tuple[str, float]) -> None:
    rating = cvss_rating(entries)
    assert rating is not None
    assert (rating[0], rating[2]) == expected


def test_no_parseable_vector_gives_no_rating() -> None:
    assert cvss_rating([("CVSS_V3", "garbage")]) is None
    assert cvss_rating([("Ubuntu", "high")]) is None


def test_cvss_beats_database_severity_and_the_worst_record_wins() -> None:
    low = advisory(
        [{"introduced": "0"}],
        id="PYSEC-2099-1",
        aliases=["GHSA-a"],
        severity=[{"type": "CVSS_V3", "score": "CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:U/C:L/I:N/A:N"}],
    )
    high_db = advisory([{"introduced": "0"}], id="GHSA-a", database_specific={"severity": "CRITICAL"})
    (vuln,) = merge(PackageVersion.of("demo-pkg", "1.0"), [low, high_db])
    assert (vuln.severity, vuln.severity_source, vuln.cvss_score) == ("low", "cvss", 2.8)


def test_version_parsing_of_the_pin_is_pep440() -> None:
    # issue 20: a PackageVersion keeps the version text of any ecosystem; PyPI's still orders under PEP 440.
    from gatekeeper.advisories.versions import key

    assert PackageVersion.of("Demo_Pkg", "2.10").version == "2.10"
    assert key("PyPI", PackageVersion.of("Demo_Pkg", "2.10").version) == Version("2.10.0")
    assert PackageVersion.of("Demo_Pkg", "1").name == "demo-pkg"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-10-10T17:22:00Z", "2024-10-10T17:22:00+00:00"),
        ("2024-10-10T17:22:00.5Z", "2024-10-10T17:22:00.500000+00:00"),
        ("2021-11-22T04:57:52.862665123Z", "2021-11-22T04:57:52.862665+00:00"),
        ("2024-10-10", "2024-10-10T00:00:00+00:00"),
        ("yesterday", None),
    ],
)
def test_timestamps(text: str, expected: str | None) -> None:
    from gatekeeper.advisories.osv import parse_timestamp

    moment = parse_timestamp(text)
    assert (moment.isoformat() if moment else None) == expected
