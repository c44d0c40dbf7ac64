"""Terraform checks about relations between resources: what one block cannot say about itself.

Whether *another* resource in the same module supplies a bucket's encryption, versioning, access
logging or public access block, associates a load balancer or API stage with a WAF, or logs a VPC
or a SQL server. A reference that cannot be resolved statically (a variable, a module output,
`each.value`) could point at any resource, so such a module is given the benefit of the doubt for
that check rather than reported: false positives teach people to ignore the gate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from gatekeeper.findings import Confidence, Severity
from gatekeeper.scanners.terraform_hcl import (
    Block,
    Check,
    Module,
    Target,
    as_list,
    references,
)

_CWE_311 = "CWE-311: Missing Encryption of Sensitive Data"
_CWE_693 = "CWE-693: Protection Mechanism Failure"
_CWE_732 = "CWE-732: Incorrect Permission Assignment for Critical Resource"
_CWE_778 = "CWE-778: Insufficient Logging"

CHECKS: dict[str, Check] = {
    check.id: check
    for check in (
        Check(
            id="tf-aws-s3-no-encryption",
            title="S3 bucket without an encryption configuration",
            message=(
                "S3 bucket {address} has no server-side encryption configuration: it relies on the "
                "account default (SSE-S3), with no customer-managed key to control and audit access."
            ),
            severity=Severity.MEDIUM,
            confidence=Confidence.MEDIUM,
            cwe=(_CWE_311,),
            owasp=("A02:2021 - Cryptographic Failures",),
            remediation=(
                "Add an aws_s3_bucket_server_side_encryption_configuration for the bucket with "
                'sse_algorithm = "aws:kms", a customer-managed kms_master_key_id and bucket_key_enabled = true.'
            ),
            references=(
                "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html",
                "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_server_side_encryption_configuration",
                "https://cwe.mitre.org/data/definitions/311.html",
            ),
        ),
        Check(
            id="tf-aws-s3-no-versioning",
            title="S3 bucket without versioning",
            message=(
                "S3 bucket {address} has no versioning configuration: an overwritten or deleted "
                "object cannot be recovered."
            ),
            severity=Severity.LOW,
            confidence=Confidence.MEDIUM,
            cwe=(_CWE_693,),
            owasp=(),
            remediation=(
                'Add an aws_s3_bucket_versioning for the bucket with status = "Enabled" (for audit '
                "log buckets, also Object Lock or MFA delete)."
            ),
            references=(
                "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html",
                "https://cwe.mitre.org/data/definitions/693.html",
            ),
        ),
        Check(
            id="tf-aws-s3-no-access-logging",
            title="S3 bucket without access logging",
            message=(
                "S3 bucket {address} has no server access logging: reads and writes of its objects "
                "leave no audit trail."
            ),
            severity=Severity.MEDIUM,
            confidence=Confidence.MEDIUM,
            cwe=(_CWE_778,),
            owasp=("A09:2021 - Security Logging and Monitoring Failures",),
            remediation=(
                "Add an aws_s3_bucket_logging for the bucket that delivers to a dedicated log bucket "
                "(or record S3 data events with CloudTrail)."
            ),
            references=(
                "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",
                "https://cwe.mitre.org/data/definitions/778.html",
            ),
        ),
        Check(
            id="tf-aws-s3-no-public-access-block",
            title="S3 bucket without a public access block",
            message=(
                "S3 bucket {address} has no aws_s3_bucket_public_access_block (and the module sets "
                "no account-level block): one ACL or policy change away from being public."
            ),
            severity=Severity.MEDIUM,
            confidence=Confidence.MEDIUM,
            cwe=(_CWE_732,),
            owasp=("A01:2021 - Broken Access Control",),
            remediation=(
                "Add an aws_s3_bucket_public_access_block for the bucket with all four settings true, "
                "or manage aws_s3_account_public_access_block for the whole account."
            ),
            references=(
                "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
                "https://cwe.mitre.org/data/definitions/732.html",
            ),
        ),
        Check(
            id="tf-aws-lb-no-waf",
            title="Internet-facing load balancer without WAF",
            message=(
                "Internet-facing application load balancer {address} has no WAF web ACL association: "
                "the public web application behind it is not protected against common attacks."
            ),
            severity=Severity.MEDIUM,
            confidence=Confidence.MEDIUM,
            cwe=(_CWE_693,),
            owasp=("A05:2021 - Security Misconfiguration",),
            remediation=(
                "Associate an AWS WAF web ACL (aws_wafv2_web_acl_association with resource_arn = "
                "the load balancer's arn) using at least the AWS managed core rule set, or put the "
                "load balancer behind a CloudFront distribution that has one."
            ),
            references=(
                "https://docs.aws.amazon.com/waf/latest/developerguide/waf-chapter.html",
                "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/wafv2_web_acl_association",
                "https://cwe.mitre.org/data/definitions/693.html",
            ),
        ),
        Check(
            id="tf-aws-apigateway-no-waf",
            title="Public API Gateway stage without WAF",
            message=("API Gateway stage {address} of a public REST API has no WAF web ACL association."),
            severity=Severity.MEDIUM,
            confidence=Confidence.MEDIUM,
            cwe=(_CWE_693,),
            owasp=("A05:2021 - Security Misconfiguration",),
            remediation=(
                "Associate an AWS WAF web ACL with the stage (aws_wafv2_web_acl_association with "
                "resource_arn = the stage's arn), or make the API private."
            ),
            references=(
                "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html",
                "https://cwe.mitre.org/data/definitions/693.html",
            ),
        ),
        Check(
            id="tf-aws-vpc-no-flow-logs",
            title="VPC without flow logs",
            message="VPC {address} has no aws_flow_log: connections into and out of it leave no record.",
            severity=Severity.LOW,
            confidence=Confidence.MEDIUM,
            cwe=(_CWE_778,),
            owasp=("A09:2021 - Security Logging and Monitoring Failures",),
            remediation=(
                'Add an aws_flow_log with vpc_id = the VPC\'s id and traffic_type = "ALL", delivered '
                "to CloudWatch Logs or S3."
            ),
            references=(
                "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",
                "https://cwe.mitre.org/data/definitions/778.html",
            ),
        ),
        Check(
            id="tf-azure-mssql-no-auditing",
            title="Azure SQL server without auditing",
            message="SQL server {address} has no extended auditing policy: queries and logins leave no audit trail.",
            severity=Severity.MEDIUM,
            confidence=Confidence.MEDIUM,
            cwe=(_CWE_778,),
            owasp=("A09:2021 - Security Logging and Monitoring Failures",),
            remediation=(
                "Add an azurerm_mssql_server_extended_auditing_policy with server_id = the server's id "
                "and retention_in_days of 90 or more (or a Log Analytics destination)."
            ),
            references=(
                "https://learn.microsoft.com/en-us/azure/azure-sql/database/auditing-overview",
                "https://cwe.mitre.org/data/definitions/778.html",
            ),
        ),
    )
}


def _covered(
    module: Module, bucket_types: tuple[str, ...], attribute: str, target_type: str, literals: dict[str, str]
) -> Target:
    """Buckets that some resource of `bucket_types` points at through `attribute`."""
    covered: set[str] = set()
    for block in module.of_type(*bucket_types):
        target = references(block.body.get(attribute, ""), target_type, literals)
        if target is None:
            return None
        covered |= target
    return frozenset(covered)


def _s3_checks(module: Module) -> Iterator[tuple[str, Block]]:
    buckets = module.of_type("aws_s3_bucket")
    if not buckets:
        return
    literals = {
        b.name: b.body["bucket"]
        for b in buckets
        if isinstance(b.body.get("bucket"), str) and "${" not in b.body["bucket"]
    }

    def covered_by(resource_type: str) -> Target:
        return _covered(module, (resource_type,), "bucket", "aws_s3_bucket", literals)

    encrypted = covered_by("aws_s3_bucket_server_side_encryption_configuration")
    versioned = covered_by("aws_s3_bucket_versioning")
    logged = covered_by("aws_s3_bucket_logging")
    blocked = covered_by("aws_s3_bucket_public_access_block")
    account_blocked = bool(module.of_type("aws_s3_account_public_access_block"))
    # A bucket that receives access logs does not log to itself; flagging it would ask for
    # an endless chain of log buckets.
    log_targets: set[str] = set()
    for block in module.of_type("aws_s3_bucket_logging"):
        log_targets |= references(block.body.get("target_bucket", ""), "aws_s3_bucket", literals) or set()
    for bucket in buckets:
        for logging in as_list(bucket.body.get("logging")):
            if isinstance(logging, dict):
                log_targets |= references(logging.get("target_bucket", ""), "aws_s3_bucket", literals) or set()

    for bucket in buckets:
        body = bucket.body
        # AWS provider v3 configured these inline; an inline block counts however it is set
        # (an explicitly disabled one is the semgrep rule's finding, not a missing one).
        if (
            encrypted is not None
            and bucket.name not in encrypted
            and not body.get("server_side_encryption_configuration")
        ):
            yield "tf-aws-s3-no-encryption", bucket
        if versioned is not None and bucket.name not in versioned and not body.get("versioning"):
            yield "tf-aws-s3-no-versioning", bucket
        if (
            logged is not None
            and bucket.name not in logged
            and not body.get("logging")
            and bucket.name not in log_targets
            and body.get("acl") != "log-delivery-write"
        ):
            yield "tf-aws-s3-no-access-logging", bucket
        if blocked is not None and bucket.name not in blocked and not account_blocked:
            yield "tf-aws-s3-no-public-access-block", bucket


_WAF_ASSOCIATIONS = ("aws_wafv2_web_acl_association", "aws_wafregional_web_acl_association")


def _waf_protected(module: Module, resource_type: str) -> Target:
    return _covered(module, _WAF_ASSOCIATIONS, "resource_arn", resource_type, {})


def _lb_checks(module: Module) -> Iterator[tuple[str, Block]]:
    for resource_type in ("aws_lb", "aws_alb"):
        protected = _waf_protected(module, resource_type)
        if protected is None:
            continue
        for lb in module.of_type(resource_type):
            # Only application load balancers take a WAF; internal ones are not public.
            if lb.body.get("load_balancer_type", "application") != "application":
                continue
            if lb.body.get("internal", False) is not False:
                continue
            if lb.name not in protected:
                yield "tf-aws-lb-no-waf", lb


def _api_gateway_checks(module: Module) -> Iterator[tuple[str, Block]]:
    protected = _waf_protected(module, "aws_api_gateway_stage")
    if protected is None:
        return
    apis = {api.name: api for api in module.of_type("aws_api_gateway_rest_api")}
    for stage in module.of_type("aws_api_gateway_stage"):
        target = references(stage.body.get("rest_api_id", ""), "aws_api_gateway_rest_api")
        if not target:
            continue  # an API defined elsewhere: whether it is private cannot be told
        if any(_is_private_api(apis.get(name)) for name in target):
            continue
        if stage.name not in protected:
            yield "tf-aws-apigateway-no-waf", stage


def _is_private_api(api: Block | None) -> bool:
    if api is None:
        return True  # unknown: give it the benefit of the doubt
    for config in as_list(api.body.get("endpoint_configuration")):
        types = config.get("types") if isinstance(config, dict) else None
        if isinstance(types, list) and types == ["PRIVATE"]:
            return True
    return False


def _paired_checks(module: Module) -> Iterator[tuple[str, Block]]:
    """Resources whose logging is a separate resource pointing back at them."""
    for check_id, target_type, companion, attribute in (
        ("tf-aws-vpc-no-flow-logs", "aws_vpc", "aws_flow_log", "vpc_id"),
        (
            "tf-azure-mssql-no-auditing",
            "azurerm_mssql_server",
            "azurerm_mssql_server_extended_auditing_policy",
            "server_id",
        ),
    ):
        covered = _covered(module, (companion,), attribute, target_type, {})
        if covered is None:
            continue
        for block in module.of_type(target_type):
            if block.name not in covered:
                yield check_id, block


MODULE_CHECKS: tuple[Callable[[Module], Iterable[tuple[str, Block]]], ...] = (
    _s3_checks,
    _lb_checks,
    _api_gateway_checks,
    _paired_checks,
)
