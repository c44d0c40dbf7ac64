"""The findings a developer acts on: one per vulnerable package version, at the manifest line.

A package version with several advisories is one finding: its fix is the smallest version that
clears every one of them (gatekeeper.advisories.osv.clearing_fix), its severity the worst of theirs,
its rule id the advisory that decides that severity. Each advisory stays in the finding's
`advisories` property (ids, aliases, severity and where it came from, fixes, CWE, references), which
the JSON and SARIF reports carry and the SBOM lists one by one. A malicious-package advisory (`MAL-`)
is a finding of its own: its remedy is removal, not an upgrade.

Severity comes from the advisory's CVSS vector (v4, then v3, then v2), else the database's own
rating (GHSA's), else DEFAULT_SEVERITY; `severity_source` says which (cvss, database, default).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gatekeeper.advisories.interface import Vulnerability
from gatekeeper.advisories.manifests import Requirement
from gatekeeper.advisories.osv import id_rank
from gatekeeper.findings import Confidence, Finding, Location, Severity

DEFAULT_SEVERITY = Severity.HIGH
"""For an advisory with no CVSS vector and no database rating."""
MALICIOUS_PREFIX = "MAL-"
_SEVERITY = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
    "none": Severity.INFO,
}
_SOURCES = {"cvss": "its CVSS vector", "database": "the advisory database's rating", "default": "gatekeeper's default"}


def findings_for(req: Requirement, name: str, purl: str, vulns: Sequence[Vulnerability]) -> list[Finding]:
    """The findings for one pinned package version and the vulnerabilities that affect it."""
    malicious = [v for v in vulns if v.id.upper().startswith(MALICIOUS_PREFIX)]
    known = [v for v in vulns if v not in malicious]
    found = [_finding(req, name, purl, [v]) for v in malicious]
    if known:
        found.append(_finding(req, name, purl, known))
    return found


def rating(vuln: Vulnerability) -> tuple[Severity, str]:
    if vuln.severity is not None:
        return _SEVERITY.get(vuln.severity, DEFAULT_SEVERITY), vuln.severity_source
    return DEFAULT_SEVERITY, "default"


def shown_version(req: Requirement, version: str) -> str:
    """A version as the manifest writes it (Go modules with their leading `v`; OSV drops it)."""
    if req.ecosystem == "Go" and req.name != "stdlib" and not version.startswith("v"):
        return f"v{version}"
    return version


def _finding(req: Requirement, name: str, purl: str, vulns: list[Vulnerability]) -> Finding:
    vulns = sorted(vulns, key=lambda v: id_rank(v.id))
    primary = max(vulns, key=lambda v: (rating(v)[0], v.cvss_score or 0.0))  # ties: the first in id order
    severity, source = rating(primary)
    version = req.version or ""
    fix = primary.package_fix if len(vulns) > 1 else (primary.package_fix or primary.fix)
    summary = primary.summary or "known vulnerability"
    notes = tuple(note for v in vulns for note in v.notes)
    if len(vulns) == 1:
        aka = f" (aka {', '.join(primary.aliases)})" if primary.aliases else ""
        title = f"{name} {version}: {summary}"
        message = f"{name} {version} is affected by {primary.id}{aka}: {summary}"
    else:
        title = f"{name} {version}: {len(vulns)} known vulnerabilities, the worst {primary.id}: {summary}"
        listed = "; ".join(f"{v.id}{_aka(v)}: {(v.summary or 'known vulnerability').rstrip('.')}" for v in vulns)
        message = f"{name} {version} is affected by {len(vulns)} advisories: {listed}"
    message += f". Severity {severity.label}, from {_SOURCES[source]} ({primary.id})" if len(vulns) > 1 else ""
    message += "".join(f" Note: {note}." for note in notes)
    properties: dict[str, Any] = {
        "package": name,
        "version": version,
        "purl": purl,
        "advisory_ids": tuple(dict.fromkeys(i for v in vulns for i in v.ids)),
        "aliases": tuple(dict.fromkeys(i for v in vulns for i in v.ids if i != primary.id)),
        "fixed_versions": tuple(dict.fromkeys(f for v in vulns for f in v.fixed_versions)),
        "fix_version": fix or "",
        "severity_source": source,
        "advisories": tuple(_advisory(v) for v in vulns),
    }
    if primary.cvss_vector:
        properties["cvss_vector"] = primary.cvss_vector
        properties["cvss_score"] = primary.cvss_score
    if req.group:
        properties["dependency_group"] = req.group
    published = min((v.published for v in vulns if v.published), default=None)
    if published:
        properties["published"] = published
    if notes:
        properties["notes"] = notes
    references = tuple(dict.fromkeys(r for v in [primary, *vulns] for r in v.references))[:20]
    return Finding(
        rule_id=primary.id,
        title=title[:200],
        message=message,
        severity=severity,
        location=Location(req.path, req.line),
        scanners=("dependencies",),
        source_rules=(("dependencies", primary.id),),
        confidence=Confidence.HIGH,
        cwe=tuple(sorted({c for v in vulns for c in v.cwe_ids}, key=lambda c: int(c[4:]))),
        remediation=_remediation(req, name, vulns, fix),
        references=references,
        properties=tuple(sorted(properties.items())),
    )


def _aka(vuln: Vulnerability) -> str:
    return f" (aka {', '.join(vuln.aliases)})" if vuln.aliases else ""


def _advisory(vuln: Vulnerability) -> dict[str, Any]:
    """One advisory's detail, as the JSON and SARIF reports and the SBOM carry it."""
    severity, source = rating(vuln)
    detail: dict[str, Any] = {
        "id": vuln.id,
        "aliases": vuln.aliases,  # tuples, as a finding read back from JSON holds them
        "summary": vuln.summary,
        "severity": severity.label,
        "severity_source": source,
        "fixed_versions": vuln.fixed_versions,
        "fix_version": vuln.fix or "",
        "cwe": vuln.cwe_ids,
        "references": vuln.references,
    }
    if vuln.cvss_vector:
        detail["cvss_vector"] = vuln.cvss_vector
        detail["cvss_score"] = vuln.cvss_score
    if vuln.published:
        detail["published"] = vuln.published
    if vuln.last_affected:
        detail["last_affected"] = vuln.last_affected
    return detail


def _remediation(req: Requirement, name: str, vulns: list[Vulnerability], fix: str | None) -> str:
    version = req.version or ""
    if fix:
        clears = f" (clears all {len(vulns)} advisories)" if len(vulns) > 1 else ""
        return f"upgrade {name} {version} -> {shown_version(req, fix)}{clears}"
    if len(vulns) > 1:
        unfixed = [v.id for v in vulns if not v.fix]
        why = (
            f"{', '.join(unfixed)} {'has' if len(unfixed) == 1 else 'have'} no fixed version yet"
            if unfixed
            else "the fixed versions of its advisories do not clear each other"
        )
        return (
            f"no version of {name} clears every advisory ({why}): upgrade as far as the fixes go, "
            "replace or remove it, or mitigate and record a waiver"
        )
    vuln = vulns[0]
    if vuln.unordered_fixes:
        return (
            f"the advisory names {', '.join(vuln.unordered_fixes)} as fixed, which gatekeeper cannot compare "
            f"with {name}'s versions: upgrade to a release that has the fix, then record a waiver for this finding"
        )
    if vuln.last_affected:
        return (
            f"no fixed version of {name} is published yet (affected up to {vuln.last_affected}): "
            "replace or remove it, or mitigate and record a waiver"
        )
    return f"no fixed version of {name} is published yet: replace or remove it, or mitigate and record a waiver"
