"""Dependency scanning: pinned third-party packages of every ecosystem (PyPI, npm, Maven, Go) against
OSV advisories, offline by default.

Each pinned package is matched against one advisory source (gatekeeper/advisories/sources.py
picks it); a vulnerable package version becomes one finding on the manifest line that pins it,
every advisory inside (dependency_findings.py). A requirement that pins no exact version cannot be audited and is a
finding of its own (`dependency-unpinned`), never a silent skip. No advisory data, stale data
or corrupt data is a scanner error (exit 2), never a pass.

Severity comes from the advisory's CVSS vector (the `cvss` library), else the database's own
rating (GHSA), else DEFAULT_SEVERITY: an unscored advisory is still a known vulnerability.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Sequence

from gatekeeper.advisories import versions
from gatekeeper.advisories.gomod import STDLIB, TOOLCHAIN_GROUP
from gatekeeper.advisories.interface import AdvisoryError, PackageVersion, SourceIdentity
from gatekeeper.advisories.manifests import (
    LOCK_KINDS,
    ManifestError,
    Requirement,
    display_path,
    manifest_files,
    manifest_kind,
    read_manifest,
)
from gatekeeper.advisories.maven_text import sniff
from gatekeeper.advisories.npm_manifests import NO_LOCK
from gatekeeper.advisories.osv import parse_timestamp
from gatekeeper.advisories.purls import purl
from gatekeeper.advisories.sources import SourceOptions, open_source
from gatekeeper.findings import Confidence, Finding, Location, Severity
from gatekeeper.scanners.base import Component, ScanContext, Scanner, ScannerResult, SkippedFile, by_directory
from gatekeeper.scanners.dependency_findings import findings_for
from gatekeeper.scanners.dependency_gaps import no_lock_files, unpinned_fix, without_locked_package_json
from gatekeeper.scanners.dependency_libraries import no_lock_findings, unlocked_libraries

UNPINNED_RULE = "dependency-unpinned"
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DependencyOptions:
    """`ScanContext.options` for this scanner (set from the CLI flags)."""

    advisories: str | None = None
    max_age_days: int | None = None
    skip_invalid_advisories: bool = False
    requirements: tuple[str, ...] = ()
    """Extra manifests named with `--requirements` (paths as given, relative to the working directory)."""
    cache_dir: str | None = None
    keep_index: bool = True
    """False with `--no-cache`: the advisory index is neither reused nor kept."""
    osv_url: str | None = None
    config: str | None = None
    """The config file named with `--config` (else the scan root's, as the CLI finds it)."""
    go_stdlib: bool = False
    """Audit the Go toolchain go.mod names (`stdlib`) too: `--go-stdlib` or `scanners.dependencies.go_stdlib`."""

    @classmethod
    def from_mapping(cls, options: Mapping[str, Any]) -> DependencyOptions:
        known = set(cls.__dataclass_fields__)
        values = {k: v for k, v in options.items() if k in known}
        if "requirements" in values:
            values["requirements"] = tuple(str(p) for p in values["requirements"])
        return cls(**values)


class DependencyScanner(Scanner):
    name = "dependencies"
    description = "vulnerable or unpinned dependencies: Python, npm, Maven/Gradle, Go (offline OSV data)"
    inventory = True
    kinds = frozenset(
        {
            "pypi-requirements",
            "pypi-lock",
            "pypi-manifest",
            "npm-lock",
            "npm-manifest",
            "maven-manifest",
            "go-manifest",
        }
    )
    options = MappingProxyType({"go_stdlib": {"type": "boolean"}})
    per_file = False  # includes, constraints and lock files make manifests answer for each other
    shard_whole = True  # an include or a constraints file may be anywhere in the tree

    def shard_groups(self, root: Path, files: Sequence[str]) -> list[Sequence[str]]:
        return by_directory(files)  # a manifest and the lock file beside it: one unit

    def version(self) -> str:
        import pip_audit

        return f"pip-audit {pip_audit.__version__}"

    def handles(self, path: str) -> bool:
        return manifest_kind(path) is not None

    def cache_identity(self, options: Mapping[str, Any], root: Path) -> Any | None:
        """The advisory data as it is now: its digest and date, checked for age on every scan, so
        a cached answer never outlives the database it came from. None (never reused) for online
        sources, whose answers change without notice, for manifests named outside the tree
        (`--requirements`), and for data that cannot be used (the scan then says why)."""
        parsed = DependencyOptions.from_mapping(options)
        if parsed.requirements:
            return None
        try:
            source = open_source(root, _source_options(parsed, timeout=60.0))
        except AdvisoryError:
            return None
        try:
            identity = source.identity
            # Each ecosystem is checked for age when it is queried: stale data of any one is never
            # answered from the cache (the scan runs, and says which ecosystem is stale).
            fresh = all(_fresh(source, e.ecosystem) for e in identity.ecosystems)
        finally:
            source.close()
        if identity.kind != "osv-local" or not fresh:
            return None
        return [
            self.version(),
            identity.kind,
            identity.location,
            identity.digest,
            identity.date,
            identity.records,
            list(identity.skipped_records),
            [e.describe() for e in identity.ecosystems],
        ]

    def annotate(self, result: ScannerResult, now: datetime) -> ScannerResult:
        """The advisory data's age on the day of this scan, in every report (a cached result's
        data is as old as it is today, not as it was when cached)."""
        moment = parse_timestamp(dict(result.provenance).get("advisory_date", ""))
        if moment is None:
            return result
        age = ("advisory_age_days", str(max(0, (now - moment).days)))
        return replace(result, provenance=tuple(p for p in result.provenance if p[0] != age[0]) + (age,))

    def inputs(self, root: Path, files: Sequence[str]) -> list[str]:
        return sorted({included for path in files for included in manifest_files(root, path)})

    def scan(self, context: ScanContext, files: Sequence[str]) -> ScannerResult:
        started = time.monotonic()
        options = DependencyOptions.from_mapping(context.options)
        root = context.root
        manifests: dict[str, str | None] = {path: None for path in files}
        for named in options.requirements:
            named_kind = manifest_kind(Path(named).name) or sniff(Path(named)) or "requirements"
            manifests.setdefault(display_path(Path(named), root), named_kind)

        requirements: dict[tuple[str, int, str, str | None], Requirement] = {}
        scanned: list[str] = []
        skipped: list[SkippedFile] = []
        for path, kind in manifests.items():
            try:
                found = read_manifest(root, path, kind)
            except ManifestError as exc:
                skipped.append(SkippedFile(exc.path, exc.reason))
                continue
            scanned.extend(manifest_files(root, path) if manifest_kind(path) == "go-mod" else [path])
            for req in found:
                if (
                    req.ecosystem == versions.GO
                    and req.name == STDLIB
                    and req.group == TOOLCHAIN_GROUP
                    and not options.go_stdlib
                ):
                    continue  # the toolchain that builds the module is not in the tree: audited only when asked
                req = _checked(req)
                requirements.setdefault((req.path, req.line, _name(req), req.version), req)
        ordered = without_locked_package_json(root, requirements.values())
        # A library's ranges are one "no lock file" finding per pyproject.toml, not one each.
        libraries = unlocked_libraries(root, ordered)
        in_library = {id(r) for reqs in libraries.values() for r in reqs}
        findings = [
            _unpinned(r) for r in _unaudited(ordered) if r.unpinned_reason != NO_LOCK and id(r) not in in_library
        ]
        findings += no_lock_files(ordered) + no_lock_findings(libraries)
        inventory = tuple(_component(r) for r in ordered)
        pinned = [r for r in ordered if r.version is not None]

        def result(
            version: str, errors: tuple[str, ...] = (), provenance: tuple[tuple[str, str], ...] = ()
        ) -> ScannerResult:
            return ScannerResult(
                scanner=self.name,
                version=version,
                findings=tuple(findings),
                errors=errors,
                scanned=tuple(scanned),
                skipped=tuple(skipped),
                duration=time.monotonic() - started,
                inventory=inventory,
                provenance=provenance,
            )

        if not pinned:
            return result(self.version())  # nothing to look up: no advisory data needed
        identity: SourceIdentity | None = None
        try:
            source = open_source(root, _source_options(options, context.timeout))
            identity = source.identity
            try:
                answers = source.query(_package(r) for r in pinned)
            finally:
                source.close()
        except AdvisoryError as exc:
            identity = identity or exc.identity
            version = f"{identity.describe()} ({self.version()})" if identity else self.version()
            return result(
                version, errors=(f"{self.name}: {exc}",), provenance=identity.provenance() if identity else ()
            )
        if identity.skipped_records:
            _log.warning(
                "dependencies: skipped %d corrupt advisory record(s), e.g. %s",
                len(identity.skipped_records),
                identity.skipped_records[0],
            )
        for req in pinned:
            findings += findings_for(req, _name(req), _purl(req), answers[_package(req)])
        return result(f"{identity.describe()} ({self.version()})", provenance=identity.provenance())


def _fresh(source: Any, ecosystem: str) -> bool:
    try:
        source.check_ecosystem(ecosystem)
    except AdvisoryError:
        return False
    return True


def _source_options(options: DependencyOptions, timeout: float) -> SourceOptions:
    return SourceOptions(
        advisories=options.advisories,
        max_age_days=options.max_age_days,
        skip_invalid=options.skip_invalid_advisories,
        cache_dir=Path(options.cache_dir) if options.cache_dir else None,
        keep_index=options.keep_index,
        timeout=timeout,
        osv_url=options.osv_url,
        config=Path(options.config) if options.config else None,
    )


def _package(req: Requirement) -> PackageVersion:
    return PackageVersion.of(req.name, req.version or "", req.ecosystem)


def _name(req: Requirement) -> str:
    """The package's name as OSV and reports write it (PEP 503 for PyPI; others as written)."""
    return versions.package_name(req.ecosystem, req.name)


def _checked(req: Requirement) -> Requirement:
    """A pin that is no version of its ecosystem cannot be ordered against advisories: not audited."""
    if req.version is None or req.ecosystem not in versions.ORDERED or versions.valid(req.ecosystem, req.version):
        return req
    return replace(
        req, version=None, unpinned_reason=f"pinned to '{req.version}', which is not a {req.ecosystem} version"
    )


def _unaudited(requirements: Sequence[Requirement]) -> list[Requirement]:
    """Unpinned requirements, except a pyproject.toml range that a lock file next to it pins (audited there)."""
    locked = {
        (os.path.dirname(r.path), r.canonical_name)
        for r in requirements
        if r.version is not None and manifest_kind(r.path) in LOCK_KINDS
    }
    return [
        r
        for r in requirements
        if r.version is None
        and not (manifest_kind(r.path) == "pyproject" and (os.path.dirname(r.path), r.canonical_name) in locked)
    ]


def _purl(req: Requirement) -> str:
    return purl(req.ecosystem, _name(req), req.version)


def _component(req: Requirement) -> Component:
    return Component(
        name=_name(req),
        version=req.version,
        purl=_purl(req),
        path=req.path,
        line=req.line,
        group=req.group,
        depends_on=tuple(purl(req.ecosystem, name, version) for name, version in req.depends_on),
        unpinned_reason=req.unpinned_reason if req.version is None else "",
    )


def _unpinned(req: Requirement) -> Finding:
    url = req.unpinned_reason.startswith("URL")
    name = _name(req)
    if req.ecosystem != versions.PYPI:
        fix = unpinned_fix(req)
    elif url:
        fix = f"install {req.name} from a released version and pin it (e.g. {name}==X.Y.Z)"
    else:
        fix = f"pin {req.name} to an exact version (e.g. {name}==X.Y.Z), ideally in a lock file with hashes"
    properties: dict[str, Any] = {"package": name, "purl": _purl(req), "requirement": req.spec}
    if req.group:
        properties["dependency_group"] = req.group
    return Finding(
        rule_id=UNPINNED_RULE,
        title=f"{'Unresolved' if req.unpinned_reason.startswith('unresolved') else 'Unpinned'} dependency: {name}",
        message=(
            f"{req.spec or req.name} is {req.unpinned_reason}: the version in use is unknown, so it cannot be "
            "checked for known vulnerabilities (a gap in the component inventory)"
        ),
        severity=Severity.LOW,
        location=Location(req.path, req.line),
        scanners=("dependencies",),
        source_rules=(("dependencies", UNPINNED_RULE),),
        confidence=Confidence.HIGH,
        snippet=req.spec or req.name,  # the manifest line itself may hold a URL with a token
        remediation=fix,
        properties=tuple(sorted(properties.items())),
    )
