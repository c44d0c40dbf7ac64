"""Baselines: accept the findings a codebase has today, so the gate fails only on new ones.

`gatekeeper baseline create` records each finding that nothing else accepts (no active waiver,
no honoured inline suppression) by fingerprint. `scan --baseline FILE` then marks findings the
baseline accounts for as `suppression: baseline`; everything else is judged as usual.

Matching is by the fingerprint's hash (rule, path, whitespace-normalised line) *with counts*: a
file with one recorded finding and now two identical ones has one new finding, so an old finding
cannot hide a new copy of itself; and since the line number is not in the hash, code that moves
within its file keeps its baseline entry. A recorded finding no longer found is reported fixed.
Renaming a file changes its findings' hashes: they come back as new (re-create the baseline).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from gatekeeper import jsontext
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Finding
from gatekeeper.policy.state import SUPPRESSION, is_suppressed, with_property
from gatekeeper.result import BaselineEntry, BaselineSummary

FORMAT = "gatekeeper-baseline"
VERSION = 1
DEFAULT_FILE = ".gatekeeper-baseline.json"


@dataclass(frozen=True)
class Baseline:
    entries: tuple[BaselineEntry, ...]
    created_at: str
    display: str
    """The file as messages and reports name it."""


def key(fingerprint: str) -> str:
    return fingerprint.split(":", 1)[0]


def create(findings: Sequence[Finding], created_at: str, gatekeeper_version: str, target: str) -> str:
    """The baseline file for these findings (those nothing else accepts), as deterministic JSON."""
    entries = [
        BaselineEntry(f.fingerprint, f.rule_id, f.location.path, f.location.start_line, f.severity.label)
        for f in sorted(findings, key=lambda f: f.sort_key)
        if not is_suppressed(f)
    ]
    data = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": created_at,
        "gatekeeper_version": gatekeeper_version,
        "target": target,
        "findings": [e.to_dict() for e in entries],
    }
    return jsontext.dumps(data)


def load(path: Path, display: str | None = None) -> Baseline:
    shown = display or str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GatekeeperError(
            f"{shown}: baseline file not found (create one with 'gatekeeper baseline create')"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GatekeeperError(f"{shown}: baseline cannot be read: {getattr(exc, 'strerror', None) or exc}") from None
    except json.JSONDecodeError as exc:
        raise GatekeeperError(f"{shown}:{exc.lineno}: baseline is not JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise GatekeeperError(f'{shown}: not a gatekeeper baseline (no "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise GatekeeperError(f"{shown}: baseline version {data.get('version')!r} is not readable (expected {VERSION})")
    try:
        entries = tuple(_entry(e) for e in data["findings"])
    except (KeyError, TypeError, ValueError) as exc:
        detail = f"missing key {exc}" if isinstance(exc, KeyError) else " ".join(str(exc).split())
        raise GatekeeperError(f"{shown}: malformed baseline entry: {detail}") from None
    return Baseline(entries, str(data.get("created_at", "")), shown)


def _entry(data: Any) -> BaselineEntry:
    fingerprint = str(data["fingerprint"])
    head, sep, index = fingerprint.partition(":")
    if len(head) != 32 or not sep or not index.isdigit():
        raise ValueError(f"'{fingerprint}' is not a fingerprint")
    return BaselineEntry(fingerprint, str(data["rule_id"]), str(data["path"]), int(data["line"]), str(data["severity"]))


def apply(findings: Sequence[Finding], baseline: Baseline) -> tuple[list[Finding], BaselineSummary]:
    slots = Counter(key(e.fingerprint) for e in baseline.entries)
    # Findings nothing else accepts claim the recorded slots first: they are the ones the baseline
    # is for. Already-accepted findings then use what is left, so they do not show up as fixed.
    ordered = sorted(findings, key=lambda f: (is_suppressed(f), f.sort_key))
    accepted: set[str] = set()
    for finding in ordered:
        k = key(finding.fingerprint)
        if slots[k] > 0:
            slots[k] -= 1
            accepted.add(finding.fingerprint)
    record = {
        "kind": "baseline",
        "justification": f"recorded in the baseline {baseline.display}",
        "baseline": baseline.display,
    }
    marked = [
        with_property(f, SUPPRESSION, record) if f.fingerprint in accepted and not is_suppressed(f) else f
        for f in findings
    ]
    summary = BaselineSummary(
        path=baseline.display,
        created_at=baseline.created_at,
        recorded=len(baseline.entries),
        matched=len(accepted),
        new=len(findings) - len(accepted),
        fixed=_fixed(baseline.entries, slots),
    )
    return marked, summary


def _fixed(entries: Sequence[BaselineEntry], left: Counter[str]) -> tuple[BaselineEntry, ...]:
    by_key: dict[str, list[BaselineEntry]] = defaultdict(list)
    for entry in entries:
        by_key[key(entry.fingerprint)].append(entry)
    fixed: list[BaselineEntry] = []
    for k, remaining in left.items():
        if remaining > 0:
            # Which of several identical findings went is unknowable; the last occurrences are named.
            group = sorted(by_key[k], key=lambda e: int(e.fingerprint.rsplit(":", 1)[1]))
            fixed += group[len(group) - remaining :]
    return tuple(sorted(fixed, key=lambda e: (e.path, e.line, e.rule_id)))
