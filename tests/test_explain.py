"""Explanations from each catalogue: description, CWE, controls, labelled examples, fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from gatekeeper.explain import explain, labelled_examples
from gatekeeper.rulepack import RulePack, default_rules_dir

RULES = RulePack(default_rules_dir())


def test_every_bundled_semgrep_rule_is_explained_with_an_example_it_reports() -> None:
    missing = []
    for rule in RULES.semgrep_rules:
        found = explain(rule["id"], RULES)
        assert found is not None and found.cwe and found.fix, rule["id"]
        if not found.bad:
            missing.append(rule["id"])
    assert not missing, f"rules without a labelled `ruleid:` example beside them: {missing}"


def test_a_semgrep_rules_examples_are_its_labelled_cases() -> None:
    found = explain("python-debug-mode-enabled", RULES)
    assert found is not None
    assert found.catalogue == "semgrep rule rules/semgrep/python/debug-mode.yaml"
    assert found.bad[0] == 'api = FastAPI(title="payments", debug=True)'
    assert found.good[0] == 'api_prod = FastAPI(title="payments")'
    assert "CWE-489: Active Debug Code" in found.cwe
    # The controls a finding of this rule gets from the compliance mapping.
    assert "pci-dss:6.2.4" in found.controls


def test_a_bandit_plugin_has_its_cwe_from_bandit_and_our_fix() -> None:
    found = explain("B602", RULES)
    assert found is not None and found.catalogue == "bandit plugin"
    assert found.cwe == ("CWE-78",)
    assert "shell=False" in found.fix
    assert "pci-dss:6.2.4" in found.controls


def test_a_bandit_blacklist_entry() -> None:
    found = explain("B303", RULES)
    assert found is not None and found.catalogue == "bandit blacklist"
    assert found.cwe == ("CWE-327",) and "MD5" in found.description


@pytest.mark.parametrize(
    ("rule_id", "catalogue", "bad_text"),
    [
        ("cfn-s3-no-encryption", "cloudformation check rules/cloudformation/checks.yaml", "AWS::S3::Bucket"),
        ("tf-aws-instance-imdsv1", "terraform check rules/iac/terraform-defaults.yaml", 'resource "aws_instance"'),
    ],
)
def test_iac_checks_with_their_labelled_cases(rule_id: str, catalogue: str, bad_text: str) -> None:
    found = explain(rule_id, RULES)
    assert found is not None and found.catalogue == catalogue
    assert found.bad and bad_text in found.bad[0]
    assert "{" not in found.description.replace("{ ", "")  # placeholders shown as <resource>
    assert all("ruleid:" not in example and "ok:" not in example for example in found.bad + found.good)


def test_a_kind_of_secret() -> None:
    found = explain("secrets-pan", RULES)
    assert found is not None and found.severity == "critical"
    assert "pci-dss:3.4.1" in found.controls


def test_an_unknown_id_is_none() -> None:
    assert explain("no-such-rule", RULES) is None
    assert explain("B999", RULES) is None


def test_labelled_examples_take_the_line_and_its_body(tmp_path: Path) -> None:
    case = tmp_path / "x.py"
    case.write_text(
        "# ruleid: r1\n"
        "def handler(x):\n"
        "    # ok: r2\n"
        "    return eval(x)\n"
        "\n"
        "# ok: r1, r2\n"
        "safe = 1\n"
        "# todoruleid: r1\n"
        "later = 2\n"
    )
    bad, good = labelled_examples([case], "r1")
    assert bad == ("def handler(x):\n    return eval(x)",)
    assert good == ("safe = 1",)
