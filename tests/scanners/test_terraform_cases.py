"""The labelled Terraform cases (rules/iac/terraform-cases/*.tf) against the terraform scanner.

`# ruleid: A, B` in the comment lines above a `resource` header: the scanner reports A and B at
that header's line; `# ok: A` there: it does not. As with `semgrep --test`, for every check a file
names, the lines reported must be exactly the lines labelled `ruleid`. Each file is its own module.
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from gatekeeper import compliance
from gatekeeper.findings import cwe_number
from gatekeeper.rulepack import default_rules_dir
from gatekeeper.scanners.base import ScanContext
from gatekeeper.scanners.terraform import TerraformScanner, all_checks
from gatekeeper.scanners.terraform_defaults import load

CASES = Path(__file__).resolve().parents[2] / "rules" / "iac" / "terraform-cases"
LABEL = re.compile(r"^\s*#\s*(ruleid|ok):\s*(.+?)\s*$")
HEADER = re.compile(r"^\s*(resource|data)\s")


def labels(path: Path) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """(check id -> header lines labelled ruleid, check id -> header lines labelled ok)."""
    expected: dict[str, set[int]] = defaultdict(set)
    ok: dict[str, set[int]] = defaultdict(set)
    pending: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        label = LABEL.match(line)
        if label:
            pending += [(label[1], check.strip()) for check in label[2].split(",")]
        elif HEADER.match(line):
            for kind, check in pending:
                (expected if kind == "ruleid" else ok)[check].add(number)
            pending = []
        elif not line.strip().startswith("#"):
            pending = []
    return expected, ok


def scan_case(path: Path, tmp_path: Path) -> dict[str, set[int]]:
    root = tmp_path / "module"
    root.mkdir()
    shutil.copy(path, root / path.name)
    work = tmp_path / "work"
    work.mkdir()
    context = ScanContext(root=root, files=(path.name,), rules_dir=default_rules_dir(), workdir=work, timeout=300)
    result = TerraformScanner().scan(context, [path.name])
    assert result.complete, result.skipped
    reported: dict[str, set[int]] = defaultdict(set)
    for finding in result.findings:
        reported[finding.rule_id].add(finding.location.start_line)
    return reported


CASE_FILES = sorted(CASES.glob("*.tf"))


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_each_labelled_case_is_reported_exactly(path: Path, tmp_path: Path) -> None:
    expected, ok = labels(path)
    reported = scan_case(path, tmp_path)
    for check in sorted(set(expected) | set(ok)):
        assert reported.get(check, set()) == expected.get(check, set()), f"{path.name}: {check}"


def test_every_table_and_firewall_check_has_a_positive_and_a_negative_case() -> None:
    positive: set[str] = set()
    negative: set[str] = set()
    for path in CASE_FILES:
        expected, ok = labels(path)
        positive |= {c for c, lines in expected.items() if lines}
        negative |= {c for c, lines in ok.items() if lines}
    table = {entry.check.id for entry in load(default_rules_dir())}
    checks = {
        c.id
        for c in all_checks(default_rules_dir())
        if not c.id.startswith(("tf-aws-s3-", "tf-aws-lb-no-waf", "tf-aws-apigateway-no-waf"))
    }
    assert table <= checks
    assert sorted(checks - positive) == [] and sorted(checks - negative) == []
    known = {c.id for c in all_checks(default_rules_dir())}
    assert sorted((positive | negative) - known) == [], "a label names no check"


def test_every_terraform_check_maps_to_pci_dss_and_soc2_controls() -> None:
    mapping = compliance.load(default_rules_dir()).mapping
    for check in all_checks(default_rules_dir()):
        result = mapping.classify(check.id, "terraform", [cwe_number(c) for c in check.cwe])
        frameworks = {ref.split(":")[0] for ref in result.controls}
        # PCI DSS has no resilience requirement: backups and deletion protection are SOC 2 A1.2 only.
        expected = {"soc2"} if result.categories == ("backup-recovery",) else {"pci-dss", "soc2"}
        assert expected <= frameworks, f"{check.id} ({check.cwe}) reaches {result.controls}"
