"""The policy model: frozen dataclasses, so a policy is a value (hashable, comparable, digestible).

What blocks a merge: thresholds (`fail_on`), scopes, waivers and the inline-suppression rules. Built
from the configuration file by gatekeeper/settings/build.py; judged by gatekeeper/gate.py.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Iterable, Mapping

import pathspec

from gatekeeper.findings import Confidence, Severity

DEFAULT_WAIVER_MAX_DAYS: tuple[tuple[Severity, int], ...] = (
    (Severity.CRITICAL, 30),
    (Severity.HIGH, 90),
    (Severity.MEDIUM, 180),
    (Severity.LOW, 365),
    (Severity.INFO, 365),
)


@dataclass(frozen=True)
class Thresholds:
    """`fail_on`: each entry is a rule "fail on any finding (of this kind) at or above S"."""

    severity: Severity | None = None
    frameworks: tuple[tuple[str, Severity], ...] = ()
    """(framework id, severity): findings mapped to any control of the framework."""
    controls: tuple[tuple[str, Severity], ...] = ()
    """(control ref like `pci-dss:6.2.4`, severity): findings mapped to that control."""
    confidence: Confidence | None = None
    """`fail_on.confidence`: findings less sure than this never block (docs/blocking.md)."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.severity is not None:
            data["severity"] = self.severity.label
        if self.confidence is not None:
            data["confidence"] = self.confidence.label
        if self.frameworks:
            data["frameworks"] = {k: s.label for k, s in self.frameworks}
        if self.controls:
            data["controls"] = {k: s.label for k, s in self.controls}
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Thresholds:
        severity = data.get("severity")
        return cls(
            severity=Severity.parse(severity) if severity else None,
            frameworks=tuple((k, Severity.parse(v)) for k, v in (data.get("frameworks") or {}).items()),
            controls=tuple((k, Severity.parse(v)) for k, v in (data.get("controls") or {}).items()),
            confidence=Confidence.parse(data["confidence"]) if data.get("confidence") else None,
        )


def compile_patterns(patterns: Iterable[str]) -> pathspec.GitIgnoreSpec:
    """gitignore semantics (`dir/`, `**`, `!negation`, anchored `/x`), as the docs promise."""
    return pathspec.GitIgnoreSpec.from_lines(list(patterns))


@dataclass(frozen=True)
class Scope:
    """Paths that get stricter thresholds, e.g. `cde` (the cardholder-data environment)."""

    name: str
    paths: tuple[str, ...]
    fail_on: Thresholds = Thresholds()
    inline_suppressions: bool = True
    """False: inline suppressions (# nosec, # nosemgrep, # gatekeeper: ignore) are refused here."""
    description: str = ""

    @cached_property
    def _spec(self) -> pathspec.GitIgnoreSpec:
        return compile_patterns(self.paths)

    def matches(self, path: str) -> bool:
        return bool(self._spec.match_file(path))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name}
        if self.description:
            data["description"] = self.description
        data["paths"] = list(self.paths)
        data["fail_on"] = self.fail_on.to_dict()
        data["inline_suppressions"] = self.inline_suppressions
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scope:
        return cls(
            name=data["name"],
            paths=tuple(data["paths"]),
            fail_on=Thresholds.from_dict(data.get("fail_on") or {}),
            inline_suppressions=bool(data.get("inline_suppressions", True)),
            description=data.get("description", ""),
        )


@dataclass(frozen=True)
class Waiver:
    """An accepted risk: what it covers, why, who owns it and until when."""

    id: str
    reason: str
    owner: str
    expires: date
    """The last day the waiver applies."""
    fingerprint: str | None = None
    """`<hash>:<n>` (one finding) or `<hash>` (every occurrence of that hash)."""
    rule: str | None = None
    advisory: str | None = None
    """An advisory id or alias (PYSEC-…, GHSA-…, CVE-…) of a dependency finding."""
    paths: tuple[str, ...] = ()
    """gitignore-style globs restricting a `rule` or `advisory` waiver; empty: everywhere."""
    ticket: str | None = None
    created: date | None = None
    """When the risk was accepted; the maximum duration counts from here (else from the scan date)."""
    origin: str = ""
    """Where it is written, e.g. `.gatekeeper.yml:31`, so a report leads back to it."""

    @property
    def kind(self) -> str:
        return "fingerprint" if self.fingerprint else "rule" if self.rule else "advisory"

    @property
    def subject(self) -> str:
        """What it waives, in words, for reports."""
        if self.fingerprint:
            text = f"finding {self.fingerprint}"
        elif self.rule:
            text = f"rule {self.rule}"
        else:
            text = f"advisory {self.advisory}"
        return text + (f" in {', '.join(self.paths)}" if self.paths else "")

    @cached_property
    def _spec(self) -> pathspec.GitIgnoreSpec | None:
        return compile_patterns(self.paths) if self.paths else None

    def covers_path(self, path: str) -> bool:
        return self._spec is None or bool(self._spec.match_file(path))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id}
        for key in ("fingerprint", "rule", "advisory"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.paths:
            data["paths"] = list(self.paths)
        data.update(reason=self.reason, owner=self.owner)
        if self.ticket:
            data["ticket"] = self.ticket
        if self.created:
            data["created"] = self.created.isoformat()
        data["expires"] = self.expires.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Waiver:
        created = data.get("created")
        return cls(
            id=data["id"],
            reason=data["reason"],
            owner=data["owner"],
            expires=date.fromisoformat(data["expires"]),
            fingerprint=data.get("fingerprint"),
            rule=data.get("rule"),
            advisory=data.get("advisory"),
            paths=tuple(data.get("paths", ())),
            ticket=data.get("ticket"),
            created=date.fromisoformat(created) if created else None,
            origin=data.get("origin", ""),
        )


@dataclass(frozen=True)
class InlinePolicy:
    allow: bool = True
    """False: no inline suppression is honoured anywhere (each is still listed)."""
    require_reason: bool = False
    """True: an inline suppression without a reason is refused."""


@dataclass(frozen=True)
class PolicyLayer:
    """One file the policy was made of: an organisation's base, or the repository's own."""

    source: str
    """The file or URL, as messages name it."""
    digest: str
    """sha256 of the file's bytes, as read."""
    role: str
    """`base` or `repository`."""

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "digest": self.digest, "role": self.role}


@dataclass(frozen=True)
class Policy:
    """What blocks a merge. The gate (gatekeeper/gate.py) is its only judge."""

    fail_on: Severity = Severity.HIGH
    """Findings at or above this severity fail the gate."""
    allow_partial: bool = False
    """Let a scan with scanner errors or lost coverage be judged by its findings instead of exit 2."""
    frameworks: tuple[tuple[str, Severity], ...] = ()
    """Stricter thresholds for findings mapped to a framework's controls."""
    controls: tuple[tuple[str, Severity], ...] = ()
    """Stricter thresholds for findings mapped to one control."""
    scopes: tuple[Scope, ...] = ()
    inline: InlinePolicy = InlinePolicy()
    waivers: tuple[Waiver, ...] = ()
    waiver_max_days: tuple[tuple[Severity, int], ...] = DEFAULT_WAIVER_MAX_DAYS
    coverage_unsupported: str = "warn"
    """What files no scanner can analyse (a Java tree, an npm lock file) do to the verdict: `warn`
    passes with "partial coverage" said on the verdict line, `error` exits 2."""
    source: str = ""
    """The file the policy came from ("" for the built-in defaults)."""
    fail_on_confidence: Confidence | None = None
    """`fail_on.confidence`; None: the default, medium (unconfirmed findings do not block)."""
    layers: tuple[PolicyLayer, ...] = ()
    """The files it was made of, the farthest base first (none for the built-in defaults). Not
    part of the digest, which is of what the policy says, wherever it was written."""

    def scopes_of(self, path: str) -> tuple[Scope, ...]:
        return tuple(scope for scope in self.scopes if scope.matches(path))

    def max_days(self, severity: Severity) -> int:
        return dict(self.waiver_max_days)[severity]

    def control_threshold(self, ref: str) -> Severity:
        """The severity at which findings mapped to the control `ref` (`pci-dss:6.2.4`) fail the gate
        outside any scope: the strictest of `fail_on.severity`, its framework's and its own threshold."""
        framework = ref.split(":", 1)[0]
        candidates = [self.fail_on]
        candidates += [s for f, s in self.frameworks if f == framework]
        candidates += [s for c, s in self.controls if c == ref]
        return min(candidates)

    def to_dict(self) -> dict[str, Any]:
        """The effective policy as reports record it (and `config show` prints it)."""
        data = self._content()
        return {"source": self.source, "digest": self.digest, "layers": [x.to_dict() for x in self.layers], **data}

    def _content(self) -> dict[str, Any]:
        return {
            "fail_on": Thresholds(self.fail_on, self.frameworks, self.controls, self.fail_on_confidence).to_dict(),
            "allow_partial": self.allow_partial,
            "scopes": [s.to_dict() for s in self.scopes],
            "inline_suppressions": {"allow": self.inline.allow, "require_reason": self.inline.require_reason},
            "waiver_max_days": {s.label: days for s, days in self.waiver_max_days},
            "waivers": [w.to_dict() for w in self.waivers],
            "coverage": {"unsupported": self.coverage_unsupported},
        }

    @cached_property
    def digest(self) -> str:
        """sha256 of the policy's content (not of where it was read from), for attribution."""
        canonical = json.dumps(self._content(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Policy:
        thresholds = Thresholds.from_dict(data.get("fail_on") or {})
        inline = data.get("inline_suppressions") or {}
        max_days = data.get("waiver_max_days") or {}
        return cls(
            fail_on=thresholds.severity or Severity.HIGH,
            allow_partial=bool(data.get("allow_partial", False)),
            frameworks=thresholds.frameworks,
            controls=thresholds.controls,
            scopes=tuple(Scope.from_dict(s) for s in data.get("scopes", ())),
            inline=InlinePolicy(bool(inline.get("allow", True)), bool(inline.get("require_reason", False))),
            waivers=tuple(Waiver.from_dict(w) for w in data.get("waivers", ())),
            waiver_max_days=tuple((s, int(max_days.get(s.label, default))) for s, default in DEFAULT_WAIVER_MAX_DAYS),
            coverage_unsupported=str((data.get("coverage") or {}).get("unsupported", "warn")),
            source=str(data.get("source", "")),
            fail_on_confidence=thresholds.confidence,
            layers=tuple(PolicyLayer(**layer) for layer in data.get("layers", ())),
        )
