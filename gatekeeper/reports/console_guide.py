"""The console's closing lines: the compliance picture (one line per framework), dependency findings
grouped by package, and what to do next. Counts come from the same assessment every report uses
(gatekeeper/compliance/status.py), so the console never disagrees with the HTML or JSON report."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Sequence

from rich.text import Text

from gatekeeper.compliance.status import Status, for_policy
from gatekeeper.config import Policy
from gatekeeper.findings import Finding
from gatekeeper.reports.sanitise import one_line
from gatekeeper.result import ScanResult

FRAMEWORK_ORDER = (Status.FAILING, Status.WAIVED, Status.PASSING, Status.NOT_APPLICABLE, Status.NOT_ASSESSED)
"""The order of the framework line: what needs action first, what nothing judged last."""


def framework_lines(result: ScanResult, policy: Policy) -> list[Text]:
    """`PCI DSS 4.0.1: 18 failing · 7 passing · 2 not applicable · 233 not assessed`, per framework.
    A status with no control is left out, except failing and passing (their 0 is news)."""
    lines = []
    for framework in for_policy(result, policy).frameworks:
        counts = framework.counts
        parts = [
            f"{counts[s]} {s.label}" for s in FRAMEWORK_ORDER if counts[s] or s in (Status.FAILING, Status.PASSING)
        ]
        text = Text(one_line(framework.framework.label) + ": ", style="bold")
        text.append(" · ".join(parts), style="red" if counts[Status.FAILING] else "green")
        lines.append(text)
    return lines


def package_of(finding: Finding) -> str | None:
    """The package a dependency finding is about (None: not a dependency finding)."""
    if "dependencies" not in finding.scanners:
        return None
    package = dict(finding.properties).get("package")
    return str(package) if package else None


def by_package(findings: Sequence[Finding]) -> list[tuple[str, list[Finding]]]:
    """Dependency findings grouped by package, the worst package first (ties by name)."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        package = package_of(finding)
        if package is not None:
            groups[package].append(finding)
    return sorted(groups.items(), key=lambda item: (-max(f.severity for f in item[1]), item[0]))


def next_steps(result: ScanResult, policy: Policy, open_findings: Sequence[Finding]) -> list[Text]:
    """What a developer can do now, with commands to copy; only the steps that apply to this scan."""
    steps = [("the control report for an auditor", "gatekeeper scan -o html=report.html")]
    if open_findings:
        worst = min(open_findings, key=lambda f: (-f.severity, f.sort_key))
        steps.append((f"what {worst.rule_id} means and how to fix it", f"gatekeeper explain {worst.rule_id}"))
        steps.append(("the mechanical fixes, shown as a diff and applied", "gatekeeper scan --fix"))
        if result.baseline is None:
            steps.append(("accept today's findings and fail only on new ones", "gatekeeper baseline create"))
        steps.append(("accept one finding (a waiver in .gatekeeper.yml)", _waiver(result, policy, worst)))
    lines = [Text("next steps:", style="bold")]
    for why, command in steps:
        lines.append(Text(f"  {why}:\n    ") + Text(one_line(command), style="cyan"))
    return lines


def _waiver(result: ScanResult, policy: Policy, finding: Finding) -> str:
    """A waiver for `finding` that the policy would accept: expiring within its severity's maximum."""
    scanned = date.fromisoformat(result.metadata.finished_at[:10]) if result.metadata.finished_at else date.today()
    expires = scanned + timedelta(days=policy.max_days(finding.severity))
    return (
        f'waivers: [{{id: W-1, rule: {finding.rule_id}, paths: ["{finding.location.path}"], '
        f'reason: "why the risk is accepted", owner: you@example.com, expires: {expires.isoformat()}}}]'
    )
