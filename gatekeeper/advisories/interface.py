"""The one interface every advisory source implements, and the data it answers with."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Iterable, Mapping

from packaging.version import Version

from gatekeeper.errors import GatekeeperError


class AdvisoryError(GatekeeperError):
    """The advisory data is missing, stale, corrupt or unreachable; the message names the file or source."""

    identity: SourceIdentity | None = None
    """The data that was rejected (e.g. as stale), when it could be identified: still evidence."""


@dataclass(frozen=True, order=True)
class PackageVersion:
    """A pinned package of one ecosystem: the exact thing an advisory can be matched against."""

    name: str
    """As OSV names it: PEP 503 normalised for PyPI; npm's name with its scope, Maven's
    `groupId:artifactId`, Go's module path (see versions.package_name)."""
    version: str
    """The exact version, as the ecosystem writes it (Go's without its leading `v`, as OSV does)."""
    ecosystem: str = "PyPI"
    """The OSV ecosystem name: PyPI, npm, Maven, Go."""

    @classmethod
    def of(cls, name: str, version: str | Version, ecosystem: str = "PyPI") -> PackageVersion:
        from gatekeeper.advisories import versions

        text = str(version).strip()
        if ecosystem == versions.GO and text.startswith("v"):
            text = text[1:]
        return cls(versions.package_name(ecosystem, name), text, ecosystem)

    def at(self, version: str) -> PackageVersion:
        """The same package at another version."""
        return PackageVersion(self.name, version, self.ecosystem)


@dataclass(frozen=True)
class Vulnerability:
    """One vulnerability of one package version, its OSV aliases merged into one."""

    id: str
    """The primary advisory id (PYSEC first, then GHSA, then others)."""
    aliases: tuple[str, ...]
    """Every other id the merged records carry (PYSEC/GHSA/CVE/...), sorted."""
    summary: str
    fixed_versions: tuple[str, ...]
    """Every fixed version the records name for this package, in the ecosystem's order."""
    fix: str | None
    """The smallest fixed version above the installed one that no merged record still marks affected."""
    severity: str | None
    """critical/high/medium/low/none from a CVSS vector or the database; None when the records give none."""
    severity_source: str = ""
    """Where `severity` came from: "cvss", "database", or "" when unknown."""
    cvss_vector: str | None = None
    cvss_score: float | None = None
    cwe_ids: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    last_affected: str | None = None
    """The highest `last_affected` version named when no fix exists yet."""
    notes: tuple[str, ...] = ()
    """What the reader must know about the match, e.g. a range event that is not a PEP 440 version."""
    unordered_fixes: tuple[str, ...] = ()
    """`fixed` versions the records name that are not versions of the ecosystem (never counted as a fix)."""
    package_fix: str | None = None
    """The smallest version that clears every vulnerability of this package version (the same on each of
    them): what a developer upgrades to. None when no fixed version clears them all."""

    @property
    def ids(self) -> tuple[str, ...]:
        return (self.id, *self.aliases)


@dataclass(frozen=True)
class EcosystemData:
    """One ecosystem's share of a local database: its own date, digest and size (evidence per ecosystem)."""

    ecosystem: str
    date: str | None
    digest: str
    """`sha256:<hex>` over the ecosystem's records (id and content), whatever files they came in."""
    records: int

    def describe(self) -> str:
        date = self.date[:10] if self.date else "undated"
        return f"{self.ecosystem} {date} {self.digest[: len('sha256:') + 12]} ({self.records} records)"


@dataclass(frozen=True)
class SourceIdentity:
    """What a report must say about the advisory data its findings rest on."""

    kind: str
    """osv-local, osv-online or pypi-online."""
    location: str
    """The directory, zip or URL, as the user configured it."""
    date: str | None = None
    """ISO 8601 date of the data (update metadata, else the newest `modified`); None for online sources."""
    digest: str | None = None
    """`sha256:<hex>` of the data; None for online sources."""
    records: int | None = None
    skipped_records: tuple[str, ...] = ()
    """`<file>: <problem>` for each corrupt record skipped on request."""
    ecosystems: tuple[EcosystemData, ...] = ()
    """Per ecosystem the data holds (local sources)."""

    def describe(self) -> str:
        """One line for the scanner version, e.g. `osv-local 2024-10-10 sha256:3ccb612573e2`."""
        parts = [self.kind]
        if self.date:
            parts.append(self.date[:10])
        if self.digest:
            parts.append(self.digest[: len("sha256:") + 12])
        return " ".join(parts)

    def provenance(self) -> tuple[tuple[str, str], ...]:
        items = {
            "advisory_database": self.kind,
            "advisory_location": self.location,
            "advisory_date": self.date or "",
            "advisory_digest": self.digest or "",
            "advisory_records": "" if self.records is None else str(self.records),
        }
        if self.ecosystems:
            items["advisory_ecosystems"] = "; ".join(e.describe() for e in self.ecosystems)
        if self.skipped_records:
            items["advisory_skipped_records"] = "; ".join(self.skipped_records)
        return tuple((key, value) for key, value in items.items() if value)


class AdvisorySource(ABC):
    """Answers: which known vulnerabilities affect these exact package versions?"""

    @property
    @abstractmethod
    def identity(self) -> SourceIdentity:
        """The data's kind, location, date and digest (evidence for the report)."""

    @abstractmethod
    def query(self, packages: Iterable[PackageVersion]) -> Mapping[PackageVersion, list[Vulnerability]]:
        """Vulnerabilities per package (every package asked for is a key); raises AdvisoryError."""

    def close(self) -> None:  # noqa: B027 - a hook whose default does nothing, not an abstract method
        """Release files or connections; the default holds none."""
