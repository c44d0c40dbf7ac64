"""Online advisories through pip-audit's services (OSV's API or PyPI's JSON API): only when asked.

pip-audit's own command line passes when these services cannot be reached; here any failure to
get an answer for any package is an AdvisoryError, so an offline run can never look clean.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

import requests
from packaging.version import Version
from pip_audit._service import OsvService, PyPIService, ResolvedDependency, ServiceError, VulnerabilityService
from pip_audit._service.interface import VulnerabilityResult

from gatekeeper.advisories.interface import (
    AdvisoryError,
    AdvisorySource,
    PackageVersion,
    SourceIdentity,
    Vulnerability,
)
from gatekeeper.advisories.osv import OSV_URL, id_rank

SERVICES = ("osv", "pypi")


class OnlineSource(AdvisorySource):
    def __init__(
        self,
        service: str = "osv",
        *,
        cache_dir: Path | None = None,
        timeout: float = 30.0,
        osv_url: str | None = None,
    ) -> None:
        if service not in SERVICES:
            raise AdvisoryError(f"unknown online advisory service '{service}' (known: {', '.join(SERVICES)})")
        self._service: VulnerabilityService
        if service == "osv":
            url = osv_url or OsvService.DEFAULT_OSV_URL
            self._service = OsvService(cache_dir=cache_dir, timeout=int(max(1, timeout)), osv_url=url)
            self._identity = SourceIdentity(kind="osv-online", location=url)
        else:
            self._service = PyPIService(cache_dir=cache_dir, timeout=int(max(1, timeout)))
            self._identity = SourceIdentity(kind="pypi-online", location="https://pypi.org/pypi")
        self._name = service

    @property
    def identity(self) -> SourceIdentity:
        return self._identity

    def query(self, packages: Iterable[PackageVersion]) -> Mapping[PackageVersion, list[Vulnerability]]:
        answers: dict[PackageVersion, list[Vulnerability]] = {}
        for package in sorted(set(packages)):
            if package.ecosystem != "PyPI":
                # pip-audit's services answer for PyPI only: another ecosystem's package is unaudited, not clean.
                raise AdvisoryError(
                    f"{self._identity.kind}: answers for PyPI only, not for {package.ecosystem} ({package.name}); "
                    f"point --advisories at OSV data for {package.ecosystem} ('gatekeeper advisories update "
                    f"--ecosystem {package.ecosystem}')"
                )
            dependency = ResolvedDependency(name=package.name, version=Version(package.version))
            try:
                answered, results = self._service.query(dependency)
            except (ServiceError, requests.RequestException, ValueError) as exc:
                raise AdvisoryError(
                    f"{self._identity.kind}: no answer for {package.name} {package.version} from "
                    f"{self._identity.location} ({_one_line(exc)})"
                ) from None
            if answered.is_skipped():
                # e.g. PyPI does not know the version: the package was not audited, which is not "clean".
                reason = getattr(answered, "skip_reason", "skipped")
                raise AdvisoryError(
                    f"{self._identity.kind}: {package.name} {package.version} could not be audited: {reason}"
                )
            answers[package] = _merge(package, results)
        return answers


def _merge(package: PackageVersion, results: list[VulnerabilityResult]) -> list[Vulnerability]:
    groups: list[list[VulnerabilityResult]] = []
    for result in results:
        overlapping = [g for g in groups if any(result.alias_of(other) for other in g)]
        merged = [result]
        for group in overlapping:
            merged += group
            groups.remove(group)
        groups.append(merged)
    vulns = []
    for group in groups:
        ids = sorted({str(i) for r in group for i in (r.id, *r.aliases)}, key=id_rank)
        fixed = sorted({v for r in group for v in r.fix_versions})
        fix = next((v for v in fixed if v > Version(package.version)), None)
        vulns.append(
            Vulnerability(
                id=ids[0],
                aliases=tuple(ids[1:]),
                summary=next((r.description for r in group if r.description and r.description != "N/A"), ""),
                fixed_versions=tuple(str(v) for v in fixed),
                fix=str(fix) if fix else None,
                severity=None,  # pip-audit's results carry no severity: the scanner's documented default applies
                references=(OSV_URL.format(id=ids[0]),),
                published=min((r.published.isoformat() for r in group if r.published), default=None),
            )
        )
    return sorted(vulns, key=lambda v: id_rank(v.id))


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    cause = exc.__cause__ or exc.__context__
    if not str(exc).strip() and cause is not None:
        text = " ".join(str(cause).split()) or type(cause).__name__
    return text[:300]
