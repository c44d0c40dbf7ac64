"""The Terraform defaults table (rules/iac/terraform-defaults.yaml): its predicates, its errors, and
what a user meets on the command line. The labelled cases are in test_terraform_cases.py."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from gatekeeper.rulepack import default_rules_dir
from gatekeeper.scanners.base import ScanContext, ScannerFailure
from gatekeeper.scanners.terraform import TerraformScanner
from gatekeeper.scanners.terraform_defaults import TABLE, TableError, holds, load
from tests.conftest import run_cli

INSECURE = """\
# an instance left at the provider's defaults
resource aws_instance api {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}
"""


@pytest.mark.parametrize(
    ("predicate", "value", "expected"),
    [
        ({"equals": "required"}, "Required", True),
        ({"equals": True}, "true", True),
        ({"in": ["1.2", "1.3"]}, "1.0", False),
        ({"not_in": [True]}, False, True),
        ({"min": 7}, 1, False),
        ({"min": 7}, "${var.days}", None),
        ({"none_of": ["allUsers"]}, ["group:x", "allUsers"], False),
        ({"none_of": ["allUsers"]}, ["${var.member}"], None),
        ({"not_literal": True}, "hunter2", False),
        ({"not_literal": True}, "${var.password}", True),
        ({"no_literal_secrets": True}, {"API_TOKEN": "abc", "STAGE": "prod"}, False),
        ({"no_literal_secrets": True}, {"API_TOKEN": "${var.token}"}, True),
        (
            {"has_blocks": [{"name": "log_connections", "value": "on"}]},
            [{"name": "log_connections", "value": "on"}],
            True,
        ),
        ({"present": True}, [], False),
    ],
)
def test_predicates(predicate: dict[str, object], value: object, expected: bool | None) -> None:
    assert holds(predicate, value) is expected


def _rules_with_table(tmp_path: Path, table: str) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    (rules / TABLE).write_text(textwrap.dedent(table), encoding="utf-8")
    return rules


_ENTRY = "checks:\n  - id: x\n    resources: [a]\n    attribute: b\n    title: t\n    severity: low\n    cwe: [c]\n"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("checks: {}\n", "no top-level 'checks' list"),
        (_ENTRY + "    secure: {equals: 1}\n    fix: f\n    colour: red\n", "x: unknown key 'colour'"),
        (_ENTRY + "    secure: {roughly: 1}\n    fix: f\n", "x: a predicate is one of"),
        (_ENTRY + "    secure: {equals: 1}\n", "x: 'fix' is missing"),
        ("checks: [\n", "cannot read the Terraform defaults table"),
    ],
)
def test_a_malformed_table_fails_the_scanner_naming_the_file_and_the_key(
    tmp_path: Path, table: str, message: str
) -> None:
    rules = _rules_with_table(tmp_path, table)
    with pytest.raises(TableError, match="terraform-defaults.yaml"):
        load(rules)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.tf").write_text(INSECURE, encoding="utf-8")
    (tmp_path / "work").mkdir()
    context = ScanContext(
        root=tmp_path / "src", files=("main.tf",), rules_dir=rules, workdir=tmp_path / "work", timeout=60
    )
    with pytest.raises(ScannerFailure) as failure:
        TerraformScanner().scan(context, ["main.tf"])
    assert message in str(failure.value) and "\n" not in str(failure.value)


def test_the_cli_reports_settings_left_at_insecure_defaults_with_the_resource_and_its_line(tmp_path: Path) -> None:
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(INSECURE, encoding="utf-8")
    proc = run_cli(
        "scan", str(tmp_path), "--format", "json", "--no-cache", "--scanner", "terraform", "--fail-on", "high"
    )
    assert proc.returncode == 1, proc.stderr
    findings = {f["rule_id"]: f for f in json.loads(proc.stdout)["findings"]}
    imds = findings["tf-aws-instance-imdsv1"]
    assert imds["location"]["path"] == "infra/main.tf" and imds["location"]["start_line"] == 2
    assert imds["properties"]["resource"] == "aws_instance.api"
    assert imds["severity"] == "high" and "CWE-1188" in imds["cwe"][0]
    assert any(c.startswith("pci-dss:") for c in imds["controls"]) and any(
        c.startswith("soc2:") for c in imds["controls"]
    )
    assert "tf-aws-instance-root-volume-unencrypted" in findings


def test_the_cli_passes_a_hardened_resource(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        textwrap.dedent("""\
        resource "aws_ebs_encryption_by_default" "this" {
          enabled = true
        }

        resource "aws_instance" "api" {
          ami           = "ami-0123456789abcdef0"
          instance_type = "t3.micro"
          monitoring    = true

          metadata_options {
            http_tokens = "required"
          }
        }
        """),
        encoding="utf-8",
    )
    proc = run_cli(
        "scan", str(tmp_path), "--format", "json", "--no-cache", "--scanner", "terraform", "--fail-on", "info"
    )
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert json.loads(proc.stdout)["findings"] == []


def test_an_unencrypted_database_without_a_customer_key_is_two_findings(tmp_path: Path) -> None:
    """semgrep's rule (storage_encrypted false) and the defaults table's (no kms_key_id) share
    CWE-311 on one block, yet are two weaknesses with two fixes: neither hides the other."""
    (tmp_path / "main.tf").write_text(
        textwrap.dedent("""\
            resource "aws_db_instance" "payments" {
              engine            = "postgres"
              instance_class    = "db.t3.micro"
              allocated_storage = 20
              storage_encrypted = false
            }
            """),
        encoding="utf-8",
    )
    proc = run_cli(
        "scan", str(tmp_path), "--format", "json", "--no-cache", "--scanner", "semgrep", "--scanner", "terraform"
    )
    findings = {f["rule_id"]: f["scanners"] for f in json.loads(proc.stdout)["findings"]}
    assert findings["tf-aws-rds-unencrypted"] == ["semgrep"]
    assert findings["tf-aws-no-cmk"] == ["terraform"]
