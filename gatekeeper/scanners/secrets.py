"""Secrets and card numbers (PANs) in any text file, with detect-secrets' plugins in-process.

Findings never carry a value in full: the snippet is the redacted line, the message the masked
value, and `secret_hmac` a keyed hash to correlate findings of the same value. The raw values go
to the engine's redaction stage through `ScannerResult.sensitive`, which is never serialised.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version as installed_version
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Sequence

from gatekeeper.findings import Finding, Location
from gatekeeper.scanners.base import ScanContext, Scanner, ScannerFailure, ScannerResult, SkippedFile
from gatekeeper.secrets import catalog
from gatekeeper.secrets.files import DEFAULT_MAX_FILE_BYTES, binary_reason, decode
from gatekeeper.secrets.keyed_hash import HmacKeyError, key_for_scan, keyed_hash
from gatekeeper.secrets.mask import mask_secret
from gatekeeper.secrets.model import Hit
from gatekeeper.secrets.own_reports import is_record, recorded_values
from gatekeeper.secrets.pan import mask_pan
from gatekeeper.secrets.scrub import Scrubber

SNIPPET_MAX_LINES = 3
_PAN_RULES = frozenset({catalog.PAN.id, catalog.PAN_TEST_CARD.id})


@dataclass
class _FileOutcome:
    findings: list[Finding] = field(default_factory=list)
    sensitive: set[str] = field(default_factory=set)
    scanned: bool = False
    skipped: str | None = None
    not_applicable: str | None = None


class SecretsScanner(Scanner):
    name = "secrets"
    description = "secrets and card numbers in every text file"
    options = MappingProxyType({"max_file_bytes": {"type": "integer", "minimum": 1}})
    leads_over = frozenset({"bandit"})  # an AWS key is more than B105's "hardcoded password string"
    reads_minified = True
    reports_sensitive = True
    text_only = True
    # A secret found in one file is redacted in every finding of every file (gatekeeper/redact.py):
    # each shard must know them all, or another shard's snippet would print one.
    shard_whole = True

    def version(self) -> str:
        return f"detect-secrets {_detect_secrets_version()}"

    def handles(self, path: str) -> bool:
        # Every file: those it does not read are reported with the reason (see scan()).
        return True

    def cache_identity(self, options: Mapping[str, Any], root: Path) -> Any | None:
        # Findings carry keyed hashes: a new key (or a per-run one) must not reuse old results.
        try:
            key, origin = key_for_scan()
        except HmacKeyError:
            return None
        return [self.version(), origin, keyed_hash(key, "gatekeeper result cache")]

    def scan(self, context: ScanContext, files: Sequence[str]) -> ScannerResult:
        started = time.monotonic()
        try:
            key, key_origin = key_for_scan()
        except HmacKeyError as exc:
            raise ScannerFailure(f"secrets: {exc}") from None
        max_bytes = int(context.options.get("max_file_bytes", DEFAULT_MAX_FILE_BYTES))
        findings: list[Finding] = []
        sensitive: set[str] = set()
        scanned: list[str] = []
        skipped: list[SkippedFile] = []
        not_applicable: list[SkippedFile] = []
        for path in files:
            try:
                outcome = _scan_file(context.root, path, max_bytes, key)
            except Exception as exc:
                # The exception's text could quote the file; its type is enough to find the bug.
                raise ScannerFailure(f"secrets: internal error while scanning {path}: {type(exc).__name__}") from None
            findings += outcome.findings
            sensitive |= outcome.sensitive
            if outcome.scanned:
                scanned.append(path)
            if outcome.skipped:
                skipped.append(SkippedFile(path, outcome.skipped))
            if outcome.not_applicable:
                not_applicable.append(SkippedFile(path, outcome.not_applicable))
        return ScannerResult(
            scanner=self.name,
            version=self.version(),
            findings=tuple(findings),
            scanned=tuple(sorted(scanned)),
            skipped=tuple(sorted(skipped, key=lambda s: s.path)),
            duration=time.monotonic() - started,
            provenance=(("hmac_key", key_origin),),
            not_applicable=tuple(sorted(not_applicable, key=lambda s: s.path)),
            sensitive=frozenset(sensitive),
        )


@cache
def _detect_secrets_version() -> str:
    # Read from the installed metadata: importing detect-secrets (and requests with it) would add
    # 0.07 s to a scan whose results all come from the cache.
    return installed_version("detect-secrets")


def _scan_file(root: Path, path: str, max_bytes: int, key: bytes) -> _FileOutcome:
    from gatekeeper.secrets.detect import detect  # detect-secrets' plugins: only when scanning

    try:
        size = (root / path).stat().st_size
        if size > max_bytes:
            return _FileOutcome(
                skipped=f"larger than the secrets scanner's limit of {max_bytes:,} bytes ({size:,}); raise max_file_bytes to scan it"
            )
        data = (root / path).read_bytes()
    except OSError as exc:
        return _FileOutcome(skipped=f"cannot be read: {exc.strerror or type(exc).__name__}")
    text = decode(data)
    if text is None:
        return _FileOutcome(not_applicable=binary_reason(path))
    hits = detect(text, path)
    outcome = _FileOutcome(scanned=True)
    if not hits:
        return outcome
    lines = text.splitlines()
    recorded = recorded_values(text)
    if recorded:  # a report of ours: its record of each secret is not one
        hits = [hit for hit in hits if not is_record(hit, lines[hit.line - 1], recorded)]
    for hit in hits:
        outcome.sensitive |= {hit.value, *hit.reveals}
        if hit.canonical:
            outcome.sensitive.add(hit.canonical)
    scrubber = Scrubber(outcome.sensitive)
    outcome.findings = [_finding(path, hit, lines, key, scrubber) for hit in hits]
    return outcome


def _finding(path: str, hit: Hit, lines: list[str], key: bytes, scrubber: Scrubber) -> Finding:
    rule = hit.rule
    is_pan = rule.id in _PAN_RULES
    masked = mask_pan(hit.canonical) if is_pan else mask_secret(hit.value)
    last = min(hit.end_line, hit.line + SNIPPET_MAX_LINES - 1)
    snippet = scrubber.scrub("\n".join(lines[hit.line - 1 : last]).rstrip(), path)
    properties: dict[str, object] = {
        "secret_type": rule.label,
        "secret_masked": masked,
        "secret_hmac": keyed_hash(key, hit.hashed),
    }
    if hit.detail:
        properties["secret_detail"] = hit.detail
    return Finding(
        rule_id=rule.id,
        title=rule.title,
        message=_message(rule, masked, hit.detail),
        severity=rule.severity,
        confidence=rule.confidence,
        location=Location(path, hit.line, hit.column, hit.end_line, hit.end_column),
        scanners=("secrets",),
        source_rules=(("secrets", rule.id),),
        cwe=rule.cwe,
        owasp=rule.owasp,
        snippet=snippet,
        remediation=rule.remediation,
        references=rule.references,
        properties=tuple(sorted(properties.items())),
    )


def _message(rule: catalog.SecretRule, masked: str, detail: str) -> str:
    if rule.id == catalog.PAN.id:
        return (
            f"Card number {masked} ({detail}) in clear text: a full PAN must never be stored in code, "
            "configuration, fixtures or logs."
        )
    if rule.id == catalog.PAN_TEST_CARD.id:
        where = "in test code" if rule is catalog.PAN_TEST_CARD_IN_TESTS else "outside test code"
        return f"Published test card number {masked} ({detail}) {where}."
    label = rule.label[:1].upper() + rule.label[1:]
    shown = f"({detail}, {masked})" if detail else masked
    return f"{label} {shown} hard-coded: anyone who can read the repository or its history can use it."
