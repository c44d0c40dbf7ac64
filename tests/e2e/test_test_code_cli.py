"""`paths.tests` through the CLI (gatekeeper/testcode.py): an assert, a fixture's password and MD5 in
a test are not reported, the same code in the application is, a real key in a test still is, and
the JSON report's coverage says what was left out and why."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from tests.conftest import run_cli
from tests.e2e.test_scan_cli import assert_one_line_error

CODE = """\
import hashlib


def check(user):
    password = "letmein123"
    assert user.name
    return hashlib.md5(user.name.encode()).hexdigest(), password
"""

# A GitHub token shape the secrets scanner reports wherever it is (built, not a real token).
TOKEN = "ghp_" + "k3Jx9QmZ2vLp8WcN4tYb7HsR1fDg6AeU0oIq"


def project(tmp_path: Path, config: str = "") -> Path:
    (tmp_path / "app.py").write_text(CODE)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_app.py").write_text(CODE + f'\nGITHUB_TOKEN = "{TOKEN}"\n')
    if config:
        (tmp_path / ".gatekeeper.yml").write_text(textwrap.dedent(config))
    return tmp_path


def scan(root: Path) -> tuple[int, dict[str, Any]]:
    proc = run_cli(
        "scan", str(root), "--scanner", "semgrep", "--scanner", "bandit", "--scanner", "secrets", "--format", "json"
    )
    assert proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def rules_in(report: dict[str, Any], path: str) -> set[str]:
    """Every scanner's rule reported in `path`, led or merged (gatekeeper/dedup.py)."""
    return {rule for f in report["findings"] if f["location"]["path"] == path for rule in f["source_rules"].values()}


def test_production_only_findings_are_left_out_of_test_code_and_counted(tmp_path: Path) -> None:
    _, report = scan(project(tmp_path))
    in_app = rules_in(report, "app.py")
    assert {"B101", "B105", "python-weak-hash"} <= in_app
    in_tests = [f for f in report["findings"] if f["location"]["path"] == "tests/test_app.py"]
    # a real-looking key in a test is still a leaked key (bandit's B105 on it merged in): the only finding
    assert [(f["rule_id"], f["location"]["start_line"]) for f in in_tests] == [("secrets-github-token", 9)]
    test_code = report["scan"]["coverage"]["test_code"]
    assert test_code["files"] == 1
    assert test_code["by_rule"]["B101"] == 1 and test_code["by_rule"]["python-weak-hash"] == 1
    assert test_code["findings"] == sum(test_code["by_rule"].values())
    assert "tests/" in test_code["patterns"] and "paths.tests" in test_code["reason"]


def test_the_policy_can_name_its_own_test_paths_or_none(tmp_path: Path) -> None:
    root = project(tmp_path, "version: 1\npaths:\n  tests: []\n")
    _, report = scan(root)
    assert {"B101", "B105", "python-weak-hash"} <= rules_in(report, "tests/test_app.py")
    assert report["scan"]["coverage"]["test_code"] == {
        "patterns": [],
        "files": 0,
        "findings": 0,
        "by_rule": {},
        "reason": "production-only rule in test code (paths.tests)",
    }
    (root / ".gatekeeper.yml").write_text("version: 1\npaths:\n  tests: ['app.py']\n")
    _, report = scan(root)
    assert "B101" not in rules_in(report, "app.py")
    assert "B101" in rules_in(report, "tests/test_app.py")


def test_a_bad_test_pattern_is_a_one_line_error(tmp_path: Path) -> None:
    root = project(tmp_path, "version: 1\npaths:\n  tests: 'tests/'\n")
    proc = run_cli("scan", str(root), "--scanner", "bandit")
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, ".gatekeeper.yml:3: paths.tests: expected a list")


def test_config_show_prints_the_test_patterns_in_force(tmp_path: Path) -> None:
    proc = run_cli("config", "show", cwd=project(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "tests:" in proc.stdout and "- conftest.py" in proc.stdout
