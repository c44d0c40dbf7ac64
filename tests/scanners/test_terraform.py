"""The cross-resource Terraform checks (gatekeeper/scanners/terraform.py), on small modules of our own."""

from __future__ import annotations

import re
import textwrap
from importlib import metadata
from pathlib import Path

import pytest

from gatekeeper.findings import Severity
from gatekeeper.rulepack import RulePack, default_rules_dir
from gatekeeper.scanners import build_scanners
from gatekeeper.scanners.base import ScanContext, ScannerFailure, ScannerResult
from gatekeeper.scanners.terraform import CHECKS, TerraformScanner

S3_CHECKS = {
    "tf-aws-s3-no-encryption",
    "tf-aws-s3-no-versioning",
    "tf-aws-s3-no-access-logging",
    "tf-aws-s3-no-public-access-block",
}

BARE_BUCKET = """\
resource "aws_s3_bucket" "reports" {
  bucket = "acme-reports"
}
"""

# Everything a bucket should have, each in its own resource (AWS provider v4+ style).
BUCKET_SETTINGS = """\
resource "aws_s3_bucket_server_side_encryption_configuration" "reports" {
  bucket = aws_s3_bucket.reports.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_versioning" "reports" {
  bucket = aws_s3_bucket.reports.bucket
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "reports" {
  bucket        = "acme-reports"
  target_bucket = var.log_bucket
}

resource "aws_s3_bucket_public_access_block" "reports" {
  bucket                  = aws_s3_bucket.reports.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
"""


def scan(root: Path, files: dict[str, str], handed: list[str] | None = None, timeout: float = 600) -> ScannerResult:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    handed = sorted(files) if handed is None else handed
    workdir = root.parent / f"{root.name}-work"
    workdir.mkdir(exist_ok=True)
    context = ScanContext(
        root=root, files=tuple(handed), rules_dir=default_rules_dir(), workdir=workdir, timeout=timeout
    )
    return TerraformScanner().scan(context, handed)


def hits(result: ScannerResult) -> set[tuple[str, str, int]]:
    """The cross-resource checks' findings (the defaults table has its own labelled cases)."""
    return {(f.rule_id, f.location.path, f.location.start_line) for f in result.findings if f.rule_id in CHECKS}


# --- S3 ------------------------------------------------------------------------------------


def test_a_bare_bucket_misses_encryption_versioning_logging_and_public_access_block(tmp_path: Path) -> None:
    result = scan(tmp_path, {"s3.tf": "# reports\n" + BARE_BUCKET})
    assert hits(result) == {(check, "s3.tf", 2) for check in S3_CHECKS}
    assert result.scanned == ("s3.tf",) and result.skipped == () and result.complete


def test_findings_are_fully_described_and_left_for_the_engine_to_fingerprint(tmp_path: Path) -> None:
    result = scan(tmp_path, {"infra/s3.tf": BARE_BUCKET})
    [finding] = [f for f in result.findings if f.rule_id == "tf-aws-s3-no-encryption"]
    check = CHECKS["tf-aws-s3-no-encryption"]
    assert finding.scanners == ("terraform",)
    assert finding.source_rules == (("terraform", "tf-aws-s3-no-encryption"),)
    assert finding.fingerprint == ""
    assert finding.location.path == "infra/s3.tf"
    assert (finding.location.start_line, finding.location.end_line) == (1, 3)
    assert finding.snippet == 'resource "aws_s3_bucket" "reports" {'
    assert "aws_s3_bucket.reports" in finding.message
    assert finding.severity == check.severity == Severity.MEDIUM
    assert finding.title == check.title and finding.cwe == check.cwe
    assert finding.remediation and finding.references
    assert dict(finding.properties)["resource"] == "aws_s3_bucket.reports"


def test_settings_in_other_files_of_the_module_count(tmp_path: Path) -> None:
    # by reference (.id, .bucket) and by literal bucket name
    result = scan(tmp_path, {"bucket.tf": BARE_BUCKET, "bucket_settings.tf": BUCKET_SETTINGS})
    assert hits(result) == set()
    assert result.scanned == ("bucket.tf", "bucket_settings.tf")


def test_inline_settings_of_aws_provider_v3_count(tmp_path: Path) -> None:
    inline = """\
    resource "aws_s3_bucket" "legacy" {
      bucket = "acme-legacy"
      server_side_encryption_configuration {
        rule {
          apply_server_side_encryption_by_default {
            sse_algorithm = "AES256"
          }
        }
      }
      versioning {
        enabled = true
      }
      logging {
        target_bucket = aws_s3_bucket.logs.id
      }
    }
    """
    result = scan(tmp_path, {"legacy.tf": inline})
    assert {(r, line) for r, _, line in hits(result)} == {("tf-aws-s3-no-public-access-block", 1)}


def test_each_bucket_is_judged_on_its_own_settings(tmp_path: Path) -> None:
    files = {
        "main.tf": BARE_BUCKET
        + """
resource "aws_s3_bucket" "exports" {
  count  = 2
  bucket = "acme-exports-${count.index}"
}

resource "aws_s3_bucket_versioning" "exports" {
  count  = 2
  bucket = aws_s3_bucket.exports[count.index].id
  versioning_configuration {
    status = "Enabled"
  }
}
""",
    }
    result = scan(tmp_path, files)
    by_bucket = {(f.rule_id, dict(f.properties)["resource"]) for f in result.findings}
    assert ("tf-aws-s3-no-versioning", "aws_s3_bucket.reports") in by_bucket
    assert ("tf-aws-s3-no-versioning", "aws_s3_bucket.exports") not in by_bucket
    assert ("tf-aws-s3-no-encryption", "aws_s3_bucket.exports") in by_bucket


def test_a_reference_that_cannot_be_resolved_gives_the_benefit_of_the_doubt(tmp_path: Path) -> None:
    settings = """\
    resource "aws_s3_bucket_server_side_encryption_configuration" "all" {
      for_each = toset(var.bucket_names)
      bucket   = each.value
      rule {
        apply_server_side_encryption_by_default {
          sse_algorithm = "aws:kms"
        }
      }
    }
    """
    result = scan(tmp_path, {"main.tf": BARE_BUCKET, "encryption.tf": settings})
    assert {r for r, _, _ in hits(result)} == S3_CHECKS - {"tf-aws-s3-no-encryption"}


def test_a_literal_name_of_another_bucket_does_not_count(tmp_path: Path) -> None:
    settings = """\
    resource "aws_s3_bucket_public_access_block" "other" {
      bucket                  = "some-other-bucket"
      block_public_acls       = true
      block_public_policy     = true
      ignore_public_acls      = true
      restrict_public_buckets = true
    }
    """
    result = scan(tmp_path, {"main.tf": BARE_BUCKET, "pab.tf": settings})
    assert "tf-aws-s3-no-public-access-block" in {r for r, _, _ in hits(result)}


def test_the_access_log_bucket_is_not_asked_to_log_itself(tmp_path: Path) -> None:
    files = {
        "main.tf": BARE_BUCKET
        + """
resource "aws_s3_bucket" "logs" {
  bucket = "acme-access-logs"
}

resource "aws_s3_bucket_logging" "reports" {
  bucket        = aws_s3_bucket.reports.id
  target_bucket = aws_s3_bucket.logs.id
}
""",
    }
    result = scan(tmp_path, files)
    logging = {dict(f.properties)["resource"] for f in result.findings if f.rule_id == "tf-aws-s3-no-access-logging"}
    assert logging == set()
    encryption = {dict(f.properties)["resource"] for f in result.findings if f.rule_id == "tf-aws-s3-no-encryption"}
    assert encryption == {"aws_s3_bucket.reports", "aws_s3_bucket.logs"}


def test_an_account_level_public_access_block_covers_every_bucket(tmp_path: Path) -> None:
    account = """\
    resource "aws_s3_account_public_access_block" "this" {
      block_public_acls       = true
      block_public_policy     = true
      ignore_public_acls      = true
      restrict_public_buckets = true
    }
    """
    result = scan(tmp_path, {"main.tf": BARE_BUCKET, "account.tf": account})
    assert "tf-aws-s3-no-public-access-block" not in {r for r, _, _ in hits(result)}


def test_each_directory_is_its_own_module(tmp_path: Path) -> None:
    # the settings sit in another module: they do not apply to this bucket
    result = scan(tmp_path, {"app/main.tf": BARE_BUCKET, "baseline/settings.tf": BUCKET_SETTINGS})
    assert {p for _, p, _ in hits(result)} == {"app/main.tf"}
    assert {r for r, _, _ in hits(result)} == S3_CHECKS


def test_siblings_not_handed_over_are_read_but_not_reported(tmp_path: Path) -> None:
    # pre-commit hands over changed files only; the module still includes the others.
    files = {"bucket.tf": BARE_BUCKET, "bucket_settings.tf": BUCKET_SETTINGS}
    assert hits(scan(tmp_path / "a", files, handed=["bucket_settings.tf"])) == set()
    other = {"new.tf": BARE_BUCKET.replace("reports", "fresh"), "old.tf": BARE_BUCKET}
    result = scan(tmp_path / "b", other, handed=["new.tf"])
    assert {p for _, p, _ in hits(result)} == {"new.tf"}
    assert result.scanned == ("new.tf",)


def test_terraform_downloads_are_not_the_projects_code() -> None:
    scanner = TerraformScanner()
    assert scanner.handles("infra/main.tf")
    assert not scanner.handles("infra/.terraform/modules/vpc/main.tf")
    assert not scanner.handles("infra/terraform.tfvars")
    assert not scanner.handles("infra/main.tf.json")


# --- WAF -----------------------------------------------------------------------------------

PUBLIC_ALB = """\
resource "aws_lb" "public" {
  name               = "public"
  load_balancer_type = "application"
  subnets            = var.public_subnets
}
"""


def test_an_internet_facing_alb_without_waf_is_reported(tmp_path: Path) -> None:
    result = scan(tmp_path, {"lb.tf": PUBLIC_ALB})
    assert hits(result) == {("tf-aws-lb-no-waf", "lb.tf", 1)}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            PUBLIC_ALB
            + """
resource "aws_wafv2_web_acl_association" "public" {
  resource_arn = aws_lb.public.arn
  web_acl_arn  = aws_wafv2_web_acl.main.arn
}
""",
            id="associated",
        ),
        pytest.param(PUBLIC_ALB.replace('"application"', '"application"\n  internal           = true'), id="internal"),
        pytest.param(PUBLIC_ALB.replace('"application"', '"network"'), id="network-lb"),
        pytest.param(
            PUBLIC_ALB.replace('"application"', '"application"\n  internal           = var.internal'),
            id="internal-unknown",
        ),
        pytest.param(
            PUBLIC_ALB
            + """
resource "aws_wafv2_web_acl_association" "any" {
  resource_arn = var.protected_arn
  web_acl_arn  = aws_wafv2_web_acl.main.arn
}
""",
            id="association-unknown",
        ),
    ],
)
def test_albs_that_are_protected_internal_or_unknown_are_not_reported(tmp_path: Path, text: str) -> None:
    assert hits(scan(tmp_path, {"lb.tf": text})) == set()


def test_the_aws_alb_alias_is_checked_too(tmp_path: Path) -> None:
    text = 'resource "aws_alb" "legacy" {\n  name = "legacy"\n}\n'
    assert hits(scan(tmp_path, {"lb.tf": text})) == {("tf-aws-lb-no-waf", "lb.tf", 1)}


REST_API = """\
resource "aws_api_gateway_rest_api" "payments" {
  name = "payments"
  endpoint_configuration {
    types = ["%s"]
  }
}

resource "aws_api_gateway_stage" "prod" {
  stage_name    = "prod"
  rest_api_id   = aws_api_gateway_rest_api.payments.id
  deployment_id = aws_api_gateway_deployment.payments.id
}
"""


def test_a_public_rest_api_stage_without_waf_is_reported(tmp_path: Path) -> None:
    assert hits(scan(tmp_path, {"api.tf": REST_API % "REGIONAL"})) == {("tf-aws-apigateway-no-waf", "api.tf", 8)}


def test_private_or_protected_rest_api_stages_are_not_reported(tmp_path: Path) -> None:
    assert hits(scan(tmp_path / "private", {"api.tf": REST_API % "PRIVATE"})) == set()
    protected = (REST_API % "EDGE") + textwrap.dedent(
        """
        resource "aws_wafv2_web_acl_association" "prod" {
          resource_arn = aws_api_gateway_stage.prod.arn
          web_acl_arn  = aws_wafv2_web_acl.api.arn
        }
        """
    )
    assert hits(scan(tmp_path / "protected", {"api.tf": protected})) == set()


# --- files that cannot be read -------------------------------------------------------------


def test_an_unparseable_file_is_skipped_with_the_reason_and_never_dropped_silently(tmp_path: Path) -> None:
    broken = 'resource "aws_s3_bucket" "x" {\n  bucket = "acme" "hunter2-secret"\n}\n'
    files = {"app/broken.tf": broken, "app/ok.tf": BARE_BUCKET, "other/main.tf": PUBLIC_ALB}
    result = scan(tmp_path, files)
    skipped = {s.path: s.reason for s in result.skipped}
    assert set(skipped) == {"app/broken.tf", "app/ok.tf"}
    assert re.fullmatch(r"cannot parse HCL: \w+ at line 2, column \d+", skipped["app/broken.tf"])
    assert "hunter2" not in skipped["app/broken.tf"]  # parser messages quote the source
    # the other file of the same module cannot be judged without it
    assert skipped["app/ok.tf"].startswith("not checked: app/broken.tf in the same Terraform module cannot be parsed")
    assert not result.complete
    # other modules are unaffected
    assert result.scanned == ("other/main.tf",)
    assert hits(result) == {("tf-aws-lb-no-waf", "other/main.tf", 1)}


def test_a_file_that_is_not_utf8_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "latin1.tf").write_bytes('# caf\xe9\nresource "aws_s3_bucket" "b" {}\n'.encode("latin-1"))
    result = scan(tmp_path, {}, handed=["latin1.tf"])
    assert [(s.path, s.reason) for s in result.skipped] == [("latin1.tf", "cannot be read: not UTF-8 text")]
    assert result.findings == ()


def test_an_unparseable_sibling_that_was_not_handed_over_still_blocks_the_module(tmp_path: Path) -> None:
    files = {"main.tf": BARE_BUCKET, "wip.tf": 'resource "aws_s3_bucket_versioning" "x" {\n'}
    result = scan(tmp_path, files, handed=["main.tf"])
    assert [s.path for s in result.skipped] == ["main.tf"]
    assert "wip.tf" in result.skipped[0].reason and result.findings == ()


# --- the scanner as a whole ----------------------------------------------------------------


def test_version_names_the_parser(tmp_path: Path) -> None:
    assert f"python-hcl2 {metadata.version('python-hcl2')}" in TerraformScanner().version()


def test_a_missing_parser_fails_the_scanner(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr("gatekeeper.scanners.terraform.metadata.version", missing)
    with pytest.raises(ScannerFailure, match="python-hcl2 is not installed"):
        TerraformScanner().version()


def test_running_out_of_time_fails_the_scanner(tmp_path: Path) -> None:
    with pytest.raises(ScannerFailure, match="terraform timed out"):
        scan(tmp_path, {"main.tf": BARE_BUCKET}, timeout=-1)


def test_results_are_deterministic_and_sorted(tmp_path: Path) -> None:
    files = {"b.tf": BARE_BUCKET, "a.tf": PUBLIC_ALB}
    first, second = scan(tmp_path, files), scan(tmp_path, files)
    assert first.findings == second.findings
    assert list(first.findings) == sorted(first.findings, key=lambda f: f.sort_key)


def test_every_check_is_described_as_data() -> None:
    for check_id, check in CHECKS.items():
        assert check.id == check_id and check_id.startswith("tf-") and "." not in check_id
        assert check.title and "{address}" in check.message and check.remediation and check.references
        assert all(re.fullmatch(r"CWE-\d+: .+", c) for c in check.cwe)


def test_the_scanner_is_registered() -> None:
    assert isinstance(build_scanners(RulePack(default_rules_dir()))["terraform"], TerraformScanner)
