"""SARIF that GitHub code scanning accepts (gatekeeper/reports/sarif_limits.py): a run per scanner
with its own category, at most 20 runs, 25,000 results a run and 10 MB gzipped a file, URIs from
the repository root, and a --diff-base scan's whole result."""

from __future__ import annotations

import gzip
import json
import secrets
from dataclasses import replace
from typing import Any

import pytest

from gatekeeper.config import Policy
from gatekeeper.findings import Severity
from gatekeeper.gate import Verdict, verdict
from gatekeeper.reports import sarif, sarif_limits
from gatekeeper.result import ChangeScope, ScanResult
from gatekeeper.scanners.base import ScannerResult, SkippedFile
from tests.reports.test_sarif import finding, scan, to_sarif


def _ids(doc: dict[str, Any]) -> list[str]:
    return [run["automationDetails"]["id"] for run in doc["runs"]]


def _lines(run: dict[str, Any]) -> list[int]:
    return [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run["results"]]


def test_one_run_per_scanner_each_its_own_category() -> None:
    findings = (
        finding(index=1, line=1),
        replace(finding("B602", index=2, line=2), scanners=("bandit", "semgrep")),
        replace(finding("eslint-no-eval", index=3, line=3, path="web/a.js"), scanners=("sarif/eslint",)),
    )
    scanners = tuple(ScannerResult(n, "1") for n in ("bandit", "sarif", "secrets", "semgrep"))
    doc = to_sarif(scan(*findings, scanners=scanners, target="services/api"))
    assert _ids(doc) == [
        "gatekeeper/services/api/bandit/",
        "gatekeeper/services/api/sarif/",
        "gatekeeper/services/api/sarif/eslint/",
        "gatekeeper/services/api/secrets/",
        "gatekeeper/services/api/semgrep/",
    ]
    by_id = {run["automationDetails"]["id"].split("/")[-2]: run for run in doc["runs"]}
    # A finding two scanners reported goes to the run of the one that leads it, once.
    assert [r["ruleId"] for r in by_id["bandit"]["results"]] == ["B602"]
    assert [r["ruleId"] for r in by_id["semgrep"]["results"]] == ["python-sql-injection"]
    assert [r["ruleId"] for r in by_id["eslint"]["results"]] == ["eslint-no-eval"]
    # A scanner that ran and found nothing still has its run: uploading it closes its fixed alerts.
    assert by_id["secrets"]["results"] == [] and by_id["secrets"]["tool"]["extensions"][0]["name"] == "secrets"
    # Each run's rules are those of its results.
    assert [r["id"] for r in by_id["bandit"]["tool"]["driver"]["rules"]] == ["B602"]
    assert all(r["ruleIndex"] == 0 for r in by_id["bandit"]["results"])


def test_at_most_twenty_runs_the_smallest_tools_share_one() -> None:
    imported = [
        replace(finding(f"rule-{t}", index=t * 10 + i, line=t * 10 + i), scanners=(f"sarif/tool{t:02d}",))
        for t in range(25)
        for i in range(1 + t % 3)
    ]
    scanners = (ScannerResult("sarif", "1"), ScannerResult("semgrep", "1"))
    doc = to_sarif(scan(finding(index=999, line=999), *imported, scanners=scanners))
    assert len(doc["runs"]) == sarif_limits.MAX_RUNS == 20
    assert len(set(_ids(doc))) == 20
    assert "gatekeeper/other/" in _ids(doc)
    assert sum(len(run["results"]) for run in doc["runs"]) == len(imported) + 1
    kept = {i.split("/")[-2] for i in _ids(doc)}
    assert {"semgrep", "sarif"} <= kept  # gatekeeper's own scanners keep their runs


def test_the_25000_limit_applies_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif_limits, "MAX_RESULTS", 2)
    semgrep = [
        finding(severity=s, index=i, line=i + 1) for i, s in enumerate((Severity.LOW, Severity.HIGH, Severity.MEDIUM))
    ]
    bandit = [replace(finding("B101", index=10 + i, line=20 + i), scanners=("bandit",)) for i in range(2)]
    notes: list[str] = []
    doc = sarif.to_sarif(*_judged(scan(*semgrep, *bandit)), note=notes.append)
    bandit_run, semgrep_run = doc["runs"]
    assert _lines(semgrep_run) == [2, 3] and semgrep_run["properties"]["truncated"] == {"total": 3, "included": 2}
    assert _lines(bandit_run) == [20, 21] and "truncated" not in bandit_run["properties"]
    assert notes == ["semgrep: " + sarif_limits.truncation_message(2, 3)]


def _judged(result: ScanResult) -> tuple[ScanResult, Verdict, Policy]:
    return result, verdict(result, Policy()), Policy()


def test_the_file_stays_under_the_gzipped_size_limit_keeping_the_most_severe(monkeypatch: pytest.MonkeyPatch) -> None:
    # Messages that do not compress, so the gzipped size grows with every result.
    monkeypatch.setattr(sarif_limits, "MAX_GZIP_BYTES", 40_000)
    severities = [Severity.INFO, Severity.LOW, Severity.CRITICAL, Severity.MEDIUM]
    findings = [
        finding(severity=severities[i % 4], index=i, line=i + 1, message=secrets.token_hex(200)) for i in range(400)
    ]
    notes: list[str] = []
    result = scan(*findings)
    doc = sarif.to_sarif(*_judged(result), note=notes.append)
    text = sarif.render(*_judged(result)).encode()
    assert len(gzip.compress(text)) <= 40_000
    (run,) = [r for r in doc["runs"] if r["results"]]
    kept = [r["properties"]["severity"] for r in run["results"]]
    assert 0 < len(kept) < 400 and run["properties"]["truncated"]["total"] == 400
    # Every critical kept before any info.
    assert kept.count("critical") == 100 and "info" not in kept
    assert notes and "MB gzipped per file" in notes[0]


def test_github_limits_are_githubs() -> None:
    assert (sarif_limits.MAX_RUNS, sarif_limits.MAX_RESULTS, sarif_limits.MAX_GZIP_BYTES) == (20, 25_000, 10 * 1024**2)


def test_uris_are_relative_to_the_repository_root_when_a_subdirectory_was_scanned() -> None:
    lost = ScannerResult("semgrep", "1", skipped=(SkippedFile("big.py", "timeout"),))
    result = scan(finding(path="app.py"), scanners=(lost,), target="services/api")
    result = replace(result, metadata=replace(result.metadata, root_in_repo="services/api/"))
    (run,) = to_sarif(result)["runs"]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "services/api/app.py", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["SCANROOT"] == {
        "uri": "services/api/",
        "uriBaseId": "%SRCROOT%",
        "description": {"text": "The scan root (services/api) in the repository."},
    }
    notice = run["invocations"][0]["toolExecutionNotifications"][0]
    assert notice["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "services/api/big.py"


def test_at_the_repository_root_uris_are_unchanged() -> None:
    result = scan(finding(path="app.py"))
    result = replace(result, metadata=replace(result.metadata, root_in_repo=""))
    run = to_sarif(result)["runs"][-1]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app.py"
    assert "SCANROOT" not in run["originalUriBaseIds"]


def test_a_diff_scan_uploads_the_findings_outside_the_changed_lines_too() -> None:
    judged = finding(index=1, line=3)
    outside = finding(index=2, line=40)
    result = replace(scan(judged), outside_changes=(outside,), changes=ChangeScope("diff", "main", "f" * 40, 1, 1))
    (_bandit, run) = to_sarif(result)["runs"]
    assert _lines(run) == [3, 40]
    assert [r["properties"].get("outsideChanges", False) for r in run["results"]] == [False, True]
    # The verdict is the changed lines' alone.
    assert verdict(result, Policy()).blocking == (judged.fingerprint,)
    assert json.dumps(run).count(outside.fingerprint) == 1
