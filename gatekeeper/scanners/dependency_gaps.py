"""What the dependency scan cannot audit, said once and precisely, for the ecosystems beyond PyPI.

- A `package.json` with no lock file beside it (or above it, for a workspace member) declares
  ranges: what gets installed is unknown. One finding per manifest, not one per range: the fix
  is one action (commit the lock file). With a lock file, the lock file answers and the
  `package.json`'s ranges are not listed.
- A Maven version that needs a POM or BOM outside the tree is unresolved: listed, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from gatekeeper.advisories.manifests import Requirement
from gatekeeper.advisories.npm_manifests import LOCK_NAMES, NO_LOCK
from gatekeeper.findings import Confidence, Finding, Location, Severity

UNPINNED_RULE = "dependency-unpinned"


def _has_lock(root: Path, manifest: str) -> bool:
    """A lock file in the manifest's directory or one above it, inside the scan root."""
    directory = PurePosixPath(manifest).parent
    for parent in (directory, *directory.parents):
        if parent.parts and parent.parts[0] == "..":
            break  # a manifest named outside the tree: only its own directory counts
        if any((root / parent / name).is_file() for name in LOCK_NAMES):
            return True
    return any((root / directory / name).is_file() for name in LOCK_NAMES)


def without_locked_package_json(root: Path, requirements: Iterable[Requirement]) -> list[Requirement]:
    """Every requirement, sorted, less the `package.json` ranges a lock file answers for."""
    locked: dict[str, bool] = {}
    kept = []
    for req in requirements:
        if req.ecosystem == "npm" and PurePosixPath(req.path).name == "package.json":
            if req.path not in locked:
                locked[req.path] = _has_lock(root, req.path)
            if locked[req.path]:
                continue
        kept.append(req)
    return sorted(kept, key=lambda r: (r.path, r.line, r.canonical_name))


def no_lock_files(requirements: Iterable[Requirement]) -> list[Finding]:
    """One inventory-gap finding per `package.json` that no lock file answers for."""
    by_manifest: dict[str, list[Requirement]] = {}
    for req in requirements:
        if req.ecosystem == "npm" and PurePosixPath(req.path).name == "package.json":
            by_manifest.setdefault(req.path, []).append(req)
    findings = []
    for path, reqs in sorted(by_manifest.items()):
        ranges = [r for r in reqs if r.unpinned_reason == NO_LOCK]
        examples = ", ".join(r.spec for r in (ranges or reqs)[:3])
        more = f" and {len(reqs) - 3} more" if len(reqs) > 3 else ""
        first = min(r.line for r in reqs)
        findings.append(
            Finding(
                rule_id=UNPINNED_RULE,
                title=f"No lock file for {path}",
                message=(
                    f"{path} declares {len(reqs)} dependencies ({examples}{more}) and no package-lock.json, "
                    "npm-shrinkwrap.json, yarn.lock or pnpm-lock.yaml records what is installed: "
                    f"{len(ranges)} are ranges, and no transitive dependency is known, so they cannot be checked "
                    "for known vulnerabilities (a gap in the component inventory)"
                ),
                severity=Severity.LOW,
                location=Location(path, first),
                scanners=("dependencies",),
                source_rules=(("dependencies", UNPINNED_RULE),),
                confidence=Confidence.HIGH,
                snippet="package.json without a lock file",  # stable: the fingerprint survives adding a dependency
                remediation=(
                    "commit the lock file your package manager writes (npm install -> package-lock.json, "
                    "yarn -> yarn.lock, pnpm install -> pnpm-lock.yaml) beside package.json, and install with "
                    "`npm ci` / `yarn install --frozen-lockfile` / `pnpm install --frozen-lockfile`"
                ),
                properties=(("ecosystem", "npm"), ("manifest", path), ("ranges", len(ranges))),
            )
        )
    return findings


def unpinned_fix(req: Requirement) -> str:
    """What to do about a non-PyPI requirement whose version is unknown or not a version of its ecosystem."""
    if req.ecosystem not in ("npm", "Maven") or req.unpinned_reason.startswith("pinned to"):
        return (
            f"make the {req.ecosystem} manifest name a released version of {req.name} that is used as written, "
            "or record a waiver saying why this one is not audited"
        )
    if req.ecosystem == "Maven" and req.unpinned_reason.startswith("unresolved"):
        return (
            f"state {req.name}'s version in this POM (or its dependencyManagement), or scan with the parent "
            "POM or BOM that manages it in the tree, or hand over the resolved tree: "
            "`mvn dependency:tree -DoutputFile=deps.txt` then `gatekeeper scan --requirements deps.txt`"
        )
    if req.ecosystem == "Maven":
        return f"pin {req.name} to one released version (not a range or a dynamic version), e.g. with Gradle dependency locking"
    return f"install {req.name} from the registry at a released version, pinned in the lock file"
