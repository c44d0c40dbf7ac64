from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from gatekeeper.config import Policy
from gatekeeper.engine import ScanRequest, run
from gatekeeper.gate import verdict
from gatekeeper.reports import json_report
from tests.conftest import EXAMPLE

SCHEMA = json.loads(resources.files("gatekeeper").joinpath("schemas/report.schema.json").read_text())


@pytest.fixture(scope="module")
def example_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("ex") / "payments-api"
    shutil.copytree(EXAMPLE, copy)
    return copy


@pytest.fixture(scope="module")
def report(example_copy: Path) -> dict:  # type: ignore[type-arg]
    result = run(ScanRequest(paths=(example_copy,)))
    return json.loads(json_report.render(result, verdict(result, Policy()), Policy()))


@pytest.mark.slow
def test_report_validates_against_its_schema(report: dict) -> None:  # type: ignore[type-arg]
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(report, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert report["schema_version"] == json_report.SCHEMA_VERSION


@pytest.mark.slow
def test_schema_rejects_a_report_missing_its_attribution(report: dict) -> None:  # type: ignore[type-arg]
    broken = json.loads(json.dumps(report))
    del broken["scan"]["rule_pack_digest"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA)


@pytest.mark.slow
def test_scan_block_attributes_the_evidence(report: dict) -> None:  # type: ignore[type-arg]
    scan = report["scan"]
    assert scan["rule_pack_digest"].startswith("sha256:")
    names = [s["name"] for s in scan["scanners"]]
    assert names == sorted(names) and {"semgrep", "bandit"} <= set(names)
    semgrep = next(s for s in scan["scanners"] if s["name"] == "semgrep")
    assert semgrep["status"] == "ok" and "app.py" in semgrep["scanned"]
    assert scan["coverage"]["files"] >= 3


@pytest.mark.slow
def test_findings_are_sorted_by_path_line_rule(report: dict) -> None:  # type: ignore[type-arg]
    keys = [
        (f["location"]["path"], f["location"]["start_line"], f["location"]["start_column"], f["rule_id"])
        for f in report["findings"]
    ]
    assert keys == sorted(keys) and len(keys) >= 5
    assert report["summary"]["total"] == len(keys)


@pytest.mark.slow
def test_two_runs_differ_only_in_timestamps(example_copy: Path, report: dict) -> None:  # type: ignore[type-arg]
    result = run(ScanRequest(paths=(example_copy,)))
    again = json.loads(json_report.render(result, verdict(result, Policy()), Policy()))
    for doc in (again, json.loads(json.dumps(report))):
        doc["scan"]["started_at"] = doc["scan"]["finished_at"] = "T"
    expected = json.loads(json.dumps(report))
    expected["scan"]["started_at"] = expected["scan"]["finished_at"] = "T"
    assert again == expected


@pytest.mark.slow
def test_commit_is_recorded_inside_a_git_repository(tmp_path: Path) -> None:
    import subprocess

    (tmp_path / "a.py").write_text("x = 1\n")
    git = ["git", "-C", str(tmp_path), "-c", "user.email=t@example.com", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "init"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    result = run(ScanRequest(paths=(tmp_path,), scanners=("bandit",)))
    assert result.metadata.commit == head
    assert run(ScanRequest(paths=(tmp_path / "a.py",), scanners=("bandit",))).metadata.commit == head
