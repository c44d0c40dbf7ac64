from __future__ import annotations

from pathlib import Path

import pytest

from gatekeeper.dedup import CONTEXT_SEVERITY, SAME_AS, Families, lead_order, load_families, merge_duplicates
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Confidence, Finding, Location, Severity
from gatekeeper.rulepack import default_rules_dir

ORDER = ["semgrep", "bandit"]


def semgrep(line: int = 10, cwe: tuple[str, ...] = ("CWE-89: SQL injection",), end: int = 0, **kw: object) -> Finding:
    args: dict[str, object] = dict(
        rule_id="python-sql-injection",
        title="SQL injection",
        message="semgrep says",
        severity=Severity.HIGH,
        location=Location("app.py", line, end_line=end),
        scanners=("semgrep",),
        source_rules=(("semgrep", "python-sql-injection"),),
        cwe=cwe,
        remediation="use parameters",
        confidence=Confidence.MEDIUM,
    )
    args.update(kw)
    return Finding(**args)  # type: ignore[arg-type]


def bandit(line: int = 10, cwe: tuple[str, ...] = ("CWE-89",), rule: str = "B608", **kw: object) -> Finding:
    args: dict[str, object] = dict(
        rule_id=rule,
        title="hardcoded sql expressions",
        message="bandit says",
        severity=Severity.MEDIUM,
        location=Location("app.py", line),
        scanners=("bandit",),
        source_rules=(("bandit", rule),),
        cwe=cwe,
        confidence=Confidence.HIGH,
    )
    args.update(kw)
    return Finding(**args)  # type: ignore[arg-type]


def test_same_line_overlapping_cwe_merges_into_one_finding_listing_both() -> None:
    [merged] = merge_duplicates([bandit(), semgrep()], ORDER)
    assert merged.scanners == ("semgrep", "bandit")
    assert dict(merged.source_rules) == {"semgrep": "python-sql-injection", "bandit": "B608"}
    assert merged.rule_id == "python-sql-injection"
    assert merged.message == "semgrep says"
    assert merged.severity is Severity.HIGH
    assert merged.confidence is Confidence.HIGH


def test_overlapping_line_ranges_merge() -> None:
    merged = merge_duplicates([semgrep(line=10, end=12), bandit(line=12)], ORDER)
    assert len(merged) == 1


def test_different_lines_stay_apart() -> None:
    assert len(merge_duplicates([semgrep(line=10), bandit(line=11)], ORDER)) == 2


def test_different_files_stay_apart() -> None:
    other = bandit(location=Location("other.py", 10))
    assert len(merge_duplicates([semgrep(), other], ORDER)) == 2


def test_disjoint_cwe_stays_apart() -> None:
    assert len(merge_duplicates([semgrep(), bandit(cwe=("CWE-78",), rule="B602")], ORDER)) == 2


def test_rule_that_names_the_bandit_test_merges_despite_odd_cwe() -> None:
    lead = semgrep(cwe=("CWE-95: eval",), properties=((SAME_AS, ("B307",)),))
    [merged] = merge_duplicates([lead, bandit(cwe=("CWE-78",), rule="B307")], ORDER)
    assert merged.scanners == ("semgrep", "bandit")
    assert SAME_AS not in dict(merged.properties)


def test_two_findings_of_one_scanner_are_never_merged() -> None:
    a = semgrep()
    b = semgrep(rule_id="python-other", source_rules=(("semgrep", "python-other"),))
    assert len(merge_duplicates([a, b], ORDER)) == 2


def test_merged_fix_comes_from_whoever_has_one() -> None:
    lead = semgrep(remediation="")
    [merged] = merge_duplicates([lead, bandit(remediation="from bandit")], ORDER)
    assert merged.remediation == "from bandit"


def test_cwe_lists_are_united_without_repeats() -> None:
    [merged] = merge_duplicates([semgrep(cwe=("CWE-89: SQL",)), bandit(cwe=("CWE-89", "CWE-20"))], ORDER)
    assert merged.cwe == ("CWE-89: SQL", "CWE-89", "CWE-20")


def test_scanners_declared_distinct_merge_only_by_a_rule_naming_the_other() -> None:
    """The terraform scanner's checks complement the semgrep Terraform rules: one CWE on one block
    is two weaknesses there (unencrypted, no customer-managed key), unless a rule says `same_as`."""
    ordered = ["semgrep", "terraform"]
    unencrypted = semgrep(cwe=("CWE-311",), rule_id="tf-aws-rds-unencrypted")
    no_cmk = bandit(
        cwe=("CWE-311",), rule="tf-aws-no-cmk", scanners=("terraform",), source_rules=(("terraform", "tf-aws-no-cmk"),)
    )
    distinct = [frozenset({"terraform", "semgrep"})]
    assert len(merge_duplicates([unencrypted, no_cmk], ordered)) == 1  # by CWE, when not declared distinct
    assert len(merge_duplicates([unencrypted, no_cmk], ordered, distinct)) == 2
    named = semgrep(cwe=("CWE-311",), properties=((SAME_AS, ("tf-aws-no-cmk",)),))
    assert len(merge_duplicates([named, no_cmk], ordered, distinct)) == 1


# --- CWE families (rules/dedup-families.yaml) ----------------------------------------------------

CREDENTIALS = Families((("hard-coded-credential", frozenset({259, 321, 547, 798})),))


def secret(line: int = 10, cwe: tuple[str, ...] = ("CWE-798: Use of Hard-coded Credentials",)) -> Finding:
    return Finding(
        rule_id="secrets-generic-secret",
        title="Generic secret",
        message="secrets says",
        severity=Severity.HIGH,
        location=Location("app.py", line),
        scanners=("secrets",),
        source_rules=(("secrets", "secrets-generic-secret"),),
        cwe=cwe,
    )


def test_cwe_ids_of_one_family_merge_across_scanners() -> None:
    b105 = bandit(cwe=("CWE-259",), rule="B105", severity=Severity.LOW)
    [merged] = merge_duplicates([b105, secret()], ["semgrep", "bandit", "secrets"], families=CREDENTIALS)
    assert merged.rule_id == "B105" and merged.scanners == ("bandit", "secrets")
    assert merged.severity is Severity.HIGH


def test_without_the_family_table_different_ids_stay_apart() -> None:
    b105 = bandit(cwe=("CWE-259",), rule="B105")
    assert len(merge_duplicates([b105, secret()], ["bandit", "secrets"])) == 2


def test_a_third_scanner_joins_a_cluster_when_its_family_matches_every_member() -> None:
    """config-flask-hardcoded-secret-key (798, named B105), B105 (259) and the secrets scanner (798)."""
    flask = semgrep(
        rule_id="config-flask-hardcoded-secret-key",
        source_rules=(("semgrep", "config-flask-hardcoded-secret-key"),),
        cwe=("CWE-798: Use of Hard-coded Credentials",),
        properties=((SAME_AS, ("B105",)),),
    )
    b105 = bandit(cwe=("CWE-259",), rule="B105")
    [merged] = merge_duplicates([secret(), b105, flask], ["semgrep", "bandit", "secrets"], families=CREDENTIALS)
    assert merged.rule_id == "config-flask-hardcoded-secret-key"
    assert dict(merged.source_rules) == {
        "semgrep": "config-flask-hardcoded-secret-key",
        "bandit": "B105",
        "secrets": "secrets-generic-secret",
    }


def test_different_families_stay_apart() -> None:
    sql = semgrep()  # CWE-89
    assert len(merge_duplicates([sql, secret()], ["semgrep", "secrets"], families=CREDENTIALS)) == 2


def test_distinct_scanners_do_not_merge_by_family() -> None:
    b105 = bandit(cwe=("CWE-259",), rule="B105")
    pair = [frozenset({"bandit", "secrets"})]
    assert len(merge_duplicates([b105, secret()], ["bandit", "secrets"], pair, CREDENTIALS)) == 2


def test_the_bundled_family_table() -> None:
    families = load_families(default_rules_dir())
    assert families.of({259}) == families.of({798}) == families.of({321}) == families.of({547}) != frozenset()
    assert families.of({327}) & families.of({916})
    assert not families.of({89})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("families: [259, 798]\n", "expected 'families:' mapping"),
        ("families:\n  creds: [CWE-259]\n", "families.creds: expected a list of CWE numbers"),
        ("families: {creds: [259\n", "cannot read the CWE family table"),
    ],
)
def test_a_broken_family_table_is_an_error_naming_it(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "dedup-families.yaml").write_text(text)
    with pytest.raises(GatekeeperError, match=expected) as raised:
        load_families(tmp_path)
    assert str(raised.value).startswith(str(tmp_path / "dedup-families.yaml"))


# --- severity judged in context (rule metadata severity-in-context) ------------------------------


def weak_hash(rule: str, severity: Severity, in_context: bool = True) -> Finding:
    properties: tuple[tuple[str, object], ...] = ((SAME_AS, ("B303", "B324")),)
    if in_context:
        properties += ((CONTEXT_SEVERITY, True),)
    return semgrep(
        rule_id=rule,
        source_rules=(("semgrep", rule),),
        cwe=("CWE-328: Use of Weak Hash",),
        severity=severity,
        properties=properties,
    )


def test_a_rule_that_judged_the_context_keeps_its_severity_over_the_test_it_names() -> None:
    b324 = bandit(cwe=("CWE-327",), rule="B324", severity=Severity.HIGH)
    [merged] = merge_duplicates([b324, weak_hash("python-weak-hash-checksum", Severity.LOW)], ORDER)
    assert merged.severity is Severity.LOW and merged.scanners == ("semgrep", "bandit")
    assert CONTEXT_SEVERITY not in dict(merged.properties)


def test_without_the_context_flag_the_gravest_rating_wins() -> None:
    b324 = bandit(cwe=("CWE-327",), rule="B324", severity=Severity.HIGH)
    [merged] = merge_duplicates([b324, weak_hash("python-weak-hash", Severity.MEDIUM, in_context=False)], ORDER)
    assert merged.severity is Severity.HIGH


def test_the_context_severity_does_not_overrule_a_finding_the_rule_does_not_name() -> None:
    """A real secret on the line is not the weak hash's to judge."""
    other = secret(cwe=("CWE-328: Use of Weak Hash",))
    families = Families()
    [merged] = merge_duplicates(
        [other, weak_hash("python-weak-hash-checksum", Severity.LOW)], ["semgrep", "secrets"], families=families
    )
    assert merged.severity is Severity.HIGH


def test_lead_order_moves_a_scanner_before_those_it_leads_over() -> None:
    registry = {
        "semgrep": frozenset[str](),
        "bandit": frozenset[str](),
        "secrets": frozenset({"bandit"}),
        "taint": frozenset[str](),
    }
    assert lead_order(registry) == ["semgrep", "secrets", "bandit", "taint"]
    assert lead_order({"secrets": frozenset({"bandit"}), "semgrep": frozenset[str]()}) == ["secrets", "semgrep"]


def test_the_secrets_scanner_leads_bandits_password_finding() -> None:
    b105 = bandit(cwe=("CWE-259",), rule="B105", severity=Severity.LOW)
    order = lead_order({"semgrep": (), "bandit": (), "secrets": ("bandit",)})
    [merged] = merge_duplicates([b105, secret()], order, families=CREDENTIALS)
    assert merged.rule_id == "secrets-generic-secret" and merged.scanners == ("secrets", "bandit")
