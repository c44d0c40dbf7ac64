"""gatekeeper/testcode.py: production-only rules are not reported in test paths, and what was left
out is counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from gatekeeper.coverage import Coverage
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Finding, Location, Severity
from gatekeeper.rulepack import RulePack, default_rules_dir
from gatekeeper.testcode import (
    BANDIT_TABLE,
    DEFAULT_PATTERNS,
    TestCodeSummary,
    apply,
    load_bandit_table,
    production_only_rules,
)

ONLY = frozenset({("bandit", "B101"), ("bandit", "B105"), ("semgrep", "python-weak-hash")})


def finding(path: str, *sources: tuple[str, str], line: int = 3) -> Finding:
    return Finding(
        rule_id=sources[0][1],
        title="t",
        message="m",
        severity=Severity.MEDIUM,
        location=Location(path, line, 1, line, 10),
        scanners=tuple(s for s, _ in sources),
        source_rules=tuple(sources),
    )


@pytest.mark.parametrize(
    "path",
    [
        "tests/test_app.py",
        "pkg/tests/helpers.py",
        "test_app.py",
        "src/pkg/app_test.py",
        "conftest.py",
        "app/tests.py",
        "server/handler_test.go",
        "web/src/App.spec.ts",
        "web/src/App.test.js",
        "web/__tests__/util.js",
        "service/src/test/java/PayTest.java",
        "pkg/testdata/fixture.py",
    ],
)
def test_the_default_patterns_match_test_code(path: str) -> None:
    kept, summary = apply([finding(path, ("bandit", "B101"))], DEFAULT_PATTERNS, ONLY, [path])
    assert kept == [] and summary.by_rule == (("B101", 1),) and summary.files == 1


@pytest.mark.parametrize(
    "path", ["app.py", "pkg/testing_utils.py", "contest.py", "src/main/java/Pay.java", "web/src/attest.js"]
)
def test_production_code_is_not_test_code(path: str) -> None:
    kept, summary = apply([finding(path, ("bandit", "B101"))], DEFAULT_PATTERNS, ONLY, [path])
    assert len(kept) == 1 and summary.findings == 0 and summary.files == 0


def test_only_production_only_rules_are_left_out() -> None:
    findings = [
        finding("tests/test_a.py", ("bandit", "B101")),
        finding("tests/test_a.py", ("bandit", "B602"), line=5),
        finding("tests/test_a.py", ("secrets", "secrets-aws-access-key"), line=7),
    ]
    kept, summary = apply(findings, DEFAULT_PATTERNS, ONLY, ["tests/test_a.py"])
    assert [f.rule_id for f in kept] == ["B602", "secrets-aws-access-key"]
    assert summary.by_rule == (("B101", 1),)


def test_a_merged_finding_stays_when_any_of_its_rules_matters_in_tests() -> None:
    """B105 merged with a real secret on the same line: the secret is still reported."""
    merged = finding("tests/test_a.py", ("secrets", "secrets-generic-secret"), ("bandit", "B105"))
    both_only = finding("tests/test_a.py", ("semgrep", "python-weak-hash"), ("bandit", "B105"), line=9)
    kept, summary = apply([merged, both_only], DEFAULT_PATTERNS, ONLY, ["tests/test_a.py"])
    assert kept == [merged]
    assert summary.by_rule == (("python-weak-hash", 1),)


def test_no_patterns_report_everything() -> None:
    findings = [finding("tests/test_a.py", ("bandit", "B101"))]
    kept, summary = apply(findings, (), ONLY, ["tests/test_a.py"])
    assert kept == findings and summary == TestCodeSummary(())


def test_the_summary_survives_a_round_trip_through_the_coverage_record() -> None:
    summary = TestCodeSummary(("tests/",), 4, (("B101", 12), ("B105", 2)))
    data = Coverage(test_code=summary).to_dict()
    assert data["test_code"]["findings"] == 14 and data["test_code"]["by_rule"] == {"B101": 12, "B105": 2}
    assert Coverage.from_dict(data).test_code == summary


def test_the_bundled_pack_marks_production_only_rules() -> None:
    rules = RulePack(default_rules_dir())
    only = production_only_rules(rules.root, rules.semgrep_rules)
    assert {("bandit", "B101"), ("bandit", "B105"), ("bandit", "B324")} <= only
    assert {("semgrep", "python-weak-hash"), ("semgrep", "config-flask-debug-true")} <= only
    # injection and real secrets matter wherever they are
    assert ("semgrep", "python-sql-injection") not in only
    assert not any(scanner == "secrets" for scanner, _ in only)


def test_a_broken_bandit_table_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "bandit").mkdir()
    (tmp_path / BANDIT_TABLE).write_text("tests: B101\n")
    with pytest.raises(GatekeeperError, match=r"production-only\.yaml: expected 'tests:'"):
        load_bandit_table(tmp_path)


def test_no_bandit_table_lists_nothing(tmp_path: Path) -> None:
    assert load_bandit_table(tmp_path) == ()
