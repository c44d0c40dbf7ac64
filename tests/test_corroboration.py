"""Which bandit findings are unconfirmed (gatekeeper/corroboration.py), the table they come from,
and how `fail_on.confidence` decides whether they block (gatekeeper/gate.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from bandit.core import extension_loader

from gatekeeper.config import Policy, Scope, Thresholds
from gatekeeper.corroboration import (
    UNCONFIRMED,
    VALIDATED,
    Corroboration,
    build,
    load_table,
    taint_categories,
)
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Confidence, Finding, Location, Severity
from gatekeeper.gate import EXIT_PASSED, EXIT_VIOLATION, verdict
from gatekeeper.result import ScanMetadata, ScanResult
from gatekeeper.rulepack import RulePack, default_rules_dir
from gatekeeper.scanners.base import ClearedSink, ScannerResult

META = ScanMetadata("0", ".", None, "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", "sha256:" + "0" * 64)
TAINT = [
    {"id": "py-cmd", "mode": "taint", "metadata": {"category": "command-injection"}},
    {"id": "py-sql", "mode": "taint", "metadata": {"category": "sql-injection"}},
    {"id": "py-yaml", "metadata": {"category": "deserialization"}},
]


def bandit(rule: str = "B602", path: str = "app.py", confidence: Confidence = Confidence.HIGH) -> Finding:
    return Finding(
        rule,
        "t",
        "shell call",
        Severity.HIGH,
        Location(path, 3),
        ("bandit",),
        confidence=confidence,
        source_rules=(("bandit", rule),),
    )


def judge(*findings: Finding, analysed: tuple[str, ...] = ("app.py",)) -> list[Finding]:
    return Corroboration({"B602": "command-injection", "B608": "sql-injection"}, frozenset(analysed)).judge(findings)


def test_a_bandit_match_of_a_modelled_weakness_is_unconfirmed() -> None:
    (finding,) = judge(bandit())
    assert finding.confidence == Confidence.LOW and finding.severity == Severity.HIGH
    assert dict(finding.properties)[UNCONFIRMED] == "command-injection"
    assert "unconfirmed" in finding.message


def test_what_the_taint_rules_could_not_judge_keeps_banditss_rating() -> None:
    merged = replace(bandit(), scanners=("semgrep", "bandit"))  # confirmed: dedup merged it
    assert judge(merged) == [merged]
    assert judge(bandit("B105")) == [bandit("B105")]  # no taint rule models hard-coded passwords
    assert judge(bandit(path="other.py")) == [bandit(path="other.py")]  # semgrep did not analyse it


def test_only_categories_with_an_active_taint_rule_count(tmp_path: Path) -> None:
    (tmp_path / "bandit").mkdir()
    (tmp_path / "bandit" / "corroboration.yaml").write_text(
        "command-injection: [B602]\nsql-injection: [B608]\ndeserialization: [B301]\n"
    )
    assert taint_categories(TAINT) == {"command-injection", "sql-injection"}
    active = build(tmp_path, TAINT, ["py-sql"], ["app.py"])
    assert dict(active.covered) == {"B602": "command-injection"}
    assert active.judge([bandit("B608")]) == [bandit("B608")]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("- B602\n", "expected a mapping of taint category to bandit test ids"),
        ("command-injection: B602\n", "command-injection: expected a list of bandit test ids"),
        (
            "command-injection: [B602]\nsql-injection: [B602]\n",
            "B602 is listed under both command-injection and sql-injection",
        ),
        ("command-injection: [B602\n", "cannot read the bandit corroboration table"),
    ],
)
def test_a_broken_table_is_named(tmp_path: Path, text: str, said: str) -> None:
    (tmp_path / "bandit").mkdir()
    (tmp_path / "bandit" / "corroboration.yaml").write_text(text)
    with pytest.raises(GatekeeperError, match=re.escape(said)):
        load_table(tmp_path)


def test_the_bundled_table_names_real_taint_categories_and_bandit_tests() -> None:
    root = default_rules_dir()
    categories = yaml.safe_load((root / "bandit" / "corroboration.yaml").read_text())
    active = taint_categories(RulePack(root).semgrep_rules)
    assert set(categories) <= active, set(categories) - active
    manager = extension_loader.MANAGER  # the installed bandit's own tests and blacklist calls
    known = set(manager.plugins_by_id) | set(manager.blacklist_by_id)
    listed = {test for tests in categories.values() for test in tests}
    assert listed <= known, listed - known


def scan_result(*findings: Finding) -> ScanResult:
    semgrep = ScannerResult("semgrep", "1", scanned=("app.py", "pay/app.py"))
    return ScanResult(
        META,
        tuple(replace(f, fingerprint=f"{i:032x}:0") for i, f in enumerate(findings)),
        (semgrep,),
        ("app.py", "pay/app.py"),
        (),
    )


def test_fail_on_confidence_decides_whether_an_unconfirmed_finding_blocks() -> None:
    unconfirmed = judge(bandit())[0]
    result = scan_result(unconfirmed)
    assert verdict(result, Policy()).exit_code == EXIT_PASSED
    assert verdict(result, Policy(fail_on_confidence=Confidence.LOW)).exit_code == EXIT_VIOLATION
    assert verdict(scan_result(bandit()), Policy()).exit_code == EXIT_VIOLATION
    assert (
        verdict(scan_result(bandit(confidence=Confidence.MEDIUM)), Policy(fail_on_confidence=Confidence.HIGH)).exit_code
        == EXIT_PASSED
    )


def test_a_scope_can_lower_the_confidence_bar_in_its_paths_only() -> None:
    scope = Scope("cde", ("pay/",), Thresholds(Severity.HIGH, confidence=Confidence.LOW))
    inside = judge(bandit(path="pay/app.py"), analysed=("pay/app.py",))[0]
    outside = judge(bandit())[0]
    outcome = verdict(scan_result(inside, outside), Policy(scopes=(scope,)))
    assert outcome.exit_code == EXIT_VIOLATION and outcome.blocking == (f"{0:032x}:0",)
    assert outcome.reasons == ("1 finding(s) in scope cde at or above high",)


def test_the_policy_round_trips_its_confidence_and_keeps_old_digests() -> None:
    policy = Policy(fail_on_confidence=Confidence.LOW)
    assert Policy.from_dict(policy.to_dict()).fail_on_confidence == Confidence.LOW
    assert "confidence" not in Policy().to_dict()["fail_on"]
    assert Policy().digest != policy.digest


def semgrep(rule: str = "py-cmd", line: int = 3, scanners: tuple[str, ...] = ("semgrep",)) -> Finding:
    return Finding(
        rule, "t", "flow", Severity.HIGH, Location("app.py", line), scanners, source_rules=(("semgrep", rule),)
    )


CLEARED = ClearedSink("app.py", 3, 4, "command-injection", "checks.name", "checks.py:7", False)


def test_a_semgrep_flow_through_a_project_validator_is_validated_not_blocking() -> None:
    corroboration = build(default_rules_dir(), TAINT, (), ("app.py",), (CLEARED,))
    (finding,) = corroboration.judge([semgrep(line=4)])
    assert finding.confidence == Confidence.LOW and finding.severity == Severity.HIGH
    assert dict(finding.properties)[VALIDATED] == "checks.name (checks.py:7)"
    assert "only through checks.name() (checks.py:7), which checks or replaces it" in finding.message
    declared = replace(CLEARED, defined="", declared=True)
    (finding,) = build(default_rules_dir(), TAINT, (), ("app.py",), (declared,)).judge([semgrep()])
    assert "through checks.name(), declared a sanitiser in scanners.taint.sanitizers" in finding.message


def test_another_class_another_line_or_a_flow_the_taint_scanner_confirmed_is_left_alone() -> None:
    corroboration = build(default_rules_dir(), TAINT, (), ("app.py",), (CLEARED,))
    for finding in (
        semgrep("py-sql"),  # the sink was cleared for commands, not SQL
        semgrep(line=5),
        semgrep(scanners=("semgrep", "taint")),  # a flow through helpers reached it after all
    ):
        assert corroboration.judge([finding]) == [finding]
