"""What a scan produced: findings, each scanner's outcome, and the attribution of the evidence."""

from __future__ import annotations

from dataclasses import dataclass

from gatekeeper.findings import Finding
from gatekeeper.scanners.base import ScannerResult, SkippedFile


@dataclass(frozen=True)
class ScanMetadata:
    gatekeeper_version: str
    target: str
    """The scan root as the user named it (absolute paths are not evidence of anything)."""
    commit: str | None
    started_at: str
    finished_at: str
    rule_pack_digest: str


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

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(error for scanner in self.scanners for error in scanner.errors)

    @property
    def skipped(self) -> tuple[SkippedFile, ...]:
        return tuple(skip for scanner in self.scanners for skip in scanner.skipped)

    @property
    def complete(self) -> bool:
        return all(scanner.complete for scanner in self.scanners)
