"""Bare Terraform block labels (`resource aws_s3_bucket x {`): quoted for semgrep, lines kept."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from gatekeeper.rulepack import RulePack, default_rules_dir
from gatekeeper.scanners.base import ScanContext
from gatekeeper.scanners.hcl_labels import normalise
from gatekeeper.scanners.semgrep import SemgrepScanner


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("resource aws_s3_bucket logs {", 'resource "aws_s3_bucket" "logs" {'),
        ('resource aws_s3_bucket "logs" {', 'resource "aws_s3_bucket" "logs" {'),
        ('  data "aws_iam_policy_document" ci{', '  data "aws_iam_policy_document" "ci"{'),
    ],
)
def test_bare_labels_are_quoted_on_the_same_line(header: str, expected: str) -> None:
    assert normalise(f"# x\n{header}\n  a = 1\n}}\n") == f"# x\n{expected}\n  a = 1\n}}\n"


@pytest.mark.parametrize(
    "text",
    ['resource "aws_s3_bucket" "logs" {\n}\n', "variable region {\n}\n", 'locals {\n  resource = "x"\n}\n', ""],
)
def test_quoted_labels_and_other_blocks_are_left_alone(text: str) -> None:
    assert normalise(text) is None


BARE_SG = """\
resource aws_security_group bastion {
  name = "bastion"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""


def test_semgrep_rules_match_a_resource_with_bare_labels_at_its_own_line(tmp_path: Path) -> None:
    root = tmp_path / "src"
    root.mkdir()
    (root / "sg.tf").write_text(BARE_SG)
    work = tmp_path / "work"
    work.mkdir()
    rules = RulePack(default_rules_dir())
    context = ScanContext(root=root, files=("sg.tf",), rules_dir=rules.root, workdir=work, timeout=300)
    result = SemgrepScanner(rules).scan(context, ["sg.tf"])
    assert result.skipped == () and result.scanned == ("sg.tf",)
    assert [
        (f.location.path, f.location.start_line) for f in result.findings if f.rule_id == "tf-aws-sg-admin-port-public"
    ] == [("sg.tf", 4)]
    assert (root / "sg.tf").read_text() == BARE_SG, "the scanned tree is never changed"


def test_every_terraform_rule_finds_the_same_with_bare_labels(tmp_path: Path) -> None:
    """Each labelled Terraform rule test, rewritten with every `resource`/`data` label bare: the
    semgrep scanner reports the same rules on the same lines."""
    sources = sorted((default_rules_dir() / "semgrep" / "terraform").glob("*.tf"))
    quoted, bare = tmp_path / "quoted", tmp_path / "bare"
    header = re.compile(r'^(\s*(?:resource|data)\s+)"([A-Za-z_][\w-]*)"\s+"([A-Za-z_][\w-]*)"', re.MULTILINE)
    rewritten = 0
    for source in sources:
        for root in (quoted, bare):
            root.mkdir(exist_ok=True)
        shutil.copy(source, quoted / source.name)
        text, count = header.subn(r"\1\2 \3", source.read_text(encoding="utf-8"))
        (bare / source.name).write_text(text, encoding="utf-8")
        rewritten += count
    assert rewritten > 100
    rules = RulePack(default_rules_dir())
    reported = []
    for root in (quoted, bare):
        work = tmp_path / f"work-{root.name}"
        work.mkdir()
        names = tuple(sorted(p.name for p in root.glob("*.tf")))
        context = ScanContext(root=root, files=names, rules_dir=rules.root, workdir=work, timeout=600)
        result = SemgrepScanner(rules).scan(context, list(names))
        assert result.complete and result.scanned == names
        reported.append(
            sorted(
                (f.location.path, f.location.start_line, f.rule_id)
                for f in result.findings
                if f.rule_id.startswith("tf-")
            )
        )
    assert reported[0] and reported[1] == reported[0]
