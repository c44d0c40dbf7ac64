"""Terraform checks side by side with Checkov: (resource, weakness) pairs matched per provider, and times.

    python benchmarks/iac.py [--checkov /tmp/checkov-venv/bin/checkov] [--runs 3] [--gatekeeper CMD]

The fixture trees are our own (benchmarks/iac/<provider>/{insecure,secure}): a realistic stack per
provider written with the mistakes a gate should catch, and the same kind of stack hardened. Both
tools scan the same trees. A Checkov finding is a pair (resource address, weakness); CHECKOV below
says which of our rule ids report the same weakness (several Checkov ids naming one weakness,
e.g. "policy allows *" and "policy allows privilege escalation" for one wildcard statement,
count once); a Checkov id not in the table is a weakness of its own that the gate does not
report, and counts against it. A gate finding is attributed to the resource block that holds its
line. False positives: whatever the gate reports on the secure trees.

After the Terraform rows, the same comparison on benchmarks/iac/{kubernetes,cloudformation-yaml,
cloudformation-json,dockerfile}/{insecure,secure} (PLATFORMS below; `--terraform-only` skips them),
with resources named alike on both sides: Kubernetes Kind/name, CloudFormation AWS::Type.LogicalId,
Dockerfile file:line of the instruction (or the file, for a weakness of the whole file).

`--gatekeeper` takes the command that runs the gate (default: the `gatekeeper` next to this
interpreter), e.g. `"env PYTHONPATH=/tmp/base python -m gatekeeper"` to measure another checkout.
Checkov is not a dependency: install it in a scratch environment and pass its path.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from gatekeeper.scanners.terraform_hcl import ParseError, parse_file  # noqa: E402

FIXTURES = HERE / "iac"
PROVIDERS = ("aws", "azure", "gcp")
# Tools run from here: `python -m gatekeeper` run from a checkout would import that checkout first.
NEUTRAL = tempfile.gettempdir()

# Checkov check id -> the gate's rule ids that report the same weakness on the same resource.
CHECKOV: dict[str, tuple[str, ...]] = {
    # --- AWS ---
    "CKV_AWS_2": ("tf-aws-lb-plain-http-listener",),
    "CKV_AWS_103": ("tf-aws-lb-weak-tls-policy", "tf-aws-lb-plain-http-listener"),
    "CKV_AWS_3": ("tf-aws-ebs-unencrypted",),
    "CKV_AWS_5": ("tf-aws-opensearch-unencrypted",),
    "CKV_AWS_7": ("tf-aws-kms-rotation-disabled",),
    "CKV_AWS_8": ("tf-aws-instance-root-volume-unencrypted",),
    "CKV_AWS_16": ("tf-aws-rds-unencrypted",),
    "CKV_AWS_96": ("tf-aws-rds-unencrypted",),
    "CKV_AWS_17": ("tf-aws-rds-public",),
    "CKV_AWS_18": ("tf-aws-s3-no-access-logging",),
    "CKV_AWS_20": ("tf-aws-s3-public-acl",),
    "CKV_AWS_57": ("tf-aws-s3-public-write-acl",),
    "CKV_AWS_21": ("tf-aws-s3-no-versioning", "tf-aws-s3-versioning-disabled"),
    "CKV_AWS_145": ("tf-aws-s3-no-encryption",),
    "CKV_AWS_19": ("tf-aws-s3-no-encryption",),
    "CKV2_AWS_6": ("tf-aws-s3-no-public-access-block",),
    "CKV_AWS_24": ("tf-aws-sg-admin-port-public", "tf-aws-sg-all-ports-public"),
    "CKV_AWS_25": ("tf-aws-sg-admin-port-public", "tf-aws-sg-all-ports-public"),
    "CKV_AWS_260": ("tf-aws-sg-all-ports-public",),
    "CKV_AWS_26": ("tf-aws-sns-unencrypted",),
    "CKV_AWS_27": ("tf-aws-sqs-unencrypted",),
    "CKV_AWS_28": ("tf-aws-dynamodb-no-pitr",),
    "CKV_AWS_29": ("tf-aws-elasticache-unencrypted",),
    "CKV_AWS_30": ("tf-aws-elasticache-plaintext",),
    "CKV_AWS_31": ("tf-aws-elasticache-plaintext",),
    "CKV_AWS_35": ("tf-aws-cloudtrail-no-cmk",),
    "CKV_AWS_36": ("tf-aws-cloudtrail-no-log-validation",),
    "CKV_AWS_67": ("tf-aws-cloudtrail-single-region",),
    "CKV2_AWS_10": ("tf-aws-cloudtrail-no-cloudwatch",),
    "CKV_AWS_37": ("tf-aws-eks-no-control-plane-logs",),
    "CKV_AWS_38": ("tf-aws-eks-public-endpoint",),
    "CKV_AWS_39": ("tf-aws-eks-public-endpoint",),
    "CKV_AWS_58": ("tf-aws-eks-secrets-unencrypted",),
    "CKV_AWS_42": ("tf-aws-efs-unencrypted",),
    "CKV_AWS_43": ("tf-aws-kinesis-unencrypted",),
    "CKV_AWS_44": ("tf-aws-docdb-unencrypted",),
    "CKV_AWS_74": ("tf-aws-docdb-unencrypted",),
    "CKV_AWS_51": ("tf-aws-ecr-mutable-tags",),
    "CKV_AWS_163": ("tf-aws-ecr-no-scan-on-push",),
    "CKV_AWS_62": ("tf-aws-iam-wildcard-admin",),
    "CKV_AWS_63": ("tf-aws-iam-wildcard-admin",),
    "CKV_AWS_355": ("tf-aws-iam-wildcard-admin", "tf-aws-iam-service-wildcard"),
    "CKV2_AWS_40": ("tf-aws-iam-wildcard-admin", "tf-aws-iam-service-wildcard"),
    "CKV_AWS_286": ("tf-aws-iam-wildcard-admin", "tf-aws-iam-service-wildcard"),
    "CKV_AWS_287": ("tf-aws-iam-wildcard-admin", "tf-aws-iam-service-wildcard"),
    "CKV_AWS_288": ("tf-aws-iam-wildcard-admin", "tf-aws-iam-service-wildcard"),
    "CKV_AWS_289": ("tf-aws-iam-wildcard-admin", "tf-aws-iam-service-wildcard"),
    "CKV_AWS_290": ("tf-aws-iam-wildcard-admin", "tf-aws-iam-service-wildcard"),
    "CKV_AWS_168": ("tf-aws-resource-policy-public-principal",),
    "CKV_AWS_387": ("tf-aws-resource-policy-public-principal",),
    "CKV_AWS_79": ("tf-aws-instance-imdsv1",),
    "CKV_AWS_88": ("tf-aws-instance-public-ip", "tf-aws-launch-template-public-ip"),
    "CKV_AWS_130": ("tf-aws-subnet-public-ip-on-launch",),
    "CKV_AWS_126": ("tf-aws-instance-no-detailed-monitoring",),
    "CKV_AWS_76": ("tf-aws-apigateway-no-access-logs",),
    "CKV2_AWS_29": ("tf-aws-apigateway-no-waf",),
    "CKV2_AWS_28": ("tf-aws-lb-no-waf",),
    "CKV_AWS_91": ("tf-aws-lb-no-access-logs",),
    "CKV_AWS_131": ("tf-aws-lb-invalid-headers-kept",),
    "CKV_AWS_338": ("tf-aws-log-retention-short",),
    "CKV_AWS_158": ("tf-aws-cloudwatch-logs-no-cmk",),
    "CKV_AWS_173": ("tf-aws-lambda-env-unencrypted-cmk",),
    "CKV_AWS_45": ("tf-aws-lambda-env-secret",),
    "CKV_AWS_118": ("tf-aws-rds-no-enhanced-monitoring",),
    "CKV_AWS_129": ("tf-aws-rds-no-log-exports",),
    "CKV_AWS_324": ("tf-aws-rds-no-log-exports",),
    "CKV_AWS_85": ("tf-aws-rds-no-log-exports",),
    "CKV_AWS_101": ("tf-aws-rds-no-log-exports",),
    "CKV_AWS_293": ("tf-aws-rds-no-deletion-protection",),
    "CKV_AWS_139": ("tf-aws-rds-no-deletion-protection",),
    "CKV2_AWS_58": ("tf-aws-rds-no-deletion-protection",),
    "CKV_AWS_161": ("tf-aws-rds-no-iam-auth",),
    "CKV_AWS_162": ("tf-aws-rds-no-iam-auth",),
    "CKV_AWS_359": ("tf-aws-rds-no-iam-auth",),
    "CKV_AWS_157": ("tf-aws-rds-no-multi-az",),
    "CKV_AWS_360": ("tf-aws-db-backup-retention-short",),
    "CKV_AWS_361": ("tf-aws-db-backup-retention-short",),
    "CKV_AWS_317": ("tf-aws-opensearch-no-audit-logs",),
    "CKV_AWS_84": ("tf-aws-opensearch-no-audit-logs",),
    "CKV_AWS_228": ("tf-aws-opensearch-weak-tls",),
    "CKV_AWS_6": ("tf-aws-opensearch-node-plaintext",),
    "CKV_AWS_83": ("tf-aws-opensearch-https-not-enforced",),
    "CKV2_AWS_11": ("tf-aws-vpc-no-flow-logs",),
    "CKV_AWS_137": ("tf-aws-opensearch-public-endpoint",),
    "CKV2_AWS_52": ("tf-aws-opensearch-no-fine-grained-access",),
    "CKV_AWS_272": ("tf-aws-lambda-no-code-signing",),
    "CKV_AWS_150": ("tf-aws-lb-no-deletion-protection",),
    # customer-managed keys, one weakness per resource
    **{
        ckv: ("tf-aws-no-cmk",)
        for ckv in (
            "CKV_AWS_119",
            "CKV_AWS_136",
            "CKV_AWS_182",
            "CKV_AWS_184",
            "CKV_AWS_185",
            "CKV_AWS_189",
            "CKV_AWS_191",
            "CKV_AWS_247",
            "CKV_AWS_327",
            "CKV_AWS_347",
            "CKV_AWS_354",
        )
    },
    # --- Azure ---
    "CKV_AZURE_9": ("tf-azure-nsg-sensitive-port-public",),
    "CKV_AZURE_10": ("tf-azure-nsg-sensitive-port-public",),
    "CKV_AZURE_11": ("tf-azure-db-firewall-open",),
    "CKV_AZURE_1": ("tf-azure-vm-password-auth", "tf-azure-sql-password-literal"),
    "CKV_AZURE_149": ("tf-azure-vm-password-auth", "tf-azure-sql-password-literal"),
    "CKV_AZURE_178": ("tf-azure-vm-password-auth", "tf-azure-sql-password-literal"),
    "CKV_AZURE_4": ("tf-azure-aks-no-monitoring",),
    "CKV_AZURE_6": ("tf-azure-aks-public-api",),
    "CKV_AZURE_115": ("tf-azure-aks-public-api",),
    "CKV_AZURE_7": ("tf-azure-aks-no-network-policy",),
    "CKV_AZURE_116": ("tf-azure-aks-no-azure-policy",),
    "CKV_AZURE_117": ("tf-azure-aks-no-disk-encryption-set",),
    "CKV_AZURE_141": ("tf-azure-aks-local-accounts",),
    "CKV_AZURE_14": ("tf-azure-app-service-http",),
    "CKV_AZURE_15": ("tf-azure-app-service-weak-tls",),
    "CKV_AZURE_78": ("tf-azure-app-service-ftp",),
    "CKV_AZURE_63": ("tf-azure-app-service-no-http-logs",),
    "CKV_AZURE_71": ("tf-azure-app-service-no-managed-identity",),
    "CKV_AZURE_16": ("tf-azure-app-service-no-managed-identity",),
    "CKV_AZURE_23": ("tf-azure-mssql-no-auditing",),
    "CKV_AZURE_24": ("tf-azure-mssql-no-auditing",),
    "CKV2_AZURE_27": ("tf-azure-mssql-no-entra-admin",),
    "CKV_AZURE_52": ("tf-azure-db-weak-transport",),
    "CKV_AZURE_29": ("tf-azure-db-weak-transport",),
    "CKV_AZURE_28": ("tf-azure-db-weak-transport",),
    "CKV_AZURE_147": ("tf-azure-db-weak-transport",),
    "CKV_AZURE_113": ("tf-azure-sql-public-network",),
    "CKV_AZURE_68": ("tf-azure-sql-public-network",),
    "CKV_AZURE_53": ("tf-azure-sql-public-network",),
    "CKV_AZURE_101": ("tf-azure-sql-public-network",),
    "CKV_AZURE_99": ("tf-azure-sql-public-network",),
    "CKV_AZURE_89": ("tf-azure-sql-public-network",),
    "CKV_AZURE_139": ("tf-azure-sql-public-network",),
    "CKV_AZURE_102": ("tf-azure-db-no-geo-backup",),
    "CKV_AZURE_100": ("tf-azure-cosmos-no-cmk",),
    "CKV_AZURE_140": ("tf-azure-cosmos-local-auth",),
    "CKV_AZURE_137": ("tf-azure-acr-admin-enabled",),
    "CKV_AZURE_91": ("tf-azure-redis-plaintext-port",),
    "CKV_AZURE_148": ("tf-azure-redis-weak-tls",),
    "CKV_AZURE_109": ("tf-azure-keyvault-network-open",),
    "CKV_AZURE_189": ("tf-azure-keyvault-network-open",),
    "CKV_AZURE_110": ("tf-azure-keyvault-no-purge-protection",),
    "CKV_AZURE_42": ("tf-azure-keyvault-no-purge-protection",),
    "CKV_AZURE_40": ("tf-azure-keyvault-secret-no-expiry",),
    "CKV_AZURE_41": ("tf-azure-keyvault-secret-no-expiry",),
    "CKV_AZURE_39": ("tf-azure-role-definition-wildcard",),
    "CKV_AZURE_120": ("tf-azure-app-gateway-no-waf",),
    "CKV_AZURE_44": ("tf-azure-storage-weak-transport",),
    "CKV_AZURE_3": ("tf-azure-storage-weak-transport",),
    "CKV_AZURE_59": ("tf-azure-storage-network-open",),
    "CKV_AZURE_35": ("tf-azure-storage-network-open",),
    "CKV_AZURE_190": ("tf-azure-storage-public-access",),
    "CKV2_AZURE_47": ("tf-azure-storage-public-access",),
    "CKV_AZURE_34": ("tf-azure-storage-public-access",),
    "CKV2_AZURE_38": ("tf-azure-storage-no-soft-delete",),
    "CKV2_AZURE_40": ("tf-azure-storage-shared-key-auth",),
    "CKV2_AZURE_1": ("tf-azure-storage-no-cmk",),
    "CKV_AZURE_128": ("tf-azure-db-no-threat-detection",),
    "CKV_AZURE_127": ("tf-azure-db-no-threat-detection",),
    "CKV_AZURE_130": ("tf-azure-db-no-infrastructure-encryption",),
    "CKV_AZURE_96": ("tf-azure-db-no-infrastructure-encryption",),
    "CKV_AZURE_218": ("tf-azure-app-gateway-weak-tls",),
    "CKV_AZURE_217": ("tf-azure-app-gateway-http-listener",),
    "CKV_AZURE_164": ("tf-azure-acr-no-content-trust",),
    "CKV_AZURE_166": ("tf-azure-acr-no-quarantine",),
    "CKV_AZURE_66": ("tf-azure-app-service-no-failed-request-tracing",),
    "CKV_AZURE_171": ("tf-azure-aks-no-auto-upgrade",),
    "CKV_AZURE_227": ("tf-azure-aks-no-host-encryption",),
    "CKV_AZURE_132": ("tf-azure-cosmos-key-metadata-writes",),
    # --- GCP ---
    "CKV_GCP_2": ("tf-gcp-firewall-sensitive-port-public",),
    "CKV_GCP_3": ("tf-gcp-firewall-sensitive-port-public",),
    "CKV_GCP_88": ("tf-gcp-firewall-sensitive-port-public",),
    "CKV_GCP_106": ("tf-gcp-firewall-sensitive-port-public",),
    "CKV_GCP_4": ("tf-gcp-ssl-policy-weak-tls",),
    "CKV_GCP_6": ("tf-gcp-sql-ssl-missing", "tf-gcp-sql-ssl-not-enforced"),
    "CKV_GCP_11": ("tf-gcp-sql-public",),
    "CKV_GCP_14": ("tf-gcp-sql-no-backup",),
    "CKV_GCP_60": ("tf-gcp-sql-public-ip",),
    "CKV_GCP_52": ("tf-gcp-sql-postgres-no-connection-logs",),
    "CKV_GCP_53": ("tf-gcp-sql-postgres-no-connection-logs",),
    "CKV_GCP_110": ("tf-gcp-sql-postgres-no-pgaudit",),
    "CKV_GCP_66": ("tf-gcp-gke-no-binary-authorization",),
    "CKV_GCP_61": ("tf-gcp-gke-no-intranode-visibility",),
    "CKV_GCP_7": ("tf-gcp-gke-legacy-abac",),
    "CKV_GCP_12": ("tf-gcp-gke-no-network-policy",),
    "CKV_GCP_20": ("tf-gcp-gke-no-authorized-networks",),
    "CKV_GCP_25": ("tf-gcp-gke-public-nodes",),
    "CKV_GCP_64": ("tf-gcp-gke-public-nodes",),
    "CKV_GCP_28": ("tf-gcp-storage-public",),
    "CKV_GCP_29": ("tf-gcp-storage-uniform-access-off",),
    "CKV_GCP_62": ("tf-gcp-storage-no-access-logs",),
    "CKV_GCP_78": ("tf-gcp-storage-no-versioning",),
    "CKV_GCP_114": ("tf-gcp-storage-no-public-access-prevention",),
    "CKV_GCP_26": ("tf-gcp-subnet-no-flow-logs",),
    "CKV_GCP_30": ("tf-gcp-instance-default-service-account",),
    "CKV_GCP_31": ("tf-gcp-instance-full-api-scope",),
    "CKV_GCP_32": ("tf-gcp-instance-project-ssh-keys",),
    "CKV_GCP_35": ("tf-gcp-instance-serial-port",),
    "CKV_GCP_39": ("tf-gcp-instance-no-shielded-vm",),
    "CKV_GCP_40": ("tf-gcp-instance-public-ip",),
    "CKV_GCP_43": ("tf-gcp-kms-rotation-disabled",),
    "CKV_GCP_81": ("tf-gcp-bigquery-no-cmk",),
    "CKV_GCP_102": ("tf-gcp-iam-public-member",),
    "CKV_GCP_117": ("tf-gcp-iam-primitive-role",),
}

Pair = tuple[str, tuple[str, ...]]


def gate_pairs(
    command: list[str],
    tree: Path,
    scanners: tuple[str, ...] = ("semgrep", "terraform"),
    attribute: Callable[[Path, dict[str, Any]], str | None] | None = None,
) -> set[tuple[str, str]]:
    """(resource address, rule id) of every finding the gate reports on `tree`; `attribute` names a
    finding's resource on other platforms than Terraform."""
    selected = [arg for name in scanners for arg in ("--scanner", name)]
    proc = subprocess.run(
        [*command, "scan", str(tree), "--format", "json", "--no-cache", *selected],
        capture_output=True,
        text=True,
        check=False,
        cwd=NEUTRAL,
    )
    if proc.returncode not in (0, 1):
        raise SystemExit(f"gatekeeper failed on {tree} (exit {proc.returncode}): {proc.stderr.strip()[-500:]}")
    blocks = _blocks(tree) if attribute is None else {}
    pairs = set()
    for finding in json.loads(proc.stdout)["findings"]:
        location = finding["location"]
        if attribute is not None:
            address = attribute(tree, finding)
        else:
            address = dict(finding.get("properties") or {}).get("resource") or _enclosing(
                blocks, location["path"], location["start_line"]
            )
        # A finding merged from several scanners (same place, same CWE) reports each source's weakness.
        for rule in {finding["rule_id"], *dict(finding.get("source_rules") or {}).values()}:
            pairs.add((address or f"{location['path']}:{location['start_line']}", rule))
    return pairs


def _blocks(tree: Path) -> dict[str, list[tuple[int, int, str]]]:
    found: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for path in sorted(tree.rglob("*.tf")):
        relative = path.relative_to(tree).as_posix()
        try:
            found[relative] = [
                (b.line, b.end_line, b.address) for b in parse_file(path.read_text(encoding="utf-8"), relative)
            ]
        except ParseError:
            continue
    return found


def _enclosing(blocks: dict[str, list[tuple[int, int, str]]], path: str, line: int) -> str | None:
    return next((address for first, last, address in blocks.get(path, []) if first <= line <= last), None)


def checkov_pairs(
    checkov: str, tree: Path, framework: str = "terraform", resource: Callable[[dict[str, Any]], str] | None = None
) -> set[tuple[str, str]]:
    """(resource, Checkov check id) of every failed check; `resource` names it on other platforms."""
    proc = subprocess.run(
        [checkov, "-d", str(tree), "--framework", framework, "-o", "json", "--quiet", "--compact", "--skip-download"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode not in (0, 1):
        raise SystemExit(f"checkov failed on {tree} (exit {proc.returncode}): {proc.stderr.strip()[-500:]}")
    reports = json.loads(proc.stdout or "[]")
    reports = reports if isinstance(reports, list) else [reports]
    name = resource or (lambda check: str(check["resource"]))
    return {(name(c), c["check_id"]) for r in reports for c in r.get("results", {}).get("failed_checks", [])}


def weakness(check_id: str, table: dict[str, tuple[str, ...]] = CHECKOV) -> tuple[str, ...]:
    return table.get(check_id, (check_id,))


def compare(
    gate: set[tuple[str, str]], checkov: set[tuple[str, str]], table: dict[str, tuple[str, ...]] = CHECKOV
) -> tuple[set[Pair], set[Pair]]:
    """(Checkov's pairs, those the gate reports too)."""
    wanted = {(resource, weakness(check, table)) for resource, check in checkov}
    matched = {(resource, rules) for resource, rules in wanted if any((resource, rule) in gate for rule in rules)}
    return wanted, matched


def median_time(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, cwd=NEUTRAL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --- Kubernetes, CloudFormation (YAML and JSON) and Dockerfiles -----------------------------------
# Trees: benchmarks/iac/{kubernetes,cloudformation-yaml,cloudformation-json,dockerfile}/{insecure,secure}.
# The same reading as above: several Checkov ids naming one weakness on one resource share a tuple
# and count once; an id not in a table counts against the gate.

CHECKOV_KUBERNETES: dict[str, tuple[str, ...]] = {
    "CKV_K8S_16": ("k8s-privileged-container",),
    "CKV_K8S_17": ("k8s-host-namespace",),
    "CKV_K8S_18": ("k8s-host-namespace",),
    "CKV_K8S_19": ("k8s-host-namespace",),
    "CKV_K8S_20": ("k8s-allow-privilege-escalation",),
    "CKV_K8S_21": ("k8s-default-namespace",),
    "CKV_K8S_22": ("k8s-writable-root-filesystem",),
    "CKV_K8S_23": ("k8s-run-as-root",),
    # a container with no securityContext: the gate reports what that leaves at its default
    "CKV_K8S_29": ("k8s-run-as-root", "k8s-allow-privilege-escalation", "k8s-writable-root-filesystem"),
    "CKV_K8S_30": ("k8s-run-as-root", "k8s-allow-privilege-escalation", "k8s-writable-root-filesystem"),
    "CKV_K8S_25": ("k8s-dangerous-capabilities",),
    "CKV_K8S_39": ("k8s-dangerous-capabilities",),
    "CKV_K8S_37": ("k8s-capabilities-not-dropped",),
    # NET_RAW kept (not dropped) or added
    "CKV_K8S_28": ("k8s-capabilities-not-dropped", "k8s-dangerous-capabilities"),
    "CKV_K8S_31": ("k8s-seccomp-unconfined",),
    "CKV_K8S_38": ("k8s-sa-token-automount",),
    "CKV_K8S_41": ("k8s-sa-token-automount",),
    # a UID below 10000, root (0) or none set (the image's, usually root)
    "CKV_K8S_40": ("k8s-low-uid", "k8s-run-as-root"),
    # by design the gate reports an untagged or :latest image as unpinned, not also as without digest
    "CKV_K8S_43": ("k8s-image-no-digest", "k8s-image-unpinned"),
    "CKV_K8S_14": ("k8s-image-unpinned",),
    "CKV_K8S_13": ("k8s-missing-memory-limit",),
    "CKV_K8S_27": ("k8s-runtime-socket-mount",),
    # one wildcard rule raises these five on a ClusterRole
    **{
        ckv: ("k8s-rbac-wildcard",)
        for ckv in ("CKV_K8S_49", "CKV_K8S_155", "CKV_K8S_156", "CKV_K8S_157", "CKV_K8S_158")
    },
}

CHECKOV_CLOUDFORMATION: dict[str, tuple[str, ...]] = {
    "CKV_AWS_2": ("cfn-lb-http-listener",),
    "CKV_AWS_103": ("cfn-lb-weak-tls-policy", "cfn-lb-http-listener"),
    "CKV_AWS_3": ("cfn-ebs-unencrypted",),
    "CKV_AWS_8": ("cfn-ec2-block-device-unencrypted",),
    "CKV_AWS_5": ("cfn-opensearch-unencrypted",),
    "CKV_AWS_6": ("cfn-opensearch-no-node-encryption",),
    "CKV_AWS_83": ("cfn-opensearch-no-https",),
    "CKV_AWS_16": ("cfn-rds-unencrypted",),
    "CKV_AWS_17": ("cfn-rds-public",),
    "CKV_AWS_87": ("cfn-rds-public",),
    "CKV_AWS_64": ("cfn-redshift-unencrypted",),
    "CKV_AWS_133": ("cfn-rds-no-backup",),
    "CKV_AWS_293": ("cfn-rds-no-deletion-protection",),
    "CKV_AWS_18": ("cfn-s3-no-access-logging",),
    "CKV_AWS_19": ("cfn-s3-no-encryption",),
    "CKV_AWS_20": ("cfn-s3-public-acl",),
    "CKV_AWS_57": ("cfn-s3-public-acl",),
    "CKV_AWS_21": ("cfn-s3-no-versioning",),
    # the four public-access-block flags of one bucket
    **{
        ckv: ("cfn-s3-public-access-block-disabled",)
        for ckv in ("CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56")
    },
    "CKV_AWS_24": ("cfn-sg-admin-port-public", "cfn-sg-all-ports-public"),
    "CKV_AWS_25": ("cfn-sg-admin-port-public", "cfn-sg-all-ports-public"),
    "CKV_AWS_260": ("cfn-sg-all-ports-public",),
    "CKV_AWS_26": ("cfn-sns-unencrypted",),
    "CKV_AWS_27": ("cfn-sqs-unencrypted",),
    "CKV_AWS_28": ("cfn-dynamodb-no-pitr",),
    "CKV_AWS_42": ("cfn-efs-unencrypted",),
    "CKV_AWS_43": ("cfn-kinesis-unencrypted",),
    "CKV_AWS_58": ("cfn-eks-secrets-unencrypted",),
    "CKV_AWS_34": ("cfn-cloudfront-allows-http",),
    "CKV_AWS_174": ("cfn-cloudfront-weak-tls",),
    "CKV_AWS_36": ("cfn-cloudtrail-no-log-validation",),
    "CKV_AWS_67": ("cfn-cloudtrail-not-multi-region",),
    "CKV_AWS_91": ("cfn-lb-no-access-logs",),
    "CKV_AWS_79": ("cfn-ec2-imdsv1",),
    "CKV_AWS_88": ("cfn-ec2-public-ip",),
    "CKV_AWS_130": ("cfn-ec2-public-ip",),
    "CKV_AWS_62": ("cfn-iam-wildcard-action",),
    "CKV_AWS_63": ("cfn-iam-wildcard-action",),
    # what a wildcard statement lets through (Action "*" or "service:*" on Resource "*")
    **{
        ckv: ("cfn-iam-wildcard-action", "cfn-iam-service-wildcard")
        for ckv in (
            "CKV_AWS_107",
            "CKV_AWS_108",
            "CKV_AWS_109",
            "CKV_AWS_110",
            "CKV_AWS_111",
        )
    },
    "CKV_AWS_70": ("cfn-policy-public-principal",),
    "CKV_AWS_168": ("cfn-policy-public-principal",),
}

CHECKOV_DOCKERFILE: dict[str, tuple[str, ...]] = {
    "CKV_DOCKER_2": ("docker-missing-healthcheck",),
    "CKV_DOCKER_3": ("docker-runs-as-root",),
    "CKV_DOCKER_8": ("docker-runs-as-root",),
    "CKV_DOCKER_4": ("docker-add-local-file", "docker-add-remote-url"),
    "CKV_DOCKER_7": ("docker-base-image-unpinned",),
    "CKV2_DOCKER_1": ("docker-sudo",),
}


def _k8s_documents(path: Path) -> list[tuple[int, int, str]]:
    """(first line, last line, "Kind/name") of each manifest in a YAML file."""
    found = []
    try:
        for node in yaml.compose_all(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader):
            if isinstance(node, yaml.MappingNode):
                doc = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
                meta = {
                    k.value: v.value
                    for k, v in getattr(doc.get("metadata"), "value", [])
                    if isinstance(v, yaml.ScalarNode)
                }
                kind = getattr(doc.get("kind"), "value", "?")
                found.append((node.start_mark.line + 1, node.end_mark.line + 1, f"{kind}/{meta.get('name', '?')}"))
    except yaml.YAMLError:
        pass
    return found


def k8s_gate_resource(tree: Path, finding: dict[str, Any]) -> str | None:
    location = finding["location"]
    docs = _k8s_documents(tree / location["path"])
    return next((name for first, last, name in docs if first <= location["start_line"] <= last), None)


def k8s_checkov_resource(check: dict[str, Any]) -> str:
    # "Kind.namespace.name" -> "Kind/name" (the namespace is the default when the manifest says none)
    kind, _, rest = str(check["resource"]).partition(".")
    return f"{kind}/{rest.partition('.')[2]}"


def cfn_gate_resource(tree: Path, finding: dict[str, Any]) -> str | None:
    # the scanner names "LogicalId (AWS::Type)"; Checkov "AWS::Type.LogicalId"
    subject = str(dict(finding.get("properties") or {}).get("resource") or "")
    logical, _, kind = subject.partition(" (")
    return f"{kind.rstrip(')')}.{logical}" if kind else subject or None


def _instruction_starts(path: Path) -> list[int]:
    starts, continued = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if not continued and stripped and not stripped.startswith("#"):
            starts.append(number)
        continued = stripped.endswith("\\") or (continued and (not stripped or stripped.startswith("#")))
    return starts


def docker_gate_resource(tree: Path, finding: dict[str, Any]) -> str | None:
    location = finding["location"]
    starts = [n for n in _instruction_starts(tree / location["path"]) if n <= location["start_line"]]
    return f"{location['path']}:{starts[-1] if starts else location['start_line']}"


def docker_checkov_resource(check: dict[str, Any]) -> str:
    # "/api/Dockerfile.ADD" for an instruction, "/api/Dockerfile." for the whole file
    path = str(check["file_path"]).lstrip("/")
    return path if str(check["resource"]).endswith(".") else f"{path}:{check['file_line_range'][0]}"


def docker_expand(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """A whole-file weakness (no HEALTHCHECK, no USER) is found when the gate reports it anywhere in the file."""
    return pairs | {(resource.rpartition(":")[0], rule) for resource, rule in pairs}


@dataclass(frozen=True)
class Platform:
    name: str
    framework: str
    scanners: tuple[str, ...]
    table: dict[str, tuple[str, ...]]
    gate_resource: Callable[[Path, dict[str, Any]], str | None]
    checkov_resource: Callable[[dict[str, Any]], str]
    expand: Callable[[set[tuple[str, str]]], set[tuple[str, str]]] = lambda pairs: pairs


PLATFORMS = (
    Platform(
        "kubernetes",
        "kubernetes",
        ("semgrep", "kubernetes"),
        CHECKOV_KUBERNETES,
        k8s_gate_resource,
        k8s_checkov_resource,
    ),
    Platform(
        "cloudformation-yaml",
        "cloudformation",
        ("cloudformation",),
        CHECKOV_CLOUDFORMATION,
        cfn_gate_resource,
        lambda check: str(check["resource"]),
    ),
    Platform(
        "cloudformation-json",
        "cloudformation",
        ("cloudformation",),
        CHECKOV_CLOUDFORMATION,
        cfn_gate_resource,
        lambda check: str(check["resource"]),
    ),
    Platform(
        "dockerfile",
        "dockerfile",
        ("semgrep",),
        CHECKOV_DOCKERFILE,
        docker_gate_resource,
        docker_checkov_resource,
        docker_expand,
    ),
)


def print_row(
    name: str,
    wanted: set[Pair],
    matched: set[Pair],
    false_positives: set[tuple[str, str]],
    secure_checkov: set[tuple[str, str]],
    totals: list[int],
    verbose: bool,
) -> None:
    """One platform's line of the table (and, verbose, what was missed), its pairs added to `totals`."""
    totals[0] += len(wanted)
    totals[1] += len(matched)
    share = len(matched) / len(wanted) if wanted else 1.0
    print(f"{name:8} {len(wanted):13} {len(matched):8} {share:6.0%} {len(false_positives):17} {len(secure_checkov):18}")
    if verbose:
        for resource, rules in sorted(wanted - matched):
            print(f"    missed {resource} {'/'.join(rules)}")
        for pair in sorted(false_positives):
            print(f"    gate on secure tree: {pair}")


def platform_row(args: argparse.Namespace, gate_command: list[str], platform: Platform, totals: list[int]) -> None:
    insecure, secure = FIXTURES / platform.name / "insecure", FIXTURES / platform.name / "secure"
    gate = gate_pairs(gate_command, insecure, platform.scanners, platform.gate_resource)
    false_positives = gate_pairs(gate_command, secure, platform.scanners, platform.gate_resource)
    if not args.checkov:
        print(
            f"{platform.name:8} gate pairs {len(gate)} (Checkov not installed); on the secure tree {len(false_positives)}"
        )
        return
    wanted, matched = compare(
        platform.expand(gate),
        checkov_pairs(args.checkov, insecure, platform.framework, platform.checkov_resource),
        platform.table,
    )
    secure_checkov = checkov_pairs(args.checkov, secure, platform.framework, platform.checkov_resource)
    print_row(platform.name, wanted, matched, false_positives, secure_checkov, totals, args.verbose)
    if args.verbose:
        covered = {(resource, rule) for resource, rules in wanted for rule in rules}
        for pair in sorted(pair for pair in gate if not platform.expand({pair}) & covered):
            print(f"    gate only: {pair}")


def platform_times(args: argparse.Namespace, gate_command: list[str], platform: Platform) -> str:
    tree = FIXTURES / platform.name
    selected = [arg for name in platform.scanners for arg in ("--scanner", name)]
    gate_time = median_time([*gate_command, "scan", str(tree), "--format", "json", "--no-cache", *selected], args.runs)
    line = f"time over {tree.relative_to(HERE.parent)} (median of {args.runs}): gatekeeper {gate_time:.2f} s"
    if args.checkov:
        checkov_time = median_time(
            [
                args.checkov,
                "-d",
                str(tree),
                "--framework",
                platform.framework,
                "-o",
                "json",
                "--quiet",
                "--compact",
                "--skip-download",
            ],
            args.runs,
        )
        line += f", checkov {checkov_time:.2f} s, ratio {gate_time / checkov_time:.2f}"
    return line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkov", default=shutil.which("checkov"), help="checkov executable (default: on PATH)")
    parser.add_argument(
        "--gatekeeper", default=str(Path(sys.executable).parent / "gatekeeper"), help="command that runs the gate"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="list the pairs missed and the gate's extra findings")
    parser.add_argument(
        "--terraform-only", action="store_true", help="skip the Kubernetes, CloudFormation and Dockerfile trees"
    )
    args = parser.parse_args()
    gate_command = shlex.split(args.gatekeeper)
    totals = [0, 0]
    print(
        f"{'provider':8} {'Checkov pairs':>13} {'matched':>8} {'share':>6} {'gate FP (secure)':>17} {'Checkov on secure':>18}"
    )
    for provider in PROVIDERS:
        insecure, secure = FIXTURES / provider / "insecure", FIXTURES / provider / "secure"
        gate = gate_pairs(gate_command, insecure)
        false_positives = gate_pairs(gate_command, secure) if secure.is_dir() else set()
        if not args.checkov:
            print(
                f"{provider:8} gate pairs {len(gate)} (Checkov not installed); on the secure tree {len(false_positives)}"
            )
            continue
        wanted, matched = compare(gate, checkov_pairs(args.checkov, insecure))
        secure_checkov = checkov_pairs(args.checkov, secure) if secure.is_dir() else set()
        print_row(provider, wanted, matched, false_positives, secure_checkov, totals, args.verbose)
    if args.checkov and totals[0]:
        print(f"{'all':8} {totals[0]:13} {totals[1]:8} {totals[1] / totals[0]:6.0%}")
    # the Terraform trees only (benchmarks/iac also holds the other platforms' trees, timed below)
    terraform_trees = [str(FIXTURES / provider) for provider in PROVIDERS]
    gate_time = median_time(
        [
            *gate_command,
            "scan",
            *terraform_trees,
            "--format",
            "json",
            "--no-cache",
            "--scanner",
            "semgrep",
            "--scanner",
            "terraform",
        ],
        args.runs,
    )
    line = f"time over {FIXTURES.relative_to(HERE.parent)}/{{{','.join(PROVIDERS)}}} (median of {args.runs}): gatekeeper {gate_time:.2f} s"
    if args.checkov:
        checkov_time = median_time(
            [
                args.checkov,
                *(arg for tree in terraform_trees for arg in ("-d", tree)),
                "--framework",
                "terraform",
                "-o",
                "json",
                "--quiet",
                "--compact",
                "--skip-download",
            ],
            args.runs,
        )
        line += f", checkov {checkov_time:.2f} s, ratio {gate_time / checkov_time:.2f}"
    print(line)
    if not args.terraform_only:
        other = [0, 0]
        print(
            f"{'platform':8} {'Checkov pairs':>13} {'matched':>8} {'share':>6} {'gate FP (secure)':>17} {'Checkov on secure':>18}"
        )
        for platform in PLATFORMS:
            platform_row(args, gate_command, platform, other)
        if args.checkov and other[0]:
            print(f"{'all':8} {other[0]:13} {other[1]:8} {other[1] / other[0]:6.0%}")
        for platform in PLATFORMS:
            print(platform_times(args, gate_command, platform))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
