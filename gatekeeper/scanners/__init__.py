"""The scanners gatekeeper knows. Adding one is its module and one line here (docs/extending.md)."""

from __future__ import annotations

from gatekeeper.rulepack import RulePack
from gatekeeper.scanners.bandit import BanditScanner
from gatekeeper.scanners.base import Scanner
from gatekeeper.scanners.cloudformation import CloudFormationScanner
from gatekeeper.scanners.dependencies import DependencyScanner
from gatekeeper.scanners.k8s_accounts import KubernetesScanner
from gatekeeper.scanners.registry import Registry
from gatekeeper.scanners.render import RenderScanner
from gatekeeper.scanners.sarif import SarifScanner
from gatekeeper.scanners.secrets import SecretsScanner
from gatekeeper.scanners.semgrep import SemgrepScanner
from gatekeeper.scanners.taint import TaintScanner
from gatekeeper.scanners.terraform import TerraformScanner

REGISTRY = Registry()
REGISTRY.register(SemgrepScanner)
REGISTRY.register(BanditScanner)
REGISTRY.register(DependencyScanner)
REGISTRY.register(SecretsScanner)
REGISTRY.register(TerraformScanner)
REGISTRY.register(SarifScanner)
REGISTRY.register(CloudFormationScanner)
REGISTRY.register(RenderScanner)
REGISTRY.register(KubernetesScanner)
REGISTRY.register(TaintScanner)


def build_scanners(rules: RulePack) -> dict[str, Scanner]:
    return REGISTRY.build(rules)
