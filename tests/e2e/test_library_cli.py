"""Applications versus libraries through the CLI (gatekeeper/scanners/dependency_libraries.py): a
library's pyproject.toml ranges, dev and docs extras included, are one low "no lock file" finding
that does not block; an application's requirements ranges are each reported."""

from __future__ import annotations

import json
from pathlib import Path

from tests.advisories.helpers import OSV_FIXTURE
from tests.conftest import run_cli
from tests.scanners.test_dependency_libraries import LIBRARY


def test_a_library_is_one_no_lock_file_finding_and_an_application_is_not(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(LIBRARY)
    proc = run_cli(
        "scan", str(tmp_path), "--scanner", "dependencies", "--advisories", str(OSV_FIXTURE), "--format", "json"
    )
    report = json.loads(proc.stdout)
    unpinned = [f for f in report["findings"] if f["rule_id"] == "dependency-unpinned"]
    assert [(f["title"], f["severity"]) for f in unpinned] == [("No lock file for the library pyproject.toml", "low")]
    assert unpinned[0]["fingerprint"] not in report["verdict"]["blocking"]

    (tmp_path / "requirements.txt").write_text("flask>=2\nrequests\n")
    report = json.loads(
        run_cli(
            "scan", str(tmp_path), "--scanner", "dependencies", "--advisories", str(OSV_FIXTURE), "--format", "json"
        ).stdout
    )
    in_requirements = [f for f in report["findings"] if f["location"]["path"] == "requirements.txt"]
    assert [f["rule_id"] for f in in_requirements] == ["dependency-unpinned", "dependency-unpinned"]
