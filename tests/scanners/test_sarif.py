"""The SARIF importer's reading of results: severity, CWE, locations re-rooted, fingerprints, scope."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from gatekeeper.findings import Severity
from gatekeeper.scanners.base import ScanContext
from gatekeeper.scanners.sarif import SarifScanner
from gatekeeper.scanners.sarif_paths import Outside, Resolver
from gatekeeper.scanners.sarif_results import (
    ResultError,
    RunReader,
    cwe_ids,
    security_severity,
)


def _run(results: list[dict[str, Any]], rules: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return {"tool": {"driver": {"name": "Vendor", "version": "4.2", "rules": rules or []}}, "results": results, **extra}


def _result(rule_id: str = "R1", uri: str = "src/app.py", line: int = 3, **extra: Any) -> dict[str, Any]:
    location = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}}}
    return {"ruleId": rule_id, "message": {"text": "bad"}, "locations": [location], **extra}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text("a = 1\n" * 10)
    (tmp_path / "src" / "other.py").write_text("b = 2\n")
    return tmp_path


def _convert(tree: Path, run: dict[str, Any], scope: tuple[str, ...] = ("src/app.py", "src/other.py")) -> Any:
    resolver = Resolver(tree, dict(run.get("originalUriBaseIds") or {}))
    return RunReader(run, resolver, frozenset(scope), {"sarif_file": "x.sarif"}).convert()


@pytest.mark.parametrize(
    ("score", "severity"),
    [
        ("10.0", Severity.CRITICAL),
        ("9.0", Severity.CRITICAL),
        ("8.9", Severity.HIGH),
        (7, Severity.HIGH),
        ("6.9", Severity.MEDIUM),
        ("4.0", Severity.MEDIUM),
        ("3.9", Severity.LOW),
        ("0.0", Severity.LOW),
    ],
)
def test_security_severity_follows_githubs_scale(score: Any, severity: Severity) -> None:
    assert security_severity(score) is severity


@pytest.mark.parametrize("score", ["high", "11", "-1", None])
def test_a_security_severity_that_is_no_score_is_refused(score: Any) -> None:
    with pytest.raises(ValueError, match="security-severity"):
        security_severity(score)


def test_severity_from_the_score_then_the_level_then_the_rules_default(tree: Path) -> None:
    rules = [
        {"id": "scored", "properties": {"security-severity": "9.1"}, "defaultConfiguration": {"level": "note"}},
        {"id": "defaulted", "defaultConfiguration": {"level": "error"}},
        {"id": "plain"},
    ]
    results = [
        _result("scored", level="note", line=1),
        _result("defaulted", line=2),
        _result("defaulted", level="none", line=3),
        _result("plain", line=4),
        _result("plain", level="note", line=5),
    ]
    found = sorted(_convert(tree, _run(results, rules)).findings, key=lambda f: f.location.start_line)
    assert [f.severity for f in found] == [
        Severity.CRITICAL,
        Severity.HIGH,
        Severity.INFO,
        Severity.MEDIUM,
        Severity.LOW,
    ]
    assert dict(found[0].properties)["sarif_severity_from"] == "security-severity 9.1"


def test_a_bad_score_names_the_result_and_its_rule(tree: Path) -> None:
    run = _run([_result("R9")], [{"id": "R9", "properties": {"security-severity": "severe"}}])
    with pytest.raises(ResultError, match=r"result 1 \(rule R9\): security-severity 'severe' is not a number"):
        _convert(tree, run)


def test_cwe_from_tags_in_every_spelling() -> None:
    assert cwe_ids(["external/cwe/cwe-079", "security", "CWE-89: Improper Neutralization", "cwe_22"]) == [
        "CWE-79",
        "CWE-89",
        "CWE-22",
    ]
    assert cwe_ids("CWE-502", ["798"], None, True) == ["CWE-502", "CWE-798"]
    assert cwe_ids(["owasp-a03", "cwe"]) == []


def test_cwe_from_taxa_and_relationships_into_the_cwe_taxonomy(tree: Path) -> None:
    taxonomies = [
        {"name": "OWASP", "taxa": [{"id": "A03"}]},
        {"name": "CWE", "guid": "g-cwe", "taxa": [{"id": "78"}, {"id": "89"}]},
    ]
    rules = [
        {"id": "by-index", "relationships": [{"target": {"index": 1, "toolComponent": {"index": 1}}}]},
        {
            "id": "by-guid",
            "relationships": [
                {"target": {"id": "78", "toolComponent": {"guid": "g-cwe"}}},
                {"target": {"id": "A03", "toolComponent": {"index": 0}}},
            ],
        },
        {"id": "by-property", "properties": {"cwe": "CWE-611"}},
    ]
    results = [
        _result("by-index", line=1),
        _result("by-guid", line=2),
        _result("by-property", line=3),
        _result("none", line=4, taxa=[{"id": "22", "toolComponent": {"name": "CWE"}}]),
    ]
    found = sorted(
        _convert(tree, _run(results, rules, taxonomies=taxonomies)).findings, key=lambda f: f.location.start_line
    )
    assert [f.cwe for f in found] == [("CWE-89",), ("CWE-78",), ("CWE-611",), ("CWE-22",)]


def test_rules_are_found_by_index_in_the_driver_or_an_extension(tree: Path) -> None:
    run = _run(
        [
            _result("q/sql", rule={"id": "q/sql", "index": 0, "toolComponent": {"index": 0}}),
            _result("r0", ruleIndex=0, line=4),
        ],
        [{"id": "r0", "shortDescription": {"text": "Driver rule"}}],
    )
    run["tool"]["extensions"] = [
        {
            "name": "pack",
            "rules": [
                {
                    "id": "q/sql",
                    "shortDescription": {"text": "SQL built from input"},
                    "properties": {"tags": ["external/cwe/cwe-089"]},
                }
            ],
        }
    ]
    first, second = sorted(_convert(tree, run).findings, key=lambda f: f.location.start_line)
    assert (first.title, first.cwe) == ("SQL built from input", ("CWE-89",))
    assert second.title == "Driver rule"


def test_attribution_fingerprints_and_message_arguments_are_kept(tree: Path) -> None:
    rules = [
        {
            "id": "R1",
            "messageStrings": {"default": {"text": "{0} reaches {1}"}},
            "helpUri": "https://vendor.example/R1",
            "help": {"text": "Use parameters.\n\nLong background."},
            "properties": {"precision": "very-high"},
        }
    ]
    result = _result(
        message={"id": "default", "arguments": ["input", "execute()"]},
        partialFingerprints={"primaryLocationLineHash": "39fa2ee980eb94b0:1"},
        fingerprints={"v1": "abc"},
    )
    [finding] = _convert(tree, _run([result], rules)).findings
    assert finding.message == "input reaches execute()"
    assert finding.remediation == "Use parameters."
    assert finding.references == ("https://vendor.example/R1",)
    assert finding.scanners == ("sarif/Vendor",) and finding.source_rules == (("sarif/Vendor", "R1"),)
    properties = dict(finding.properties)
    assert properties["sarif_partialFingerprints"] == {"primaryLocationLineHash": "39fa2ee980eb94b0:1"}
    assert properties["sarif_fingerprints"] == {"v1": "abc"}
    assert properties["sarif_file"] == "x.sarif"


def test_passes_and_absent_results_are_not_findings(tree: Path) -> None:
    results = [
        _result(kind="pass", line=1),
        _result(kind="notApplicable", line=2),
        _result(baselineState="absent", line=3),
        _result(kind="review", line=4),
    ]
    [finding] = _convert(tree, _run(results)).findings
    assert finding.location.start_line == 4


def test_the_run_covers_the_files_it_names_in_scope_and_no_others(tree: Path) -> None:
    (tree / "src" / "excluded.py").write_text("c = 3\n")
    run = _run(
        [_result(uri="src/excluded.py")],
        artifacts=[
            {"location": {"uri": "src/other.py"}},
            {"location": {"uri": "gone.py"}},
            {"location": {"uri": "file:///etc/hosts"}},
        ],
    )
    converted = _convert(tree, run)
    assert converted.named == {"src/other.py"}
    assert converted.findings == [] and converted.outside_scope == 1


def test_a_result_with_no_file_is_reported(tree: Path) -> None:
    with pytest.raises(ResultError, match=r"result 1 \(rule R1\) names no file"):
        _convert(tree, _run([{"ruleId": "R1", "message": {"text": "x"}, "locations": [{"logicalLocations": []}]}]))


# --- re-rooting ------------------------------------------------------------------------------------


def test_srcroot_and_foreign_bases_are_re_rooted_to_the_scan_root(tree: Path) -> None:
    resolver = Resolver(
        tree,
        {
            "%SRCROOT%": {"uri": "file:///home/runner/work/repo/repo/"},
            "SRC": {"uri": "src/", "uriBaseId": "%SRCROOT%"},
            "HERE": {"uri": tree.as_uri() + "/src/"},
        },
    )
    assert resolver.result({"uri": "src/app.py", "uriBaseId": "%SRCROOT%"}) == "src/app.py"
    assert resolver.result({"uri": "app.py", "uriBaseId": "SRC"}) == "src/app.py"
    assert resolver.result({"uri": "other.py", "uriBaseId": "HERE"}) == "src/other.py"
    assert resolver.result({"uri": "src/app.py", "uriBaseId": "UNDEFINED"}) == "src/app.py"
    assert resolver.result({"uri": (tree / "src" / "app.py").as_uri()}) == "src/app.py"
    assert resolver.result({"uri": "./src/app%2Epy"}) == "src/app.py"


@pytest.mark.parametrize(
    "uri",
    [
        "file:///etc/passwd",
        "../outside.py",
        "src/../../x.py",
        "https://example.com/app.py",
        "/etc/passwd",
        "file://otherhost/src/app.py",
    ],
)
def test_locations_outside_the_scan_root_are_outside(tree: Path, uri: str) -> None:
    with pytest.raises(Outside):
        Resolver(tree, {}).result({"uri": uri})


# --- the scanner -----------------------------------------------------------------------------------


def _context(tree: Path, tmp_path: Path, files: list[Path], **options: Any) -> ScanContext:
    entries = [{"path": str(f), "given": str(f)} for f in files]
    return ScanContext(
        root=tree,
        files=(),
        rules_dir=tmp_path,
        workdir=tmp_path,
        timeout=60,
        options={"files": entries, **options},
        scope=("src/app.py", "src/other.py"),
    )


def test_each_file_is_attributed_and_a_bad_one_does_not_hide_the_others(tree: Path, tmp_path: Path) -> None:
    good = tree / "vendor.sarif"
    good.write_text(json.dumps({"version": "2.1.0", "runs": [_run([_result()])]}))
    bad = tmp_path / "bad.sarif"
    bad.write_text("{}")
    result = SarifScanner().scan(_context(tree, tmp_path, [bad, good]), [])
    assert result.errors == (
        ("sarif: bad.sarif: not a valid SARIF 2.1.0 log: the document must contain ['runs', 'version'] properties"),
    )
    assert len(result.findings) == 1 and result.scanned == ("src/app.py",)
    provenance = dict(result.provenance)
    assert provenance["import_2_file"] == "vendor.sarif"  # inside the scan root: named relative to it
    assert provenance["import_2_tools"] == "Vendor 4.2"


def test_age_is_judged_on_the_scans_clock(tree: Path, tmp_path: Path) -> None:
    log = tree / "vendor.sarif"
    run = _run([_result()], invocations=[{"executionSuccessful": True, "endTimeUtc": "2026-03-01T10:00:00Z"}])
    log.write_text(json.dumps({"version": "2.1.0", "runs": [run]}))
    scanner = SarifScanner()
    produced = datetime(2026, 3, 1, 10, tzinfo=timezone.utc)
    fresh = scanner.annotate(
        scanner.scan(_context(tree, tmp_path, [log], max_age_days=2), []), produced + timedelta(days=2)
    )
    assert fresh.errors == () and dict(fresh.provenance)["import_1_age_days"] == "2"
    stale = scanner.annotate(
        scanner.scan(_context(tree, tmp_path, [log], max_age_days=2), []), produced + timedelta(days=2, hours=1)
    )
    assert stale.errors and "stale" in stale.errors[0] and "max_age_days (2)" in stale.errors[0]
    forever = scanner.annotate(
        scanner.scan(_context(tree, tmp_path, [log], max_age_days="unlimited"), []), produced + timedelta(days=900)
    )
    assert forever.errors == ()


def test_idle_without_files() -> None:
    assert SarifScanner().idle({}) and not SarifScanner().idle({"files": [{"path": "/x", "given": "x"}]})
    assert not SarifScanner().handles("src/app.py")


def test_error_notifications_are_lost_coverage_or_errors(tree: Path) -> None:
    # As bandit 1.9.4 writes a file it cannot parse (tests/fixtures/sarif/README.md).
    syntax = {
        "message": {"text": "syntax error while parsing AST from file"},
        "level": "error",
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/other.py"}}}],
    }
    unplaced = {"message": {"text": "rule pack failed to load"}, "level": "error"}
    warning = {
        "message": {"text": "slow file"},
        "level": "warning",
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/app.py"}}}],
    }
    run = _run(
        [_result(), _result(uri="src/other.py")],
        invocations=[
            {
                "executionSuccessful": True,
                "toolConfigurationNotifications": [syntax],
                "toolExecutionNotifications": [unplaced, warning],
            }
        ],
    )
    converted = RunReader(
        run, Resolver(tree, {}), frozenset({"src/app.py", "src/other.py"}), {"sarif_tool": "Bandit"}
    ).convert()
    assert converted.lost == {
        "src/other.py": "Bandit reported it could not analyse it: syntax error while parsing AST from file"
    }
    assert converted.named == {"src/app.py"}
    assert converted.problems == [
        ("Bandit reported an error about no file in particular (toolExecutionNotifications): rule pack failed to load")
    ]


def test_a_file_the_tree_does_not_hold_is_an_error_unless_the_scan_is_of_named_files(tree: Path) -> None:
    run = _run([_result(uri="src/deleted.py")])
    with pytest.raises(
        ResultError, match=r"result 1 \(rule R1\) is at src/deleted.py, which is not a file in the scan root"
    ):
        _convert(tree, run)
    # A scan of named files (a --staged tree holds only those): other files are outside its scope.
    converted = RunReader(run, Resolver(tree, {}), frozenset({"src/app.py"}), {}, named_files=True).convert()
    assert converted.findings == [] and converted.outside_scope == 1


def test_a_file_named_twice_is_imported_once(tree: Path, tmp_path: Path) -> None:
    log = tree / "vendor.sarif"
    log.write_text(json.dumps({"version": "2.1.0", "runs": [_run([_result()])]}))
    result = SarifScanner().scan(_context(tree, tmp_path, [log, tree / "src" / ".." / "vendor.sarif"]), [])
    assert len(result.findings) == 1 and "import_2_file" not in dict(result.provenance)
