"""Human output: findings grouped by severity with the place, the rule, the message and the fix."""

from __future__ import annotations

import io
from collections import Counter

from rich.console import Console
from rich.text import Text

from gatekeeper.config import Policy
from gatekeeper.coverage import summary as coverage_summary
from gatekeeper.findings import Finding, Severity
from gatekeeper.gate import Verdict, rules
from gatekeeper.policy.state import refusal_of, suppression_of
from gatekeeper.reports.console_guide import by_package, framework_lines, next_steps, package_of
from gatekeeper.reports.sanitise import one_line
from gatekeeper.result import ScanResult, WaiverStatus

_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
# The console is what a CI log shows: text from scanned files (a file named "a\n::error::…" or
# `::stop-commands::x.py`) starts lines here, so it is shown as one line with no control character
# and no workflow command (gatekeeper/reports/sanitise.py). `clean` is also the error line's.
clean = one_line


_SHOWN_FIXED = 10
"""Fixed baseline entries listed by name before the console says "and N more"."""


def write(console: Console, result: ScanResult, verdict: Verdict, policy: Policy, quiet: bool = False) -> None:
    # Headings count open findings only: a waived one is listed (and counted) under WAIVED.
    open_findings = [f for f in result.findings if suppression_of(f) is None]
    if not quiet:
        code = [f for f in open_findings if package_of(f) is None]
        for severity in sorted(Severity, reverse=True):
            group = [f for f in code if f.severity == severity]
            if group:
                console.print(Text(f"{severity.label.upper()} ({len(group)})", style=_STYLE[severity]))
                for finding in group:
                    console.print(_finding(finding))
        for line in _dependencies(open_findings):
            console.print(line)
        for line in _suppressed(result):
            console.print(line)
        for line in _waivers(result):
            console.print(line)
        for line in _changes(result):
            console.print(line)
        console.print(_scanners_line(result))
        console.print(_coverage_line(result))
        for line in framework_lines(result, policy):
            console.print(line)
        for line in next_steps(result, policy, open_findings):
            console.print(line)
    for reason in verdict.reasons if verdict.exit_code == 2 else ():
        console.print(Text("error: ", style="bold red") + Text(clean(reason)))
    if verdict.exit_code == 1 and _explain(verdict, policy):
        for reason in verdict.reasons:
            console.print(Text("blocking: ", style="bold red") + Text(clean(reason)))
    console.print(_summary(result, verdict, policy))


def render_text(result: ScanResult, verdict: Verdict, policy: Policy) -> str:
    buffer = io.StringIO()
    write(Console(file=buffer, color_system=None, width=120, soft_wrap=True), result, verdict, policy)
    return buffer.getvalue()


def _finding(finding: Finding) -> Text:
    loc = finding.location
    text = Text("  ")
    text.append(clean(f"{loc.path}:{loc.start_line}"), style="bold")
    text.append("  ")
    text.append(clean(finding.rule_id), style="magenta")
    text.append(clean(f"  [{', '.join(finding.scanners)}]"), style="dim")
    text.append("\n    " + clean(finding.message))
    if finding.remediation:
        text.append("\n    fix: ", style="green")
        text.append(clean(finding.remediation))
    refusal = refusal_of(finding)
    if refusal:
        text.append("\n    suppression refused: ", style="bold yellow")
        text.append(clean(f"{refusal.get('form')} at line {refusal.get('line')}: {refusal.get('refused')}"))
    return text


def _dependencies(open_findings: list[Finding]) -> list[Text]:
    """Dependency findings under their package: one package, one heading, however many manifests
    pin it and whichever advisories affect it."""
    groups = by_package(open_findings)
    if not groups:
        return []
    total = sum(len(found) for _, found in groups)
    lines = [Text(f"DEPENDENCIES ({total} in {len(groups)} package{'s' if len(groups) != 1 else ''})", style="bold")]
    for package, found in groups:
        worst = max(f.severity for f in found)
        lines.append(Text("  ") + Text(clean(package), style="bold") + Text(f"  {worst.label}", style=_STYLE[worst]))
        for finding in sorted(found, key=lambda f: (-f.severity, f.sort_key)):
            loc = finding.location
            text = Text("    ")
            text.append(clean(f"{loc.path}:{loc.start_line}"), style="bold")
            text.append(clean(f"  {finding.rule_id}  {finding.severity.label}"), style=_STYLE[finding.severity])
            text.append("\n      " + clean(finding.title))
            if finding.remediation:
                text.append("\n      fix: ", style="green")
                text.append(clean(finding.remediation))
            lines.append(text)
    return lines


def _suppressed(result: ScanResult) -> list[Text]:
    """Waived and inline-suppressed findings, one line each: accepted, never hidden."""
    lines: list[Text] = []
    for kind, title in (("waiver", "WAIVED"), ("inline", "SUPPRESSED INLINE")):
        group = [f for f in result.findings if (suppression_of(f) or {}).get("kind") == kind]
        if not group:
            continue
        lines.append(Text(f"{title} ({len(group)})", style="bold"))
        for finding in group:
            record = suppression_of(finding) or {}
            loc = finding.location
            text = Text("  ")
            text.append(clean(f"{loc.path}:{loc.start_line}"), style="bold")
            text.append(clean(f"  {finding.rule_id}  {finding.severity.label}"))
            if kind == "waiver":
                detail = (
                    f"waiver {record.get('id')}: {record.get('justification')} "
                    f"(owner {record.get('owner')}, expires {record.get('expires')})"
                )
            else:
                reason = record.get("justification") or "no reason given"
                detail = f"{record.get('form')} at line {record.get('line')}: {reason}"
            text.append("\n    " + clean(detail), style="dim")
            lines.append(text)
    if result.baseline is not None:
        base = result.baseline
        text = Text(
            clean(f"baseline {base.path}: {base.matched} finding(s) accepted, {base.new} not in it"), style="bold"
        )
        if base.fixed:
            text.append(clean(f"; {len(base.fixed)} recorded finding(s) fixed"), style="green")
            for entry in base.fixed[:_SHOWN_FIXED]:
                text.append("\n  fixed: " + clean(f"{entry.path}:{entry.line}  {entry.rule_id}"), style="green")
            if len(base.fixed) > _SHOWN_FIXED:
                text.append(f"\n  … and {len(base.fixed) - _SHOWN_FIXED} more (see the JSON report)", style="green")
        lines.append(text)
    return lines


def _waivers(result: ScanResult) -> list[Text]:
    if not result.waivers:
        return []
    counts = Counter(w.status for w in result.waivers)
    detail = ", ".join(f"{counts[s]} {s}" for s in WaiverStatus if counts[s])
    lines = [Text(f"WAIVERS ({len(result.waivers)}: {detail})", style="bold")]
    for waiver in result.waivers:
        style = "" if waiver.active else "yellow"
        text = Text("  ")
        text.append(clean(f"{waiver.id}  {waiver.status}"), style=style or "green")
        text.append(
            clean(
                f"  {waiver.subject}  owner {waiver.owner}, expires {waiver.expires}"
                + (f", ticket {waiver.ticket}" if waiver.ticket else "")
            )
        )
        text.append("\n    " + clean(f"{waiver.detail} ({waiver.origin})"), style="dim" if waiver.active else style)
        lines.append(text)
    return lines


def _changes(result: ScanResult) -> list[Text]:
    changes = result.changes
    if changes is None:
        return []
    if changes.mode == "staged":
        return [Text(f"staged: scanned the staged content of {changes.files} staged file(s)", style="bold")]
    base = (changes.merge_base or "")[:12]
    text = (
        f"diff: only findings on lines changed since {base} (merge-base with {changes.base}), {changes.files} file(s)"
    )
    if changes.outside:
        text += f"; {changes.outside} finding(s) elsewhere not shown"
    return [Text(clean(text), style="bold")]


def _explain(verdict: Verdict, policy: Policy) -> bool:
    """Whether the summary line alone does not say why the gate failed."""
    return len(verdict.reasons) > 1 or not verdict.reasons[0].endswith(f"finding(s) at or above {policy.fail_on.label}")


def _scanners_line(result: ScanResult) -> Text:
    parts = []
    for scanner in result.scanners:
        state = "error" if scanner.errors else f"{len(scanner.scanned)} files"
        if scanner.skipped:
            state += f", {len(scanner.skipped)} not scanned"
        age = dict(scanner.provenance).get("advisory_age_days")
        if age is not None:
            state += f", advisory data {age} days old"
        parts.append(f"{scanner.scanner} {scanner.version} ({state})")
    return Text(clean("scanners: " + "; ".join(parts)), style="dim")


def _coverage_line(result: ScanResult) -> Text:
    kinds = result.coverage.kinds
    analysed = (
        ", ".join(k.file_kind.plural(k.analysed) for k in kinds if k.analysed)
        or "no code, manifest or configuration file"
    )
    line = Text(clean(f"coverage: analysed {analysed}"), style="dim")
    missing = coverage_summary(kinds)
    if missing:
        line.append(clean(f"; not covered: {missing}"), style="yellow")
    return line


def _summary(result: ScanResult, verdict: Verdict, policy: Policy) -> Text:
    # The same count as the headings: a finding the policy accepted is counted as accepted, not found.
    open_findings = [f for f in result.findings if suppression_of(f) is None]
    counts = Counter(f.severity for f in open_findings)
    detail = ", ".join(f"{counts[s]} {s.label}" for s in sorted(Severity, reverse=True) if counts[s])
    found = f"{len(open_findings)} findings" + (f" ({detail})" if detail else "")
    accepted = Counter((suppression_of(f) or {}).get("kind") for f in result.findings)
    words = {"waiver": "waived", "inline": "suppressed inline", "baseline": "in the baseline"}
    found += "".join(f"; {accepted[k]} {w}" for k, w in words.items() if accepted[k])
    # With scopes or per-framework/control thresholds "at or above <severity>" is not the whole rule.
    threshold = f"at or above {policy.fail_on.label}" if len(rules(policy)) == 1 else "blocking"
    qualifier = clean(verdict.qualifier)
    if verdict.exit_code == 0:
        return Text(f"PASSED{qualifier}: {found}; none {threshold}", style="bold yellow" if qualifier else "bold green")
    if verdict.exit_code == 1:
        return Text(f"FAILED{qualifier}: {len(verdict.blocking)} {threshold}; {found}", style="bold red")
    return Text(f"ERROR: scan incomplete; {found}", style="bold red")
