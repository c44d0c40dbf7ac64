"""The terraform scanner: Terraform modules parsed with python-hcl2, and the checks semgrep cannot run.

Explicit values a single resource block sets are semgrep rules (rules/semgrep/terraform). Here:
relations between resources (scanners/terraform_relations.py), firewall rules with port ranges
(scanners/terraform_network.py), and settings left at an insecure provider default, a table
(rules/iac/terraform-defaults.yaml, scanners/terraform_defaults.py).

A Terraform module is a directory: every `*.tf` file in it is read, including siblings the scan
was not asked about (a pre-commit run hands over changed files only), but findings are reported
only for the files handed over. A file that cannot be parsed is `skipped` with the reason, and so
are the other files of its module, whose cross-resource answers would be guesses.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from gatekeeper import __version__
from gatekeeper.findings import Finding
from gatekeeper.scanners import terraform_defaults, terraform_network
from gatekeeper.scanners.base import (
    ScanContext,
    Scanner,
    ScannerFailure,
    ScannerResult,
    SkippedFile,
    by_directory,
)
from gatekeeper.scanners.terraform_hcl import (
    Block,
    Check,
    Module,
    ParseError,
    finding,
    parse_file,
)
from gatekeeper.scanners.terraform_relations import CHECKS, MODULE_CHECKS

__all__ = ["CHECKS", "TerraformScanner", "all_checks", "check_module"]


def check_module(
    module: Module, defaults: tuple[terraform_defaults.DefaultCheck, ...] = ()
) -> list[tuple[Check, Block]]:
    """Every check's hits in one module: relations between resources, firewall rules, then the defaults table."""
    hits = [(CHECKS[check_id], block) for checks in MODULE_CHECKS for check_id, block in checks(module)]
    return [*hits, *terraform_network.evaluate(module), *terraform_defaults.evaluate(defaults, module)]


def all_checks(rules_dir: Path) -> tuple[Check, ...]:
    """Every check this scanner can report, for documentation (gatekeeper/tools/iac_docs.py)."""
    table = tuple(entry.check for entry in terraform_defaults.load(rules_dir))
    return (*CHECKS.values(), *terraform_network.CHECKS, *table)


class TerraformScanner(Scanner):
    per_file = False  # cross-resource checks read every file of a module

    def shard_groups(self, root: Path, files: Sequence[str]) -> list[Sequence[str]]:
        return by_directory(files)  # a module is a directory: it lands on one shard whole

    name = "terraform"
    description = "Terraform checks: insecure defaults, exposure, encryption, logging, WAF"
    kinds = frozenset({"terraform"})
    # Its checks (defaults table, relations, firewall rules) were written beside the semgrep
    # Terraform rules, not over them: "unencrypted" and "no customer-managed key" are two findings.
    distinct_from = frozenset({"semgrep"})

    def version(self) -> str:
        try:
            hcl2_version = metadata.version("python-hcl2")
        except metadata.PackageNotFoundError:
            raise ScannerFailure("terraform: python-hcl2 is not installed") from None
        return f"{__version__} (python-hcl2 {hcl2_version})"

    def cache_identity(self, options: Mapping[str, Any], root: Path) -> Any | None:
        return self.version()

    def inputs(self, root: Path, files: Sequence[str]) -> list[str]:
        """The files and every `*.tf` sibling of theirs: a module is read whole."""
        directories = {PurePosixPath(path).parent for path in files}
        siblings = [(d / p.name).as_posix() for d in directories for p in (root / d).glob("*.tf") if p.is_file()]
        return sorted({*files, *siblings})

    def handles(self, path: str) -> bool:
        pure = PurePosixPath(path)
        # .terraform/ holds downloaded providers and third-party modules, not the project's code.
        return pure.suffix == ".tf" and ".terraform" not in pure.parts[:-1]

    def scan(self, context: ScanContext, files: Sequence[str]) -> ScannerResult:
        started = time.monotonic()
        version = self.version()
        try:
            defaults = terraform_defaults.load(context.rules_dir)
        except terraform_defaults.TableError as exc:
            raise ScannerFailure(f"terraform: {exc}") from None
        modules: dict[PurePosixPath, set[str]] = defaultdict(set)
        for path in files:
            if self.handles(path):
                modules[PurePosixPath(path).parent].add(path)
        findings: list[Finding] = []
        scanned: list[str] = []
        skipped: list[SkippedFile] = []
        resources = 0
        for directory in sorted(modules):
            targets = modules[directory]
            blocks, failures = self._parse_module(context, directory, targets, started)
            if failures:
                first = min(failures)
                for path in sorted(targets):
                    reason = failures.get(path) or (
                        f"not checked: {first} in the same Terraform module cannot be parsed ({failures[first]})"
                    )
                    skipped.append(SkippedFile(path, reason))
                continue
            scanned += sorted(targets)
            resources += sum(1 for b in blocks if b.kind == "resource" and b.path in targets)
            for check, block in check_module(Module(blocks), defaults):
                if block.path in targets:
                    findings.append(finding(check, block))
        return ScannerResult(
            scanner=self.name,
            version=version,
            findings=tuple(sorted(findings, key=lambda f: f.sort_key)),
            scanned=tuple(sorted(scanned)),
            skipped=tuple(sorted(skipped, key=lambda s: s.path)),
            duration=time.monotonic() - started,
            units=(("Terraform resources", resources),),
        )

    def _parse_module(
        self, context: ScanContext, directory: PurePosixPath, targets: set[str], started: float
    ) -> tuple[list[Block], dict[str, str]]:
        blocks: list[Block] = []
        failures: dict[str, str] = {}
        for path in self.inputs(context.root, sorted(targets)):
            if time.monotonic() - started > context.timeout:
                raise ScannerFailure(f"terraform timed out after {context.timeout:g}s")
            try:
                text = (context.root / path).read_text(encoding="utf-8")
            except UnicodeDecodeError:
                failures[path] = "cannot be read: not UTF-8 text"
                continue
            except OSError as exc:
                failures[path] = f"cannot be read: {exc.strerror or type(exc).__name__}"
                continue
            try:
                blocks += parse_file(text, path)
            except ParseError as exc:
                failures[path] = str(exc)
        return blocks, failures
