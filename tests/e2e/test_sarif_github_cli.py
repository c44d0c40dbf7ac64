"""SARIF for GitHub code scanning through the CLI, in real repositories: a subdirectory's scan
names files from the repository root, and a pull request's --diff-base scan uploads every finding
while only the changed lines decide the verdict."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import CLEAN_PY, VULNERABLE_PY, run_cli
from tests.policy.helpers import commit_all, git, init_repo


def _validate(doc: dict[str, Any]) -> None:
    base = os.environ.get("GATEKEEPER_TEST_SCHEMAS")
    if not base:
        return  # the schema check itself is tests/reports/test_sarif.py's, which skips with its reason
    schema = json.loads((Path(base) / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(doc))
    assert not errors, [e.message for e in errors[:5]]


def _uris(doc: dict[str, Any]) -> set[str]:
    return {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for run in doc["runs"] for r in run["results"]
    }


def test_a_subdirectory_scan_names_files_from_the_repository_root(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    service = repo / "services" / "api"
    service.mkdir(parents=True)
    (service / "app.py").write_text(VULNERABLE_PY)
    commit_all(repo, "service")
    out = tmp_path / "out.sarif"
    proc = run_cli(
        "scan", "services/api", "--scanner", "bandit", "--scanner", "semgrep", "-q", "-o", f"sarif={out}", cwd=repo
    )
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(out.read_text())
    _validate(doc)
    assert _uris(doc) == {"services/api/app.py"}
    for run in doc["runs"]:
        assert run["originalUriBaseIds"]["SCANROOT"]["uri"] == "services/api/"
    assert [r["automationDetails"]["id"] for r in doc["runs"]] == [
        "gatekeeper/services/api/bandit/",
        "gatekeeper/services/api/semgrep/",
    ]
    # The JSON result records it, so `gatekeeper report` and `merge` write the same SARIF.
    again = tmp_path / "again.sarif"
    saved = tmp_path / "r.json"
    run_cli(
        "scan", "services/api", "--scanner", "bandit", "--scanner", "semgrep", "-q", "-o", f"json={saved}", cwd=repo
    )
    assert json.loads(saved.read_text())["scan"]["root_in_repo"] == "services/api/"
    assert run_cli("report", str(saved), "-o", f"sarif={again}").returncode == 0
    assert _uris(json.loads(again.read_text())) == {"services/api/app.py"}


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    repo = init_repo(tmp_path / "repo")
    (repo / "legacy.py").write_text(VULNERABLE_PY)
    (repo / "app.py").write_text(CLEAN_PY)
    commit_all(repo, "base")
    git(repo, "checkout", "-q", "-b", "feature")
    return repo


def _scan(repo: Path, out: Path) -> tuple[int, dict[str, Any], dict[str, Any]]:
    proc = run_cli(
        "scan",
        str(repo),
        "--scanner",
        "bandit",
        "--diff-base",
        "main",
        "-q",
        "-o",
        f"sarif={out}.sarif",
        "-o",
        f"json={out}.json",
    )
    return proc.returncode, json.loads(Path(f"{out}.json").read_text()), json.loads(Path(f"{out}.sarif").read_text())


def test_a_pull_request_uploads_the_alerts_that_still_exist(pull_request: Path, tmp_path: Path) -> None:
    # A change that touches no vulnerable line passes, and the legacy alerts stay in the upload:
    # code scanning closes alerts an upload leaves out.
    (pull_request / "app.py").write_text(CLEAN_PY + "\n\ndef sub(a: int, b: int) -> int:\n    return a - b\n")
    commit_all(pull_request, "clean change")
    code, report, doc = _scan(pull_request, tmp_path / "clean")
    assert code == 0 and report["findings"] == []
    _validate(doc)
    results = [r for run in doc["runs"] for r in run["results"]]
    assert {r["ruleId"] for r in results} >= {"B602"}
    assert _uris(doc) == {"legacy.py"}
    assert all(r["properties"]["outsideChanges"] is True for r in results)
    assert len(report["outside_changes"]) == report["changes"]["outside"] == len(results)

    # A vulnerable line added: it alone decides the verdict; the upload holds both.
    (pull_request / "app.py").write_text(VULNERABLE_PY + CLEAN_PY)
    code, report, doc = _scan(pull_request, tmp_path / "vulnerable")
    assert code == 1
    assert {f["location"]["path"] for f in report["findings"]} == {"app.py"}
    judged = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r["properties"].get("outsideChanges", False)
        for run in doc["runs"]
        for r in run["results"]
    }
    assert judged == {"app.py": False, "legacy.py": True}
