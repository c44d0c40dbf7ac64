"""CloudFormation templates (YAML and JSON), checked against rules/cloudformation/checks.yaml.

Templates are told from other YAML and JSON by their content (gatekeeper/filekinds.py:
`AWSTemplateFormatVersion`, or resources of `AWS::` types), so this scanner is handed every YAML,
JSON and `.template` file and reads only the templates. A template that cannot be parsed is lost
coverage (`skipped`, with the line and the cause, never the text: a template may hold a secret).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from gatekeeper import __version__
from gatekeeper.filekinds import classify
from gatekeeper.findings import Confidence, Finding, Location, Severity
from gatekeeper.scanners.base import (
    ScanContext,
    Scanner,
    ScannerFailure,
    ScannerResult,
    SkippedFile,
)
from gatekeeper.scanners.cfn_checks import RuleError, check_template, load_rules
from gatekeeper.scanners.cfn_template import TemplateError, load, resources

CHECKS_FILE = PurePosixPath("cloudformation") / "checks.yaml"
_SUFFIXES = (".yaml", ".yml", ".json", ".template")


class CloudFormationScanner(Scanner):
    name = "cloudformation"
    description = "CloudFormation templates: encryption, exposure, IAM, logging, resilience, IMDSv2, secrets"
    kinds = frozenset({"cloudformation"})
    text_only = True
    reports_sensitive = True
    # Cached as one result (like terraform): its resource count is a unit of the whole scan, which
    # a per-file merge of reused results would drop.
    per_file = False
    shard_whole = True  # a secret in a template is redacted wherever it appears (as the secrets scanner's are)

    def version(self) -> str:
        return __version__

    def cache_identity(self, options: Mapping[str, Any], root: Path) -> Any | None:
        # The check table lives beside the semgrep pack, outside its digest.
        from gatekeeper.rulepack import default_rules_dir

        table = default_rules_dir() / CHECKS_FILE
        return [self.version(), hashlib.sha256(table.read_bytes()).hexdigest() if table.is_file() else None]

    def handles(self, path: str) -> bool:
        return PurePosixPath(path).suffix in _SUFFIXES

    def scan(self, context: ScanContext, files: Sequence[str]) -> ScannerResult:
        started = time.monotonic()
        rules: list[dict[str, Any]] | None = None  # read at the first template: a tree with none needs no table
        findings: list[Finding] = []
        scanned: list[str] = []
        skipped: list[SkippedFile] = []
        sensitive: set[str] = set()
        count = 0
        for path in files:
            if time.monotonic() - started > context.timeout:
                raise ScannerFailure(f"cloudformation timed out after {context.timeout:g}s")
            kind = classify(context.root, path)
            if kind is None or kind.id != "cloudformation":
                continue
            try:
                text = (context.root / path).read_text(encoding="utf-8")
                template = load(text, json_syntax=text.lstrip().startswith("{"))
            except UnicodeDecodeError:
                skipped.append(SkippedFile(path, "cloudformation: cannot be read: not UTF-8 text"))
                continue
            except OSError as exc:
                skipped.append(
                    SkippedFile(path, f"cloudformation: cannot be read: {exc.strerror or type(exc).__name__}")
                )
                continue
            except TemplateError as exc:
                skipped.append(SkippedFile(path, f"cloudformation: {exc}"))
                continue
            if rules is None:
                rules = _rules(context)
            scanned.append(path)
            count += sum(1 for _ in resources(template))
            lines = text.splitlines()
            for hit in check_template(template, rules):
                if hit.secret:
                    sensitive.add(hit.secret)
                findings.append(
                    _finding(next(r for r in rules if r["id"] == hit.rule_id), hit.subject, path, hit.line, lines)
                )
        return ScannerResult(
            scanner=self.name,
            version=self.version(),
            findings=tuple(sorted(findings, key=lambda f: f.sort_key)),
            scanned=tuple(sorted(scanned)),
            skipped=tuple(sorted(skipped, key=lambda s: s.path)),
            duration=time.monotonic() - started,
            units=(("CloudFormation resources", count),),
            sensitive=frozenset(sensitive),
        )


def _rules(context: ScanContext) -> list[dict[str, Any]]:
    try:
        return load_rules(context.rules_dir / CHECKS_FILE)
    except RuleError as exc:
        raise ScannerFailure(f"cloudformation: {exc}") from None


def _finding(rule: Mapping[str, Any], subject: str, path: str, line: int, lines: list[str]) -> Finding:
    meta = rule["metadata"]
    return Finding(
        rule_id=rule["id"],
        title=str(meta["title"]),
        message=" ".join(str(rule["message"]).replace("{resource}", subject).split()),
        severity=Severity.parse(str(meta["severity"])),
        confidence=Confidence.parse(meta.get("confidence")),
        location=Location(path=path, start_line=line, end_line=line),
        scanners=("cloudformation",),
        source_rules=(("cloudformation", rule["id"]),),
        cwe=tuple(meta.get("cwe") or ()),
        owasp=tuple(meta.get("owasp") or ()),
        snippet=lines[line - 1].strip() if 0 < line <= len(lines) else "",
        remediation=" ".join(str(meta.get("remediation", "")).split()),
        references=tuple(meta.get("references") or ()),
        properties=(("resource", subject),),
    )
