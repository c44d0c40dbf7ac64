"""The one data model every stage speaks: Finding, Location, Severity and fingerprints."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from enum import IntEnum
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable


class Severity(IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in reversed(cls))
            raise ValueError(f"'{text}' is not one of {choices}") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class Confidence(IntEnum):
    LOW = 0
    MEDIUM = 1
    HIGH = 2

    @classmethod
    def parse(cls, text: str | None) -> Confidence:
        return cls.__members__.get((text or "MEDIUM").strip().upper(), cls.MEDIUM)

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Location:
    """A span in a file; `path` is POSIX-style and relative to the scan root."""

    path: str
    start_line: int
    start_column: int = 1
    end_line: int = 0
    end_column: int = 0

    def __post_init__(self) -> None:
        if self.end_line < self.start_line:
            object.__setattr__(self, "end_line", self.start_line)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "start_line": self.start_line,
            "start_column": self.start_column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }


@dataclass(frozen=True)
class Finding:
    """One weakness at one place, possibly reported by several scanners.

    `rule_id` is the primary (normalised) rule id; `source_rules` maps each scanner that
    reported the weakness to its own rule id, so evidence stays attributable after dedup.
    """

    rule_id: str
    title: str
    message: str
    severity: Severity
    location: Location
    scanners: tuple[str, ...]
    source_rules: tuple[tuple[str, str], ...] = ()
    confidence: Confidence = Confidence.MEDIUM
    cwe: tuple[str, ...] = ()
    owasp: tuple[str, ...] = ()
    snippet: str = ""
    remediation: str = ""
    references: tuple[str, ...] = ()
    fingerprint: str = ""
    controls: tuple[str, ...] = ()
    """Compliance controls this finding is evidence against, e.g. `pci-dss:6.2.4`, `soc2:CC7.1`."""
    properties: tuple[tuple[str, Any], ...] = field(default=())

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.path, loc.start_line, loc.start_column, self.rule_id)

    @cached_property  # dedup compares every pair of findings in a file
    def cwe_numbers(self) -> frozenset[int]:
        return frozenset(n for n in (cwe_number(c) for c in self.cwe) if n is not None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "rule_id": self.rule_id,
            "title": self.title,
            "message": self.message,
            "severity": self.severity.label,
            "confidence": self.confidence.label,
            "scanners": list(self.scanners),
            "source_rules": {scanner: rule for scanner, rule in self.source_rules},
            "cwe": list(self.cwe),
            "owasp": list(self.owasp),
            "location": self.location.to_dict(),
            "snippet": self.snippet,
            "remediation": self.remediation,
            "references": list(self.references),
            "controls": list(self.controls),
            "properties": dict(self.properties),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            rule_id=data["rule_id"],
            title=data["title"],
            message=data["message"],
            severity=Severity.parse(data["severity"]),
            confidence=Confidence.parse(data["confidence"]),
            location=Location(**data["location"]),
            scanners=tuple(data["scanners"]),
            source_rules=tuple(data["source_rules"].items()),  # in merge order, as written
            cwe=tuple(data["cwe"]),
            owasp=tuple(data["owasp"]),
            snippet=data["snippet"],
            remediation=data["remediation"],
            references=tuple(data["references"]),
            fingerprint=data["fingerprint"],
            controls=tuple(data.get("controls", ())),
            properties=tuple(sorted((k, _frozen(v)) for k, v in data["properties"].items())),
        )


_CWE_RE = re.compile(r"CWE-(\d+)", re.IGNORECASE)


def cwe_number(text: str) -> int | None:
    match = _CWE_RE.search(text)
    return int(match.group(1)) if match else None


def normalise_line(text: str) -> str:
    """Whitespace-insensitive form of a source line, so re-indenting does not move a fingerprint."""
    return " ".join(text.split())


def fingerprint_key(rule_id: str, path: str, line_content: str) -> str:
    digest = hashlib.sha256(f"{rule_id}\0{path}\0{normalise_line(line_content)}".encode())
    return digest.hexdigest()[:32]


def assign_fingerprints(findings: Iterable[Finding], line_of: Callable[[str, int], str]) -> list[Finding]:
    """Give each finding `<hash of rule, path, line content>:<occurrence index>`.

    The index counts earlier findings with the same hash (in line order), so two identical
    lines in one file get distinct fingerprints while unrelated edits above leave both unchanged.
    """
    ordered = sorted(findings, key=lambda f: f.sort_key)
    seen: dict[str, int] = defaultdict(int)
    result = []
    for finding in ordered:
        loc = finding.location
        key = fingerprint_key(finding.rule_id, loc.path, line_of(loc.path, loc.start_line))
        result.append(replace(finding, fingerprint=f"{key}:{seen[key]}"))
        seen[key] += 1
    return result


class LineReader:
    """Reads source lines relative to a root, each file once."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._cache: dict[str, list[str]] = {}

    def lines(self, path: str) -> list[str]:
        if path not in self._cache:
            try:
                text = (self._root / path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            self._cache[path] = text.splitlines()
        return self._cache[path]

    def __call__(self, path: str, line: int) -> str:
        lines = self.lines(path)
        return lines[line - 1] if 0 < line <= len(lines) else ""


def _frozen(value: Any) -> Any:
    """JSON's lists back into the tuples findings hold, so a finding survives a round trip equal."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value
