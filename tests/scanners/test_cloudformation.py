"""The CloudFormation scanner: its check table against labelled templates (YAML with short
intrinsics, JSON with long ones), templates told from other YAML by content, parse failures as
lost coverage, and secrets handed to the engine's redaction."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from gatekeeper.findings import Severity
from gatekeeper.rulepack import RulePack, default_rules_dir
from gatekeeper.scanners import build_scanners
from gatekeeper.scanners.base import ScanContext, ScannerFailure, ScannerResult
from gatekeeper.scanners.cfn_checks import FUNCTIONS, load_rules
from gatekeeper.scanners.cloudformation import CHECKS_FILE, CloudFormationScanner
from tests.conftest import run_cli

CASES = default_rules_dir() / "cloudformation"
# The JSON cases cannot carry comments: (rule, line) of every finding expected in checks.test.json.
JSON_EXPECTED = {
    ("cfn-secret-parameter-default", 6),
    ("cfn-ebs-unencrypted", 17),  # Fn::If with a false branch
    ("cfn-sg-db-port-public", 29),
    ("cfn-ec2-imdsv1", 41),  # no MetadataOptions at all: the insecure default
    ("cfn-iam-service-wildcard", 50),
}


def scan(root: Path, files: dict[str, str], rules_dir: Path | None = None, timeout: float = 600) -> ScannerResult:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    workdir = root.parent / f"{root.name}-work"
    workdir.mkdir(exist_ok=True)
    handed = tuple(sorted(files))
    context = ScanContext(
        root=root, files=handed, rules_dir=rules_dir or default_rules_dir(), workdir=workdir, timeout=timeout
    )
    return CloudFormationScanner().scan(context, handed)


def labelled(text: str) -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    """`# ruleid: A, B` / `# ok: A` comments: (rule, line of the next non-comment line)."""
    lines = text.split("\n")
    expected: set[tuple[str, int]] = set()
    allowed: set[tuple[str, int]] = set()
    for index, line in enumerate(lines):
        match = re.match(r"\s*# (ruleid|ok): (.+)$", line)
        if not match:
            continue
        target = index + 1
        while lines[target].strip().startswith("#"):
            target += 1
        for rule in match.group(2).split(","):
            (expected if match.group(1) == "ruleid" else allowed).add((rule.strip(), target + 1))
    return expected, allowed


def found(result: ScannerResult) -> set[tuple[str, int]]:
    return {(f.rule_id, f.location.start_line) for f in result.findings}


def test_the_labelled_yaml_template_gives_exactly_its_ruleid_lines(tmp_path: Path) -> None:
    text = (CASES / "checks.test.yaml").read_text(encoding="utf-8")
    result = scan(tmp_path, {"stack.yaml": text})
    expected, allowed = labelled(text)
    assert result.scanned == ("stack.yaml",) and result.complete
    assert found(result) == expected
    assert not found(result) & allowed


def test_the_json_template_with_long_form_intrinsics(tmp_path: Path) -> None:
    result = scan(tmp_path, {"stack.json": (CASES / "checks.test.json").read_text(encoding="utf-8")})
    assert found(result) == JSON_EXPECTED


def test_every_check_has_positive_and_negative_cases_and_full_metadata() -> None:
    rules = load_rules(CASES / "checks.yaml")
    expected, allowed = labelled((CASES / "checks.test.yaml").read_text(encoding="utf-8"))
    positives = {rule for rule, _ in expected} | {rule for rule, _ in JSON_EXPECTED}
    negatives = {rule for rule, _ in allowed}
    levels = {"critical": "ERROR", "high": "ERROR", "medium": "WARNING", "low": "INFO", "info": "INFO"}
    for rule in rules:
        meta = rule["metadata"]
        assert rule["id"].startswith("cfn-") and rule["id"] in positives, rule["id"]
        assert rule["id"] in negatives or "present" in rule, f"{rule['id']}: no ok case"
        for key in ("title", "cwe", "severity", "confidence", "remediation", "references"):
            assert meta.get(key), f"{rule['id']}: metadata.{key}"
        assert levels[meta["severity"]] == rule["severity"], rule["id"]
        assert all(re.fullmatch(r"CWE-\d+: .+", c) for c in meta["cwe"])
        assert all(r.startswith("https://") for r in meta["references"])
    assert len({r["id"] for r in rules}) == len(rules)
    assert {r["function"] for r in rules if "function" in r} == set(FUNCTIONS)


def test_findings_carry_the_check_and_the_resource(tmp_path: Path) -> None:
    result = scan(
        tmp_path,
        {
            "t.yaml": """\
        Resources:
          Data:
            Type: AWS::EFS::FileSystem
        """
        },
    )
    (finding,) = result.findings
    assert finding.rule_id == "cfn-efs-unencrypted" and finding.severity is Severity.HIGH
    assert "Data (AWS::EFS::FileSystem)" in finding.message and "{resource}" not in finding.message
    assert finding.scanners == ("cloudformation",) and finding.cwe[0].startswith("CWE-311")
    assert finding.location.start_line == 2 and finding.snippet == "Data:"
    assert dict(result.units) == {"CloudFormation resources": 1}


def test_other_yaml_and_json_are_not_read_as_templates(tmp_path: Path) -> None:
    result = scan(
        tmp_path,
        {
            "k8s.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
            "package.json": '{"name": "x"}\n',
            "settings.yml": "Resources: {Type: AWS::S3::Bucket}\n",  # not the `Type:` line of a resource
            "template.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::SNS::Topic\n",
        },
    )
    assert result.scanned == ("template.yaml",)
    assert found(result) == {("cfn-sns-unencrypted", 3)}


def test_a_template_that_cannot_be_parsed_is_lost_coverage_without_its_text(tmp_path: Path) -> None:
    result = scan(
        tmp_path,
        {
            "bad.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  X: [unclosed, s3cr3t-value\n",
            "bad.json": '{"AWSTemplateFormatVersion": "2010-09-09",\n "Resources": {"X": }}\n',
            "list.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources: [a]\n",
        },
    )
    reasons = {s.path: s.reason for s in result.skipped}
    assert set(reasons) == {"bad.json", "bad.yaml", "list.yaml"} and not result.complete
    assert reasons["bad.json"].startswith("cloudformation: cannot parse JSON at line 2")
    assert reasons["bad.yaml"].startswith("cloudformation: cannot parse YAML at line 4")
    assert reasons["list.yaml"] == "cloudformation: line 2: Resources is not a mapping"
    assert "s3cr3t" not in json.dumps([s.reason for s in result.skipped])


def test_literal_secrets_are_handed_to_the_engine_for_redaction(tmp_path: Path) -> None:
    result = scan(
        tmp_path,
        {
            "t.yaml": """\
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          AdminPassword: {Type: String, Default: not-a-real-pw-1}
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables: {SERVICE_TOKEN: not-a-real-token-2, TOKEN_URL: https://auth.example.com}
        """
        },
    )
    assert found(result) == {("cfn-secret-parameter-default", 3), ("cfn-secret-in-properties", 9)}
    assert result.sensitive == {"not-a-real-pw-1", "not-a-real-token-2"}


@pytest.mark.parametrize("table", ["rules: {}\n", "rules:\n  - id: cfn-x\n    function: nowhere\n", "rules: [\n"])
def test_a_broken_check_table_fails_the_scanner(tmp_path: Path, table: str) -> None:
    rules_dir = tmp_path / "rules"
    (rules_dir / CHECKS_FILE).parent.mkdir(parents=True)
    (rules_dir / CHECKS_FILE).write_text(table)
    with pytest.raises(ScannerFailure, match="cloudformation: .*checks.yaml"):
        scan(tmp_path / "src", {"t.yaml": "AWSTemplateFormatVersion: '2010-09-09'\n"}, rules_dir=rules_dir)


def test_running_out_of_time_fails_the_scanner(tmp_path: Path) -> None:
    with pytest.raises(ScannerFailure, match="timed out"):
        scan(tmp_path, {"t.yaml": "AWSTemplateFormatVersion: '2010-09-09'\n"}, timeout=-1)


def test_the_scanner_is_registered() -> None:
    assert isinstance(build_scanners(RulePack(default_rules_dir()))["cloudformation"], CloudFormationScanner)


# --- through the CLI -------------------------------------------------------------------------


def test_a_template_is_analysed_reported_and_its_secret_masked(tmp_path: Path) -> None:
    shutil.copy(CASES / "checks.test.yaml", tmp_path / "stack.yaml")
    proc = run_cli(
        "scan", str(tmp_path), "--format", "json", "--no-cache", "--scanner", "cloudformation", "--scanner", "secrets"
    )
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    kinds = {k["kind"]: k for k in report["scan"]["coverage"]["kinds"]}
    assert kinds["cloudformation"]["analysed"] == 1 and kinds["cloudformation"]["analysers"] == ["cloudformation"]
    rules = {f["rule_id"] for f in report["findings"]}
    assert {"cfn-sg-admin-port-public", "cfn-rds-public", "cfn-secret-in-properties"} <= rules
    assert "placeholder-password-2" not in proc.stdout
    db = next(f for f in report["findings"] if f["rule_id"] == "cfn-rds-public")
    assert db["controls"] == ["pci-dss:1.3.1", "pci-dss:1.4.1", "pci-dss:1.4.4", "soc2:CC6.6"]
    trail = next(f for f in report["findings"] if f["rule_id"] == "cfn-cloudtrail-logging-off")
    assert "pci-dss:10.2.1" in trail["controls"], trail["controls"]


def test_a_broken_template_makes_the_scan_incomplete(tmp_path: Path) -> None:
    (tmp_path / "stack.yaml").write_text("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  X: [unclosed\n")
    proc = run_cli("scan", str(tmp_path), "--format", "json", "--no-cache", "--scanner", "cloudformation")
    assert proc.returncode == 2
    report = json.loads(proc.stdout)
    (scanner,) = report["scan"]["scanners"]
    assert scanner["status"] == "partial" and scanner["skipped"][0]["path"] == "stack.yaml"


def test_every_short_form_function_is_read_those_of_template_rules_included(tmp_path: Path) -> None:
    """`!Contains` and `!EachMemberIn` (template rules) are as valid as `!Ref`: a template using them
    is analysed, not lost coverage (cfn-lint's own fixture templates use them)."""
    text = textwrap.dedent("""\
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Users: {Type: CommaDelimitedList}
        Rules:
          Named:
            Assertions:
              - Assert: !And [!Contains [!Ref Users, ""], !EachMemberIn [!Ref Users, [a, b]]]
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Sub "${AWS::StackName}-data"
        """)
    result = scan(tmp_path, {"stack.yaml": text})
    assert result.scanned == ("stack.yaml",) and result.complete
    assert ("cfn-s3-no-encryption", 9) in found(result)
