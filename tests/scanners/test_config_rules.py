"""The configuration rules (rules/semgrep/{terraform,dockerfile,yaml,generic,python-config}) and the
terraform scanner against a realistic stack: exactly the golden findings, nothing more, nothing less.

A finding that appears here without a golden entry is a false positive (or a new rule that needs its
entry); a golden entry that goes missing is a lost detection.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from gatekeeper.findings import Severity
from gatekeeper.rulepack import RulePack, default_rules_dir, is_rule_file
from gatekeeper.scanners.base import ScanContext, ScannerResult
from gatekeeper.scanners.semgrep import SemgrepScanner, semgrep_environment
from gatekeeper.scanners.terraform import TerraformScanner
from gatekeeper.scanners.tools import find_executable

RULES = default_rules_dir()
STACK = Path(__file__).resolve().parent.parent / "fixtures" / "config-stack"
# rule directory -> the id prefixes its rules may use
CONFIG_DIRS: dict[str, tuple[str, ...]] = {
    "terraform": ("tf-",),
    "dockerfile": ("docker-",),
    "yaml": ("k8s-", "compose-", "gha-"),
    "generic": ("nginx-",),
    "python-config": ("config-",),
}
# gatekeeper's severity -> the semgrep level the rule must declare (so raw semgrep output agrees)
LEVELS = {"critical": "ERROR", "high": "ERROR", "medium": "WARNING", "low": "INFO", "info": "INFO"}
# a generous ceiling for the scanners' own timeout on a busy CI machine; not a speed assertion
TIMEOUT = 1800.0

Key = tuple[str, str, int]


def _config_rule_files() -> list[Path]:
    return sorted(p for d in CONFIG_DIRS for p in (RULES / "semgrep" / d).glob("*.yaml") if is_rule_file(p))


def _config_rules() -> list[tuple[str, dict[str, Any]]]:
    rules = []
    for path in _config_rule_files():
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            rules.append((path.parent.name, rule))
    return rules


@pytest.fixture(scope="module")
def stack_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ScannerResult]:
    """Both scanners over the stack, once: semgrep with the configuration rule directories only."""
    rules = tmp_path_factory.mktemp("rules")
    for directory in CONFIG_DIRS:
        shutil.copytree(RULES / "semgrep" / directory, rules / "semgrep" / directory)
    shutil.copytree(RULES / "iac", rules / "iac")  # the terraform scanner's defaults table
    files = tuple(sorted(p.relative_to(STACK).as_posix() for p in STACK.rglob("*") if p.is_file()))
    context = ScanContext(
        root=STACK, files=files, rules_dir=rules, workdir=tmp_path_factory.mktemp("work"), timeout=TIMEOUT
    )
    results = {}
    for scanner in (SemgrepScanner(RulePack(rules)), TerraformScanner()):
        results[scanner.name] = scanner.scan(context, [f for f in files if scanner.handles(f)])
    return results


def _golden() -> list[Key]:
    entries = json.loads((STACK / "expected.json").read_text(encoding="utf-8"))
    return sorted((e["rule_id"], e["path"], e["line"]) for e in entries)


@pytest.mark.slow
def test_the_stack_gives_exactly_the_golden_findings(stack_results: dict[str, ScannerResult]) -> None:
    found = sorted(
        (f.rule_id, f.location.path, f.location.start_line) for r in stack_results.values() for f in r.findings
    )
    golden = _golden()
    unexpected = [k for k in found if k not in golden]
    missing = [k for k in golden if k not in found]
    assert not unexpected and not missing, f"unexpected (false positives?): {unexpected}\nmissing: {missing}"
    assert found == golden  # duplicates count too


def test_the_golden_list_is_sorted_and_names_existing_lines() -> None:
    entries = json.loads((STACK / "expected.json").read_text(encoding="utf-8"))
    keys = [(e["path"], e["line"], e["rule_id"]) for e in entries]
    assert keys == sorted(keys)
    for path, line, _ in keys:
        lines = (STACK / path).read_text(encoding="utf-8").splitlines()
        assert 0 < line <= len(lines) and lines[line - 1].strip(), (path, line)


@pytest.mark.slow
def test_every_config_file_of_the_stack_is_scanned_completely(stack_results: dict[str, ScannerResult]) -> None:
    semgrep, terraform = stack_results["semgrep"], stack_results["terraform"]
    assert semgrep.errors == () and semgrep.skipped == (), (semgrep.errors, semgrep.skipped)
    assert terraform.errors == () and terraform.skipped == ()
    assert {
        ".github/workflows/ci.yml",
        "Dockerfile",
        "docker-compose.yml",
        "k8s/deployment.yaml",
        "nginx/nginx.conf",
        "payments/settings.py",
    } <= set(semgrep.scanned)
    tf_files = sorted(p.relative_to(STACK).as_posix() for p in (STACK / "terraform").glob("*.tf"))
    assert set(tf_files) <= set(semgrep.scanned)
    assert list(terraform.scanned) == tf_files


def test_every_rule_family_is_exercised_by_the_stack() -> None:
    prefixes = {rule_id.split("-")[0] for rule_id, _, _ in _golden()}
    assert prefixes == {"tf", "docker", "k8s", "compose", "gha", "nginx", "config"}


@pytest.mark.slow
def test_findings_carry_the_rules_metadata(stack_results: dict[str, ScannerResult]) -> None:
    metadata = {rule["id"]: rule["metadata"] for _, rule in _config_rules()}
    for finding in stack_results["semgrep"].findings:
        meta = metadata[finding.rule_id]
        assert finding.title == meta["title"]
        assert finding.severity == Severity.parse(meta["severity"])
        assert finding.cwe == tuple(meta["cwe"])
        assert finding.remediation and finding.references
    for finding in stack_results["terraform"].findings:
        assert finding.scanners == ("terraform",)
        assert finding.source_rules == (("terraform", finding.rule_id),)
        assert finding.fingerprint == ""
        assert finding.snippet.startswith('resource "')


@pytest.mark.slow
def test_credential_findings_do_not_repeat_the_credential(stack_results: dict[str, ScannerResult]) -> None:
    # The fixtures' placeholders stand in for real secrets: messages name the setting, not the value.
    for finding in stack_results["semgrep"].findings:
        assert "placeholder" not in finding.message, finding.rule_id


@pytest.mark.parametrize(("directory", "rule"), [pytest.param(d, r, id=r["id"]) for d, r in _config_rules()])
def test_rule_follows_the_pack_conventions(directory: str, rule: dict[str, Any]) -> None:
    rule_id = rule["id"]
    assert rule_id.startswith(CONFIG_DIRS[directory]) and "." not in rule_id
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rule_id)
    meta = rule["metadata"]
    for key in ("title", "cwe", "severity", "confidence", "remediation", "references"):
        assert meta.get(key), f"{rule_id}: metadata.{key} is missing"
    assert meta["severity"] in LEVELS and rule["severity"] == LEVELS[meta["severity"]]
    assert meta["confidence"] in ("HIGH", "MEDIUM", "LOW")
    assert all(re.fullmatch(r"CWE-\d+: .+", c) for c in meta["cwe"])
    assert all(r.startswith("https://") for r in meta["references"])


@pytest.mark.slow
def test_config_rule_ids_are_unique_across_the_whole_pack() -> None:
    ids = [
        rule["id"]
        for path in sorted((RULES / "semgrep").rglob("*.yaml"))
        if is_rule_file(path)
        for rule in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules", [])
    ]
    mine = [rule["id"] for _, rule in _config_rules()]
    assert sorted(i for i in ids if i in mine) == sorted(set(mine)) == sorted(mine)


@pytest.mark.parametrize("path", _config_rule_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_rule_file_has_its_test_file(path: Path) -> None:
    stem = path.name.removesuffix(".yaml")
    tests = [p for p in path.parent.iterdir() if p != path and p.name.split(".")[0] == stem]
    assert tests, f"{path}: no test file with the stem {stem}"


@pytest.mark.parametrize("directory", sorted(CONFIG_DIRS))
@pytest.mark.slow
def test_semgrep_rule_tests_pass(directory: str, tmp_path: Path) -> None:
    """`semgrep --test` over one directory: every `ruleid:` line found, nothing else reported."""
    env = semgrep_environment(tmp_path)
    proc = subprocess.run(
        [
            find_executable("semgrep"),
            "--test",
            "--json",
            "--metrics=off",
            "--disable-version-check",
            str(RULES / "semgrep" / directory),
        ],
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
    failed = {rule_id: check["matches"] for rule_id, check in checks.items() if not check["passed"]}
    assert not failed, failed
    assert set(checks) == {rule["id"] for d, rule in _config_rules() if d == directory}
    for rule_id, check in checks.items():
        expected = sum(len(m["expected_lines"]) for m in check["matches"].values())
        assert expected >= 3, f"{rule_id}: fewer than three positive test lines"
    assert proc.returncode == 0, proc.stderr[-2000:]
