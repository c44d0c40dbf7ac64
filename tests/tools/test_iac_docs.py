"""docs/iac-checks.md is generated from the rule metadata, and a stale page fails."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from gatekeeper.rulepack import default_rules_dir
from gatekeeper.tools.iac_docs import PAGE, main, render

REPO = Path(__file__).resolve().parents[2]


def test_the_committed_page_is_up_to_date() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "gatekeeper.tools.iac_docs", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr + "\n(regenerate it: python -m gatekeeper.tools.iac_docs)"


def test_a_stale_page_is_reported_and_rewritten(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / PAGE).write_text("# hand-edited\n", encoding="utf-8")
    assert main(["--check", "--root", str(tmp_path)]) == 1
    assert main(["--root", str(tmp_path)]) == 0
    assert main(["--check", "--root", str(tmp_path)]) == 0
    assert "`tf-aws-instance-imdsv1`" in (tmp_path / PAGE).read_text(encoding="utf-8")


def test_every_platform_section_lists_its_checks_with_controls() -> None:
    page = render(default_rules_dir())
    aws = page.split("## AWS (Terraform)")[1].split("\n## ")[0]
    # a defaults-table check, a cross-resource check and a semgrep rule, each with PCI DSS and SOC 2
    for check, pci, soc2 in (
        ("tf-aws-instance-imdsv1", "2.2.1", "CC7.1"),
        ("tf-aws-s3-no-encryption", "3.5.1", "CC6.1"),
        ("tf-aws-sg-admin-port-public", "1.3.1", "CC6.6"),
    ):
        [row] = [line for line in aws.splitlines() if line.startswith(f"| `{check}` |")]
        assert pci in row and soc2 in row, row
    assert "`tf-azure-nsg-sensitive-port-public`" in page.split("## Azure (Terraform)")[1].split("\n## ")[0]
    assert "`tf-gcp-iam-primitive-role`" in page.split("## GCP (Terraform)")[1].split("\n## ")[0]


def test_a_new_rule_directory_appears_without_changing_the_generator(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    (rules / "semgrep" / "cloudformation").mkdir()
    (rules / "semgrep" / "cloudformation" / "s3.yaml").write_text(
        textwrap.dedent("""\
        rules:
          - id: cfn-s3-public-read-acl
            languages: [yaml]
            severity: ERROR
            message: public bucket
            pattern: "AccessControl: PublicRead"
            metadata:
              title: Public S3 bucket (CloudFormation)
              severity: high
              cwe: ["CWE-732: Incorrect Permission Assignment for Critical Resource"]
              remediation: Remove AccessControl PublicRead.
        """),
        encoding="utf-8",
    )
    before = render(default_rules_dir()).count("\n| `cfn-")
    page = render(rules)
    section = page.split("## CloudFormation (")[1].split("\n## ")[0]
    assert section.count("\n| `cfn-") == before + 1
    assert "| `cfn-s3-public-read-acl` | Public S3 bucket (CloudFormation) | high | CWE-732 |" in section
