"""The console's closing lines: one line per framework, packages, next steps, consistent counts."""

from __future__ import annotations

from dataclasses import replace

from gatekeeper.compliance.status import Status, for_policy
from gatekeeper.config import Policy
from gatekeeper.findings import Finding, Severity
from gatekeeper.policy.state import suppression_of
from gatekeeper.reports.console import render_text
from gatekeeper.result import ScanResult
from tests.compliance.factory import finding, judged, result

SQLI = finding("python-sql-injection", cwe=("CWE-89",), index=1)


def dependency(package: str, advisory: str, line: int, severity: Severity = Severity.HIGH, index: int = 0) -> Finding:
    return finding(
        advisory,
        scanner="dependencies",
        cwe=("CWE-1395",),
        severity=severity,
        path="requirements.txt",
        line=line,
        index=index,
        title=f"{package}: {advisory}",
        properties=(("package", package), ("version", "1.0")),
    )


def text_of(scan: ScanResult | None = None, policy: Policy | None = None) -> str:
    return render_text(*judged(scan if scan is not None else result([SQLI]), policy))


def test_one_line_per_framework_with_the_same_counts_as_the_assessment() -> None:
    scan = result([SQLI])
    text = text_of(scan)
    for framework in for_policy(scan, Policy()).frameworks:
        counts = framework.counts
        line = next(li for li in text.splitlines() if li.startswith(framework.framework.label + ": "))
        assert f"{counts[Status.FAILING]} failing" in line
        assert f"{counts[Status.PASSING]} passing" in line
        assert f"{counts[Status.NOT_ASSESSED]} not assessed" in line
    labels = [f.framework.label for f in for_policy(scan, Policy()).frameworks]
    assert len(labels) >= 3 and "PCI DSS 4.0.1" in labels
    assert sum(1 for li in text.splitlines() if li.split(": ")[0] in labels) == len(labels)


def test_framework_lines_come_after_the_findings_and_coverage_before_the_summary() -> None:
    lines = text_of().splitlines()
    pci = next(i for i, li in enumerate(lines) if li.startswith("PCI DSS 4.0.1: "))
    coverage = next(i for i, li in enumerate(lines) if li.startswith("coverage: "))
    finding_line = next(i for i, li in enumerate(lines) if "python-sql-injection  [semgrep]" in li)
    assert finding_line < coverage < pci < len(lines) - 1
    assert lines[-1].startswith("FAILED: ")


def test_next_steps_name_the_commands_and_a_waiver_the_policy_accepts() -> None:
    text = text_of()
    assert "gatekeeper scan -o html=report.html" in text
    assert "gatekeeper baseline create" in text
    assert "gatekeeper explain python-sql-injection" in text
    # A high finding may be waived for 90 days from the scan (2026-01-02): the example says so.
    assert 'waivers: [{id: W-1, rule: python-sql-injection, paths: ["app.py"]' in text
    assert "expires: 2026-04-02}" in text


def test_a_clean_scan_suggests_only_the_report() -> None:
    text = text_of(result([]))
    assert "gatekeeper scan -o html=report.html" in text
    assert "baseline create" not in text and "waivers:" not in text and "explain" not in text


def test_dependency_findings_are_grouped_under_their_package() -> None:
    scan = result(
        [
            dependency("jinja2", "PYSEC-1", 3, index=2),
            dependency("urllib3", "PYSEC-2", 6, Severity.CRITICAL, index=3),
            dependency("jinja2", "MAL-1", 3, Severity.CRITICAL, index=4),
            SQLI,
        ]
    )
    lines = text_of(scan).splitlines()
    assert "DEPENDENCIES (3 in 2 packages)" in lines
    start = lines.index("DEPENDENCIES (3 in 2 packages)")
    packages = [li.strip() for li in lines[start:] if li.startswith("  ") and not li.startswith("   ")]
    # The worst package first; ties by name: both have a critical, so jinja2 then urllib3.
    assert packages[:2] == ["jinja2  critical", "urllib3  critical"]
    jinja = lines.index("  jinja2  critical")
    assert "requirements.txt:3  MAL-1  critical" in lines[jinja + 1]
    assert any("requirements.txt:3  PYSEC-1  high" in li for li in lines[jinja + 1 : jinja + 6])
    # Not listed again under the severity headings: those count code findings.
    assert "CRITICAL (" not in "\n".join(lines[:start])


def test_a_waived_finding_is_not_counted_as_a_finding_anywhere() -> None:
    waived = replace(SQLI, properties=(("suppression", {"kind": "waiver", "id": "W-1"}),))
    assert suppression_of(waived) is not None
    low = finding("python-weak-hash", cwe=("CWE-328",), severity=Severity.LOW, line=20, index=5)
    text = text_of(result([waived, low]))
    assert "HIGH (" not in text and "LOW (1)" in text and "WAIVED (1)" in text
    assert text.rstrip().splitlines()[-1] == "PASSED: 1 findings (1 low); 1 waived; none at or above high"
