"""Azure NSG and GCP firewall rules that admit the internet to administration or database ports.

Ports there are strings that may be ranges (`"20-25"`, `"22-22"`), `"*"`, or lists of either, and
sources may be lists too; semgrep can compare a bound number but not the two ends of a range
written in one string, so these rules are judged here, on the parsed HCL. (AWS security groups
give their ports as numbers and stay semgrep rules: rules/semgrep/terraform/aws-security-group.yaml.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gatekeeper.findings import Confidence, Severity
from gatekeeper.scanners.terraform_hcl import Block, Check, Module, as_list

ADMIN_PORTS = frozenset({22, 23, 3389, 5900, 5985, 5986})
DATABASE_PORTS = frozenset({1433, 1521, 2483, 2484, 3306, 5432, 5439, 6379, 9042, 9200, 11211, 27017})
SENSITIVE_PORTS = ADMIN_PORTS | DATABASE_PORTS

_AZURE_INTERNET = frozenset({"*", "0.0.0.0/0", "::/0", "internet", "any"})
_GCP_INTERNET = frozenset({"0.0.0.0/0", "::/0"})
_CWE_284 = "CWE-284: Improper Access Control"
_OWASP = ("A05:2021 - Security Misconfiguration",)

AZURE_NSG = Check(
    id="tf-azure-nsg-sensitive-port-public",
    title="Azure NSG opens a sensitive port to the internet",
    message=(
        "Network security rule of {address} allows inbound traffic from the internet to an "
        "administration or database port (or every port), ranges and `*` included."
    ),
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    cwe=(_CWE_284,),
    owasp=_OWASP,
    remediation=(
        "Restrict source_address_prefix to known networks or an application security group; use "
        "Azure Bastion or just-in-time VM access for SSH/RDP and private endpoints for databases."
    ),
    references=(
        "https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview",
        "https://learn.microsoft.com/en-us/azure/bastion/bastion-overview",
        "https://cwe.mitre.org/data/definitions/284.html",
    ),
)

GCP_FIREWALL = Check(
    id="tf-gcp-firewall-sensitive-port-public",
    title="GCP firewall opens a sensitive port to the internet",
    message=(
        "Firewall {address} allows traffic from the internet to an administration or database port "
        "(or every port), ranges included."
    ),
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    cwe=(_CWE_284,),
    owasp=_OWASP,
    remediation=(
        "Restrict source_ranges to known networks (for SSH, Identity-Aware Proxy's 35.235.240.0/20) "
        "or use target service accounts; never 0.0.0.0/0 for admin or database ports."
    ),
    references=(
        "https://cloud.google.com/firewall/docs/firewalls",
        "https://cloud.google.com/iap/docs/using-tcp-forwarding",
        "https://cwe.mitre.org/data/definitions/284.html",
    ),
)

CHECKS = (AZURE_NSG, GCP_FIREWALL)


def exposes_sensitive_port(ports: Any) -> bool:
    """Whether a port specification (`"22"`, `"20-25"`, `"*"`, a list of them, a number)
    includes an administration or database port; an expression is not guessed at."""
    for port in as_list(ports):
        text = str(port).strip()
        if text == "*":
            return True
        low, _, high = text.partition("-")
        if not low.isdigit() or (high and not high.isdigit()):
            continue
        first, last = int(low), int(high or low)
        if any(first <= p <= last for p in SENSITIVE_PORTS):
            return True
    return False


def _azure_rule_open(rule: Any) -> bool:
    if not isinstance(rule, dict):
        return False
    if str(rule.get("direction", "")).lower() != "inbound" or str(rule.get("access", "")).lower() != "allow":
        return False
    if str(rule.get("protocol", "*")).lower() in ("icmp", "ah", "esp"):
        return False
    sources = [*as_list(rule.get("source_address_prefix")), *as_list(rule.get("source_address_prefixes"))]
    if not any(str(s).lower() in _AZURE_INTERNET for s in sources):
        return False
    ports = [*as_list(rule.get("destination_port_range")), *as_list(rule.get("destination_port_ranges"))]
    return exposes_sensitive_port(ports)


def _gcp_firewall_open(body: dict[str, Any]) -> bool:
    if str(body.get("direction", "INGRESS")).upper() != "INGRESS" or body.get("disabled") is True:
        return False
    if not any(str(s) in _GCP_INTERNET for s in as_list(body.get("source_ranges"))):
        return False
    for allow in as_list(body.get("allow")):
        if not isinstance(allow, dict):
            continue
        protocol = str(allow.get("protocol", "")).lower()
        if protocol not in ("all", "tcp", "udp", "sctp", "6", "17"):
            continue
        # no ports: every port of the protocol
        if "ports" not in allow or protocol == "all" or exposes_sensitive_port(allow.get("ports")):
            return True
    return False


def evaluate(module: Module) -> Iterator[tuple[Check, Block]]:
    for block in module.of_type("azurerm_network_security_group"):
        if any(_azure_rule_open(rule) for rule in as_list(block.body.get("security_rule"))):
            yield AZURE_NSG, block
    for block in module.of_type("azurerm_network_security_rule"):
        if _azure_rule_open(block.body):
            yield AZURE_NSG, block
    for block in module.of_type("google_compute_firewall"):
        if _gcp_firewall_open(block.body):
            yield GCP_FIREWALL, block
