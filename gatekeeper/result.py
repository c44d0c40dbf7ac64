"""What a scan produced: findings, each scanner's outcome, and the attribution of the evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Mapping

from gatekeeper.coverage import Coverage
from gatekeeper.findings import Finding
from gatekeeper.scanners.base import ScannerResult, SkippedFile
from gatekeeper.shard import ShardInfo

if TYPE_CHECKING:
    from gatekeeper.compliance import Compliance


class WaiverStatus(str, Enum):
    """What became of a waiver in a scan (WaiverState). A str, written as its value everywhere
    (reports, f-strings, templates), so reports read the same as when it was a plain string."""

    ACTIVE = "active"
    EXPIRED = "expired"
    OVER_MAXIMUM = "over-maximum"
    STALE = "stale"

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


@dataclass(frozen=True)
class WaiverState:
    """One waiver of the policy and what became of it in this scan (every report lists them all).

    - active:       it matches findings and is within its dates: they are reported as waived;
    - expired:      its `expires` date has passed: it waives nothing any more;
    - over-maximum: it runs longer than the policy allows for the severity it covers: it waives nothing;
    - stale:        it matches no finding of this scan (fixed, moved, or written wrong).
    """

    id: str
    status: WaiverStatus
    subject: str
    """What it waives, in words: `rule python-sql-injection in legacy/**`."""
    kind: str
    """fingerprint | rule | advisory"""
    match: str
    paths: tuple[str, ...]
    reason: str
    owner: str
    ticket: str | None
    expires: str
    """ISO date: the last day it applies."""
    created: str | None
    findings: tuple[str, ...]
    """Fingerprints of the findings it matches (whatever its status)."""
    detail: str
    """Why it has its status, in one sentence."""
    origin: str
    """Where it is written, e.g. `.gatekeeper.yml:31`."""
    max_days: int | None = None
    """The policy's longest allowed duration for what it covers (None when it covers nothing)."""

    @property
    def active(self) -> bool:
        return self.status is WaiverStatus.ACTIVE

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status.value,
            "subject": self.subject,
            "kind": self.kind,
            "match": self.match,
            "paths": list(self.paths),
            "reason": self.reason,
            "owner": self.owner,
            "ticket": self.ticket,
            "expires": self.expires,
            "created": self.created,
            "findings": list(self.findings),
            "detail": self.detail,
            "origin": self.origin,
            "max_days": self.max_days,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WaiverState:
        return cls(
            **{
                **data,
                "status": WaiverStatus(data["status"]),
                "paths": tuple(data["paths"]),
                "findings": tuple(data["findings"]),
            }
        )


@dataclass(frozen=True)
class BaselineEntry:
    """A finding as the baseline file recorded it."""

    fingerprint: str
    rule_id: str
    path: str
    line: int
    severity: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "rule_id": self.rule_id,
            "path": self.path,
            "line": self.line,
            "severity": self.severity,
        }


@dataclass(frozen=True)
class BaselineSummary:
    """How the scan compared with its baseline: matched findings are accepted, new ones are judged."""

    path: str
    created_at: str
    recorded: int
    """Findings the baseline file records."""
    matched: int
    """Findings of this scan the baseline accounts for."""
    new: int
    """Findings of this scan it does not (judged by the policy as usual)."""
    fixed: tuple[BaselineEntry, ...]
    """Recorded findings no longer found."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "created_at": self.created_at,
            "recorded": self.recorded,
            "matched": self.matched,
            "new": self.new,
            "fixed": [e.to_dict() for e in self.fixed],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BaselineSummary:
        return cls(
            data["path"],
            data["created_at"],
            data["recorded"],
            data["matched"],
            data["new"],
            tuple(BaselineEntry(**e) for e in data["fixed"]),
        )


@dataclass(frozen=True)
class ChangeScope:
    """A scan limited to changes: `--diff-base` (findings on changed lines) or `--staged` (staged files)."""

    mode: str
    """diff | staged"""
    base: str | None = None
    """The ref given to --diff-base."""
    merge_base: str | None = None
    """The commit changes are counted from."""
    files: int = 0
    """Changed files."""
    outside: int = 0
    """Findings left out of this report because they are not on changed lines."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "base": self.base,
            "merge_base": self.merge_base,
            "files": self.files,
            "outside": self.outside,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ChangeScope:
        return cls(**data)


@dataclass(frozen=True)
class ScanMetadata:
    gatekeeper_version: str
    target: str
    """The scan root as the user named it (absolute paths are not evidence of anything)."""
    commit: str | None
    started_at: str
    finished_at: str
    rule_pack_digest: str
    """sha256 over everything semgrep ran: the bundled pack, and the policy's packs with it."""
    rule_packs: tuple[tuple[str, str], ...] = ()
    """(name, digest) of each pack semgrep ran: `bundled`, then the policy's `rules.packs` in order."""
    root_in_repo: str | None = None
    """The scan root's path in its git repository (`services/api/`; "" at the top; None outside git):
    SARIF gives URIs relative to the repository, as GitHub resolves them."""

    @property
    def user_rule_packs(self) -> tuple[tuple[str, str], ...]:
        """Every pack by name and digest when the policy added its own (the attribution reports list
        them); () when the bundled pack ran alone, whose digest rule_pack_digest already is."""
        return self.rule_packs if len(self.rule_packs) > 1 else ()


@dataclass(frozen=True)
class ScanResult:
    metadata: ScanMetadata
    findings: tuple[Finding, ...]
    """Deduplicated, fingerprinted, sorted by (path, line, column, rule)."""
    scanners: tuple[ScannerResult, ...]
    """One per scanner that was asked to run, sorted by name."""
    files: tuple[str, ...]
    """Every file the scan considered."""
    excluded: tuple[SkippedFile, ...]
    """Files deliberately not scanned (links out of the tree, special files), with the reason."""
    waivers: tuple[WaiverState, ...] = ()
    """Every waiver of the policy with its status; a waived finding carries its waiver in
    `properties["suppression"]` (see gatekeeper/policy/state.py)."""
    baseline: BaselineSummary | None = None
    changes: ChangeScope | None = None
    coverage: Coverage = Coverage()
    """Every file in scope by kind, and what analysed it (gatekeeper/coverage.py)."""
    outside_changes: tuple[Finding, ...] = ()
    """`--diff-base`: the findings not on changed lines, judged by nothing and left out of every
    report but SARIF, whose upload must hold every alert that still exists (sorted like `findings`)."""
    shard: ShardInfo | None = None
    """`scan --shard K/N`: which part of which tree this result covers (None: the whole scan)."""
    compliance: Compliance | None = field(default=None, compare=False, repr=False)
    """The catalogs and mapping that mapped the findings: every report judges them by the same
    data (None: the bundled ones)."""

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(error for scanner in self.scanners for error in scanner.errors)

    @property
    def skipped(self) -> tuple[SkippedFile, ...]:
        return tuple(skip for scanner in self.scanners for skip in scanner.skipped)

    @property
    def complete(self) -> bool:
        return all(scanner.complete for scanner in self.scanners)
