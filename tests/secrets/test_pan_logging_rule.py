"""The semgrep rule for card numbers written to logs (rules/semgrep/python-secrets)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from gatekeeper.rulepack import default_rules_dir
from gatekeeper.scanners.semgrep import semgrep_environment
from gatekeeper.scanners.tools import find_executable

RULES = default_rules_dir() / "semgrep" / "python-secrets"


def test_rules_follow_the_pack_conventions() -> None:
    for path in sorted(RULES.glob("*.yaml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            assert re.fullmatch(r"secrets(-[a-z0-9]+)+", rule["id"])
            meta = rule["metadata"]
            for key in ("title", "cwe", "severity", "confidence", "remediation", "references"):
                assert meta.get(key), f"{rule['id']}: metadata.{key} is missing"
            assert all(re.fullmatch(r"CWE-\d+: .+", c) for c in meta["cwe"])
            assert (path.parent / f"{path.stem}.py").is_file()


@pytest.mark.slow
def test_semgrep_rule_tests_pass(tmp_path: Path) -> None:
    """`semgrep --test`: every `ruleid:` line found, every `ok:` line left alone."""
    env = semgrep_environment(tmp_path)
    proc = subprocess.run(
        [find_executable("semgrep"), "--test", "--json", "--metrics=off", "--disable-version-check", str(RULES)],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    report = json.loads(proc.stdout)
    assert report["config_missing_tests"] == [] and report["config_with_errors"] == []
    checks = {
        rule_id: check for per_file in report["results"].values() for rule_id, check in per_file["checks"].items()
    }
    assert set(checks) == {"secrets-pan-logged"}
    assert all(check["passed"] for check in checks.values()), checks
    expected = sum(len(m["expected_lines"]) for m in checks["secrets-pan-logged"]["matches"].values())
    assert expected >= 3
    assert proc.returncode == 0, proc.stderr[-2000:]
