"""The scanners gatekeeper knows, by name. Adding one means adding a module and a line here."""

from __future__ import annotations

from gatekeeper.rulepack import RulePack
from gatekeeper.scanners.bandit import BanditScanner
from gatekeeper.scanners.base import Scanner
from gatekeeper.scanners.dependencies import DependencyScanner
from gatekeeper.scanners.secrets import SecretsScanner
from gatekeeper.scanners.semgrep import SemgrepScanner
from gatekeeper.scanners.terraform import TerraformScanner


def build_scanners(rules: RulePack) -> dict[str, Scanner]:
    scanners: list[Scanner] = [
        SemgrepScanner(rules),
        BanditScanner(rules.root),
        DependencyScanner(),
        SecretsScanner(),
        TerraformScanner(),
    ]
    return {scanner.name: scanner for scanner in scanners}
