"""CycloneDX 1.6 JSON: the component inventory (PCI DSS 6.3.2) and the vulnerabilities found in it.

Built with cyclonedx-python-lib from the scan result alone: the components are the dependency
scanner's inventory (every ecosystem, each identified by its purl), each with the manifest lines
that declare it as evidence, and what it requires where a lock file records that (`dependencies`);
the vulnerabilities are the dependency findings. The serial number derives from the scan (target, commit, start time),
so the same scan always renders the same BOM.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable
from urllib.parse import quote

from cyclonedx.exception.model import InvalidUriException
from cyclonedx.model import Property, XsUri
from cyclonedx.model.bom import Bom, BomMetaData
from cyclonedx.model.component import Component, ComponentType
from cyclonedx.model.component_evidence import ComponentEvidence, Occurrence
from cyclonedx.model.impact_analysis import ImpactAnalysisAffectedStatus
from cyclonedx.model.tool import ToolRepository
from cyclonedx.model.vulnerability import (
    BomTarget,
    BomTargetVersionRange,
    Vulnerability,
    VulnerabilityAdvisory,
    VulnerabilityRating,
    VulnerabilityReference,
    VulnerabilityScoreSource,
    VulnerabilitySeverity,
    VulnerabilitySource,
)
from cyclonedx.output.json import JsonV1Dot6
from packageurl import PackageURL

from gatekeeper.config import Policy
from gatekeeper.findings import Finding, Severity
from gatekeeper.gate import Verdict
from gatekeeper.reports import sanitise
from gatekeeper.result import ScanResult
from gatekeeper.scanners import REGISTRY
from gatekeeper.scanners.base import Component as InventoryItem

_SEVERITY = {
    Severity.CRITICAL: VulnerabilitySeverity.CRITICAL,
    Severity.HIGH: VulnerabilitySeverity.HIGH,
    Severity.MEDIUM: VulnerabilitySeverity.MEDIUM,
    Severity.LOW: VulnerabilitySeverity.LOW,
    Severity.INFO: VulnerabilitySeverity.INFO,
}
_ALIAS_SOURCES = {
    "CVE": ("NVD", "https://nvd.nist.gov/vuln/detail/{id}"),
    "GHSA": ("GitHub", "https://github.com/advisories/{id}"),
    "PYSEC": ("PyPA", "https://osv.dev/vulnerability/{id}"),
}


def render(result: ScanResult, verdict: Verdict, policy: Policy) -> str:
    return sanitise.json_text(JsonV1Dot6(build_bom(result)).output_as_string(indent=2) + "\n")


def build_bom(result: ScanResult) -> Bom:
    meta = result.metadata
    root = Component(
        type=ComponentType.APPLICATION,
        name=meta.target,
        version=meta.commit or None,
        bom_ref="gatekeeper:scan-target",
    )
    bom = Bom(
        serial_number=uuid.uuid5(uuid.NAMESPACE_URL, f"gatekeeper:{meta.target}:{meta.commit}:{meta.started_at}"),
        metadata=BomMetaData(
            timestamp=_datetime(meta.started_at),
            component=root,
            tools=ToolRepository(components=_tools(result)),
            properties=[
                Property(name=f"gatekeeper:{scanner.scanner}:{key}", value=value)
                for scanner in result.scanners
                for key, value in scanner.provenance
            ],
        ),
    )
    inventory = [item for scanner in result.scanners for item in scanner.inventory]
    components = _components(inventory)
    for component in components.values():
        bom.components.add(component)
    bom.register_dependency(root, components.values())
    for purl, requires in sorted(_relations(inventory, components).items()):
        bom.register_dependency(components[purl], [components[p] for p in sorted(requires)])
    for vulnerability in _vulnerabilities(result.findings, components):
        bom.vulnerabilities.add(vulnerability)
    return bom


def _tools(result: ScanResult) -> list[Component]:
    tools = [Component(type=ComponentType.APPLICATION, name="gatekeeper", version=result.metadata.gatekeeper_version)]
    tools += [Component(type=ComponentType.APPLICATION, name=s.scanner, version=s.version) for s in result.scanners]
    return tools


def _components(items: Iterable[InventoryItem]) -> dict[str, Component]:
    """One component per purl; every manifest line that declares it is an occurrence."""
    grouped: dict[str, list[InventoryItem]] = {}
    for item in items:
        grouped.setdefault(item.purl, []).append(item)
    components = {}
    for purl, group in sorted(grouped.items()):
        first = group[0]
        groups = sorted({item.group for item in group if item.group})
        parsed = PackageURL.from_string(purl)
        # Maven's groupId and an npm scope are CycloneDX's `group`; the name is then the artifact's own.
        grouped_name = parsed.type in ("maven", "npm") and parsed.namespace
        components[purl] = Component(
            type=ComponentType.LIBRARY,
            group=parsed.namespace if grouped_name else None,
            name=parsed.name if grouped_name else first.name,
            version=first.version,
            purl=parsed,
            bom_ref=purl,
            evidence=ComponentEvidence(occurrences=[Occurrence(location=item.path, line=item.line) for item in group]),
            properties=[Property(name="gatekeeper:dependency-group", value=g) for g in groups]
            + ([] if first.version else [Property(name="gatekeeper:pinned", value="false")])
            + [
                Property(name="gatekeeper:unpinned-reason", value=r)
                for r in sorted({item.unpinned_reason for item in group if item.unpinned_reason})
            ],
        )
    return components


def _relations(items: Iterable[InventoryItem], components: dict[str, Component]) -> dict[str, set[str]]:
    """What each component requires, as the lock files record it (merged across the files that list it)."""
    relations: dict[str, set[str]] = {}
    for item in items:
        requires = {purl for purl in item.depends_on if purl in components and purl != item.purl}
        if requires:
            relations.setdefault(item.purl, set()).update(requires)
    return relations


def _vulnerabilities(findings: Iterable[Finding], components: dict[str, Component]) -> list[Vulnerability]:
    by_id: dict[str, list[tuple[Finding, dict[str, Any]]]] = {}
    inventories = REGISTRY.inventory_names()  # the scanners whose components the SBOM lists
    for finding in (one for found in findings for one in _per_advisory(found)):
        properties = dict(finding.properties)
        if (
            inventories.intersection(finding.scanners)
            and properties.get("advisory_ids")
            and properties.get("purl") in components
        ):
            by_id.setdefault(finding.rule_id, []).append((finding, properties))
    vulnerabilities = []
    for advisory_id, group in sorted(by_id.items()):
        finding, properties = group[0]
        affected = sorted({(p["purl"], p["version"]) for _, p in group})
        vulnerabilities.append(
            Vulnerability(
                bom_ref=advisory_id,
                id=advisory_id,
                source=_source(advisory_id),
                references=[
                    VulnerabilityReference(id=alias, source=_source(alias)) for alias in properties.get("aliases", ())
                ],
                ratings=[_rating(finding, properties)],
                cwes=sorted({n for f, _ in group for n in f.cwe_numbers}),
                description=finding.message,
                recommendation=finding.remediation,
                advisories=[VulnerabilityAdvisory(url=uri) for uri in _uris(finding.references)],
                published=_datetime(properties["published"]) if properties.get("published") else None,
                affects=[
                    BomTarget(
                        ref=purl,
                        versions=[BomTargetVersionRange(version=version, status=ImpactAnalysisAffectedStatus.AFFECTED)],
                    )
                    for purl, version in affected
                ],
                properties=[
                    Property(name="gatekeeper:fixed-version", value=v) for v in properties.get("fixed_versions", ())
                ],
            )
        )
    return vulnerabilities


def _per_advisory(finding: Finding) -> list[Finding]:
    """A dependency finding holds every advisory of its package version (`advisories`): the SBOM lists
    each as a vulnerability of its own, with its own ids, rating, fixes and CWE."""
    properties = dict(finding.properties)
    advisories = properties.get("advisories")
    if not advisories:
        return [finding]
    split = []
    for advisory in advisories:
        own = {
            **properties,
            "advisory_ids": (advisory["id"], *advisory["aliases"]),
            "aliases": advisory["aliases"],
            "fixed_versions": advisory["fixed_versions"],
            "severity_source": advisory["severity_source"],
            "cvss_vector": advisory.get("cvss_vector"),
            "cvss_score": advisory.get("cvss_score"),
            "published": advisory.get("published"),
        }
        own.pop("advisories")
        split.append(
            replace(
                finding,
                rule_id=advisory["id"],
                severity=Severity.parse(advisory["severity"]),
                message=f"{properties['package']} {properties['version']} is affected by {advisory['id']}: {advisory['summary']}",
                cwe=advisory["cwe"],
                references=advisory["references"],
                properties=tuple(sorted(own.items())),
            )
        )
    return split


def _rating(finding: Finding, properties: dict[str, Any]) -> VulnerabilityRating:
    vector = properties.get("cvss_vector")
    if not vector:
        source = properties.get("severity_source", "default")
        return VulnerabilityRating(
            severity=_SEVERITY[finding.severity],
            method=VulnerabilityScoreSource.OTHER,
            justification="gatekeeper default: the advisory has no severity"
            if source == "default"
            else "the advisory database's own severity",
        )
    if vector.startswith("CVSS:4"):
        method = VulnerabilityScoreSource.CVSS_V4
    elif vector.startswith("CVSS:3.1"):
        method = VulnerabilityScoreSource.CVSS_V3_1
    elif vector.startswith("CVSS:3"):
        method = VulnerabilityScoreSource.CVSS_V3
    else:
        method = VulnerabilityScoreSource.CVSS_V2
    try:
        score = Decimal(str(properties["cvss_score"])) if properties.get("cvss_score") is not None else None
    except InvalidOperation:
        score = None
    return VulnerabilityRating(severity=_SEVERITY[finding.severity], method=method, vector=vector, score=score)


def _source(identifier: str) -> VulnerabilitySource:
    name, url = _ALIAS_SOURCES.get(identifier.split("-", 1)[0].upper(), ("OSV", "https://osv.dev/vulnerability/{id}"))
    # Quoted: an id is advisory data, and one that is not a URI path segment would abort the BOM.
    return VulnerabilitySource(name=name, url=XsUri(url.format(id=quote(identifier, safe="-._~"))))


def _uris(urls: Iterable[str]) -> list[XsUri]:
    uris = []
    for url in urls:
        try:
            uris.append(XsUri(url))
        except InvalidUriException:
            continue  # a malformed reference URL is not worth losing the BOM over
    return uris


def _datetime(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
