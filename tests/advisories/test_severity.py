"""Severity from the advisory, in every ecosystem: CVSS v4/v3 vectors first, GHSA's own rating next,
none (the scanner's default) last; CWE ids from `database_specific.cwe_ids`."""

from __future__ import annotations

from typing import Any

from gatekeeper.advisories.interface import PackageVersion
from gatekeeper.advisories.osv import merge, parse_record
from gatekeeper.advisories.severity import worst

LOG4J = "org.apache.logging.log4j:log4j-core"


def ghsa(record_id: str, ecosystem: str, name: str, **extra: Any) -> Any:
    return parse_record(
        {
            "id": record_id,
            "affected": [
                {
                    "package": {"ecosystem": ecosystem, "name": name},
                    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.15.0"}]}],
                }
            ],
            **extra,
        },
        f"{record_id}.json",
    )


def test_a_cvss_v3_vector_scores_a_maven_advisory_and_its_cwes_come_along() -> None:
    # GHSA-jfh8-c2jp-5v3q (Log4Shell, CVE-2021-44228): CVSS 3.1 10.0, GHSA rating CRITICAL, CWE-20/400/502/917.
    record = ghsa(
        "GHSA-jfh8-c2jp-5v3q",
        "Maven",
        LOG4J,
        aliases=["CVE-2021-44228"],
        severity=[{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}],
        database_specific={"severity": "CRITICAL", "cwe_ids": ["CWE-20", "CWE-400", "CWE-502", "CWE-917"]},
    )
    (vuln,) = merge(PackageVersion.of(LOG4J, "2.14.1", "Maven"), [record])
    assert (vuln.severity, vuln.severity_source, vuln.cvss_score) == ("critical", "cvss", 10.0)
    assert vuln.cwe_ids == ("CWE-20", "CWE-400", "CWE-502", "CWE-917")
    assert (vuln.fix, vuln.package_fix) == ("2.15.0", "2.15.0")


def test_a_cvss_v4_vector_wins_over_v3_and_over_the_database_rating() -> None:
    record = ghsa(
        "GHSA-test-v4v4-0001",
        "npm",
        "@acme/pay",
        severity=[
            {"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N"},
            {"type": "CVSS_V4", "score": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"},
        ],
        database_specific={"severity": "LOW"},
    )
    (vuln,) = merge(PackageVersion.of("@acme/pay", "1.0.0", "npm"), [record])
    assert (vuln.severity, vuln.severity_source, vuln.cvss_score) == ("critical", "cvss", 9.3)
    assert vuln.cvss_vector is not None and vuln.cvss_vector.startswith("CVSS:4.0/")


def test_the_ghsa_rating_when_no_vector_parses_then_none() -> None:
    rated = ghsa(
        "GHSA-test-mod-0002",
        "npm",
        "left-pad",
        database_specific={"severity": "MODERATE"},
        severity=[{"type": "CVSS_V3", "score": "not a vector"}],
    )
    (vuln,) = merge(PackageVersion.of("left-pad", "1.0.0", "npm"), [rated])
    assert (vuln.severity, vuln.severity_source) == ("medium", "database")
    unrated = ghsa("GO-2099-0001", "Go", "example.com/m")
    (vuln,) = merge(PackageVersion.of("example.com/m", "v1.0.0", "Go"), [unrated])
    assert (vuln.severity, vuln.severity_source) == (None, "")  # the scanner applies its default, and says so
    assert worst([], []) == (None, "", None, None)
