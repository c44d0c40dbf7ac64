"""The mapping (rules/compliance/mapping.yaml) against the live rule pack and bandit's own CWEs.

These tests read the rules as they are, so a new rule whose CWE nobody has mapped fails here,
and so does a control that claims an evidence source no rule backs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bandit.core import extension_loader
from bandit.core.issue import Cwe

from gatekeeper import compliance
from gatekeeper.findings import Severity, cwe_number
from gatekeeper.rulepack import RulePack, default_rules_dir
from gatekeeper.scanners.cfn_checks import load_rules
from gatekeeper.scanners.cloudformation import CHECKS_FILE
from gatekeeper.scanners.terraform import all_checks
from tests.compliance.factory import finding, mapped

RULES = RulePack(default_rules_dir())
BUNDLE = compliance.load()
MAPPING = BUNDLE.mapping


def _rule_cwes(rule: dict) -> list[int]:  # type: ignore[type-arg]
    return [n for n in (cwe_number(str(c)) for c in (rule.get("metadata", {}).get("cwe") or [])) if n is not None]


def _bandit_cwes() -> set[int]:
    """Every CWE bandit can put on an issue (its Cwe table), so a bandit upgrade is covered too."""
    return {v for k, v in vars(Cwe).items() if k.isupper() and isinstance(v, int) and v != Cwe.NOTSET}


def _bandit_test_ids() -> set[str]:
    manager = extension_loader.MANAGER
    ids = {plugin.plugin._test_id for plugin in manager.plugins}
    ids |= {entry["id"] for entries in manager.blacklist.values() for entry in entries}
    return ids


SEMGREP_RULES = [pytest.param(rule, id=rule["id"]) for rule in RULES.semgrep_rules]


def test_the_live_rule_pack_is_not_empty() -> None:
    assert len(RULES.semgrep_rules) >= 4
    assert len(_bandit_cwes()) >= 20


@pytest.mark.parametrize("rule", SEMGREP_RULES)
def test_every_cwe_a_semgrep_rule_emits_is_mapped_or_explicitly_unmapped(rule: dict) -> None:  # type: ignore[type-arg]
    known = set(dict(MAPPING.cwe)) | set(dict(MAPPING.unmapped))
    cwes = _rule_cwes(rule)
    missing = [f"CWE-{n}" for n in cwes if n not in known]
    assert not missing, f"{rule['id']}: add {', '.join(missing)} to rules/compliance/mapping.yaml (cwe or unmapped)"


@pytest.mark.parametrize("rule", SEMGREP_RULES)
def test_every_semgrep_rule_reaches_at_least_one_control(rule: dict) -> None:  # type: ignore[type-arg]
    cwes = _rule_cwes(rule)
    result = MAPPING.classify(rule["id"], "semgrep", cwes)
    if cwes and all(n in dict(MAPPING.unmapped) for n in cwes) and not result.controls:
        return  # explicitly unmapped, with a reason
    assert result.controls, f"{rule['id']} ({cwes}) maps to no control"
    assert result.source in ("sast", "config", "secrets"), rule["id"]


@pytest.mark.parametrize("number", sorted(_bandit_cwes()))
def test_every_cwe_bandit_uses_is_mapped_or_explicitly_unmapped(number: int) -> None:
    if number in dict(MAPPING.unmapped):
        assert dict(MAPPING.unmapped)[number].strip()
        return
    assert number in dict(MAPPING.cwe), f"bandit emits CWE-{number}: map it in rules/compliance/mapping.yaml"
    assert MAPPING.classify("B000", "bandit", [number]).controls


def _cloudformation_check_ids() -> set[str]:
    return {rule["id"] for rule in load_rules(default_rules_dir() / CHECKS_FILE)}


def test_every_exact_rule_override_names_a_rule_that_exists() -> None:
    exact = [pattern for pattern, _ in MAPPING.rule_overrides if "*" not in pattern]
    terraform = {check.id for check in all_checks(RULES.root)}  # the terraform scanner's own checks
    known = RULES.rule_ids | _bandit_test_ids() | {"dependency-unpinned"} | terraform | _cloudformation_check_ids()
    unknown = [rule for rule in exact if rule not in known]
    assert not unknown, f"overrides for rules that do not exist: {unknown}"


def test_every_automated_control_can_be_reached_by_some_category() -> None:
    reachable = {ref for category in MAPPING.categories for ref in category.controls}
    for control in BUNDLE.catalogs.controls:
        if control.automated and "sbom" not in control.evidence:
            assert control.ref in reachable, f"{control.ref} is automated but nothing maps to it"


def _controls_backed_by(source: str) -> set[str]:
    """Controls that some live rule of `source` can put a finding against."""
    refs: set[str] = set()
    for rule in RULES.semgrep_rules:
        result = MAPPING.classify(rule["id"], "semgrep", _rule_cwes(rule))
        if result.source == source:
            refs |= set(result.controls)
    if source == "sast":
        for number in _bandit_cwes():
            refs |= set(MAPPING.classify("B000", "bandit", [number]).controls)
        for pattern, category in MAPPING.rule_overrides:
            if re.fullmatch(r"B\d{3}", pattern):
                refs |= set(MAPPING.category(category).controls)
    return refs


@pytest.mark.parametrize("source", ["sast", "config"])
def test_an_evidence_claim_is_backed_by_a_live_rule(source: str) -> None:
    # A control passes on a clean run of its sources; that only means something if some rule of
    # that source can fail it. Otherwise a clean scan would show it passing on no evidence at all.
    backed = _controls_backed_by(source)
    unbacked = [c.ref for c in BUNDLE.catalogs.controls if source in c.evidence and c.ref not in backed]
    assert not unbacked, f"{source} evidence claimed but no rule maps to: {unbacked}"


@pytest.mark.parametrize("source", ["secrets", "dependencies"])
def test_scanner_evidence_claims_are_backed_by_their_category(source: str) -> None:
    categories = {s.category for s in MAPPING.sources if s.source == source and s.category}
    categories |= (
        {c for p, c in MAPPING.rule_overrides if p.startswith(("MAL-", "dependency-"))}
        if source == "dependencies"
        else set()
    )
    reachable = {ref for c in categories for ref in MAPPING.category(c).controls}
    for control in BUNDLE.catalogs.controls:
        if source in control.evidence:
            assert control.ref in reachable, control.ref


def test_each_evidence_source_names_its_scanners() -> None:
    sources = {s.id: s.scanners for s in MAPPING.evidence_sources}
    assert sources == {
        "sast": ("semgrep", "bandit"),
        "dependencies": ("dependencies",),
        "sbom": ("dependencies",),
        "config": ("semgrep", "terraform", "cloudformation", "render", "kubernetes"),
        "secrets": ("secrets",),
    }


# --- what maps where ---------------------------------------------------------------------------


def controls(rule_id: str, scanner: str, *cwes: str) -> tuple[str, ...]:
    return mapped(finding(rule_id, scanner=scanner, cwe=cwes))[0].controls


def family(rule_id: str, scanner: str, *cwes: str) -> str | None:
    classification = MAPPING.classify(rule_id, scanner, [cwe_number(c) or 0 for c in cwes])
    return MAPPING.category(classification.categories[0]).family


@pytest.mark.parametrize(
    ("rule_id", "scanner", "cwe", "expected"),
    [
        ("python-sql-injection", "semgrep", "CWE-89", "injection"),
        ("python-command-injection", "semgrep", "CWE-78", "injection"),
        ("python-unsafe-yaml-load", "semgrep", "CWE-502", "data-structures"),
        ("B314", "bandit", "CWE-20", "data-structures"),
        ("python-weak-hash", "semgrep", "CWE-328", "cryptography"),
        ("python-tls-verification-disabled", "semgrep", "CWE-295", "cryptography"),
        ("python-xss-response", "semgrep", "CWE-79", "business-logic"),
        ("csrf-off", "semgrep", "CWE-352", "business-logic"),
        ("python-path-traversal", "semgrep", "CWE-22", "access-control"),
        ("missing-authz", "semgrep", "CWE-862", "access-control"),
        ("python-ssrf", "semgrep", "CWE-918", "high-risk"),
    ],
)
def test_6_2_4_findings_are_told_apart_by_attack_family(rule_id: str, scanner: str, cwe: str, expected: str) -> None:
    assert "pci-dss:6.2.4" in controls(rule_id, scanner, cwe)
    assert family(rule_id, scanner, cwe) == expected


def test_rule_overrides_beat_bandits_cwe() -> None:
    # bandit calls eval() CWE-78 (OS command injection): it is code injection, still injection.
    assert MAPPING.classify("B307", "bandit", [78]).categories == ("injection",)
    # yaml.load is CWE-20 to bandit; it is unsafe deserialisation.
    assert MAPPING.classify("B506", "bandit", [20]).categories == ("data-structures",)
    # Flask debug=True is CWE-94 to bandit; it is an exposed debugger: 2.2.4 too.
    assert "pci-dss:2.2.4" in controls("B201", "bandit", "CWE-94")
    # ssl with an old protocol is CWE-327 to bandit; it is transport security: 4.2.1.
    assert "pci-dss:4.2.1" in controls("B502", "bandit", "CWE-327")
    assert "pci-dss:4.2.1" not in controls("B303", "bandit", "CWE-327")


def test_tls_and_certificate_checks_map_to_4_2_1_and_cc6_7() -> None:
    for found in (
        controls("python-tls-verification-disabled", "semgrep", "CWE-295"),
        controls("B501", "bandit", "CWE-295"),
        controls("tf-aws-lb-plain-http-listener", "semgrep", "CWE-319"),
    ):
        assert {"pci-dss:4.2.1", "soc2:CC6.7"} <= set(found)


def test_vulnerable_dependencies_map_to_6_3_1_6_3_3_and_cc7_1() -> None:
    found = controls("PYSEC-2018-66", "dependencies")
    assert {"pci-dss:6.3.1", "pci-dss:6.3.3", "soc2:CC7.1"} <= set(found)
    assert "pci-dss:6.2.4" not in found  # not a coding weakness of ours, whatever the advisory's CWE
    assert controls("PYSEC-2018-66", "dependencies", "CWE-79") == found
    assert "soc2:CC6.8" in controls("MAL-2024-1", "dependencies")
    assert "pci-dss:6.3.2" in controls("dependency-unpinned", "dependencies")


def test_secrets_and_card_numbers() -> None:
    secret = set(controls("secrets-aws-secret-key", "secrets"))
    assert {"pci-dss:8.6.2", "pci-dss:8.6.3", "pci-dss:3.6.1", "soc2:CC6.1"} <= secret
    pan = set(controls("secrets-pan", "secrets"))
    assert {"pci-dss:3.3.1", "pci-dss:3.4.1", "pci-dss:3.5.1", "pci-dss:6.5.5"} <= pan
    assert "pci-dss:8.6.2" not in pan
    # A hard-coded password found by a code scanner is the same breach of 8.6.2.
    assert "pci-dss:8.6.2" in controls("B105", "bandit", "CWE-259")


def test_config_rules_map_by_prefix_refined_by_cwe() -> None:
    exposure = set(controls("tf-aws-sg-admin-port-public", "semgrep", "CWE-284"))
    assert {"pci-dss:1.3.1", "pci-dss:1.4.1", "soc2:CC6.6"} <= exposure
    assert "pci-dss:6.2.4" not in exposure  # configuration, not code: not a 6.2.4 access-control bug
    assert "pci-dss:1.4.4" in controls("tf-aws-sg-db-port-public", "semgrep", "CWE-284")
    root = set(controls("docker-runs-as-root", "semgrep", "CWE-250"))
    assert {"pci-dss:2.2.6", "pci-dss:7.2.5", "soc2:CC6.3"} <= root
    hardening = set(controls("k8s-some-new-check", "semgrep", "CWE-99999"))
    assert {"pci-dss:2.2.1", "soc2:CC7.1"} <= hardening  # unknown CWE: the prefix's category
    assert "pci-dss:3.5.1" in controls("tf-aws-rds-unencrypted", "semgrep", "CWE-311")
    assert "pci-dss:10.2.1" in controls("tf-aws-cloudtrail-logging-disabled", "semgrep", "CWE-778")
    assert "pci-dss:10.5.1" in controls("tf-aws-log-retention-short", "semgrep", "CWE-778")
    assert "pci-dss:8.6.2" in controls("docker-secret-in-env", "semgrep", "CWE-798")
    for prefix in ("tf-", "docker-", "k8s-", "compose-", "gha-", "nginx-", "config-"):
        assert MAPPING.classify(f"{prefix}x", "semgrep", []).source == "config", prefix
    assert MAPPING.classify("tf-x", "terraform", []).source == "config"


def test_explicitly_unmapped_cwes_map_to_nothing_and_unknown_code_weaknesses_fall_back() -> None:
    assert controls("B101", "bandit", "CWE-703") == ()
    fallback = controls("python-brand-new", "semgrep", "CWE-99999")
    assert "pci-dss:6.2.4" in fallback and MAPPING.classify("x", "semgrep", [99999]).categories == ("high-risk",)
    # A finding from a scanner the mapping does not know maps by CWE, without a fallback.
    assert controls("x", "trivy", "CWE-89") and controls("x", "trivy") == ()


def test_a_merged_finding_gets_the_controls_of_all_its_cwe_ids() -> None:
    merged = mapped(finding("python-weak-password-hash", cwe=("CWE-916", "CWE-328")))[0]
    assert {"pci-dss:8.3.2", "pci-dss:6.2.4"} <= set(merged.controls)
    assert dict(merged.properties)["category"] == "cryptography"


def test_controls_are_in_catalog_order() -> None:
    order = [c.ref for c in BUNDLE.catalogs.controls]
    found = controls("python-tls-verification-disabled", "semgrep", "CWE-295")
    assert list(found) == sorted(found, key=order.index)
    frameworks = [f.id for f in BUNDLE.catalogs]
    assert [r.split(":")[0] for r in found] == sorted((r.split(":")[0] for r in found), key=frameworks.index)
    assert found[0].startswith("pci-dss:")


def test_sql_injection_maps_to_the_ssdf_coding_and_analysis_tasks() -> None:
    found = controls("python-sql-injection", "semgrep", "CWE-89")
    assert [r for r in found if r.startswith("nist-ssdf:")] == [
        "nist-ssdf:PW.5.1",
        "nist-ssdf:PW.7.2",
        "nist-ssdf:RV.1.2",
    ]
    # The same category still decides PCI DSS and SOC 2 exactly as before the third framework.
    assert [r for r in found if not r.startswith("nist-ssdf:")] == [
        "pci-dss:6.2.3",
        "pci-dss:6.2.4",
        "pci-dss:6.4.1",
        "soc2:CC7.1",
        "soc2:CC8.1",
    ]


def test_ssdf_dependency_and_configuration_tasks() -> None:
    vulnerable = controls("GHSA-xxxx", "dependencies")
    assert {"nist-ssdf:PW.4.1", "nist-ssdf:PW.4.4", "nist-ssdf:RV.1.1"} <= set(vulnerable)
    assert "nist-ssdf:PW.9.1" in controls("tf-aws-s3-no-encryption", "terraform")


def test_severity_does_not_change_the_mapping() -> None:
    low = mapped(finding(severity=Severity.LOW))[0].controls
    assert low == mapped(finding(severity=Severity.CRITICAL))[0].controls


def test_rules_directory_digest_covers_the_compliance_data() -> None:
    # The rule pack digest is the evidence of which mapping produced the controls.
    assert (Path(RULES.root) / "compliance" / "mapping.yaml").is_file()
