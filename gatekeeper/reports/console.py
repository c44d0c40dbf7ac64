"""Human output: findings grouped by severity with the place, the rule, the message and the fix."""

from __future__ import annotations

import io
import re
from collections import Counter

from rich.console import Console
from rich.text import Text

from gatekeeper.config import Policy
from gatekeeper.findings import Finding, Severity
from gatekeeper.gate import Verdict
from gatekeeper.result import ScanResult

_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
# C0/C1 control characters (escape sequences included) must never reach a terminal from a scanned file.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)


def write(console: Console, result: ScanResult, verdict: Verdict, policy: Policy, quiet: bool = False) -> None:
    if not quiet:
        for severity in sorted(Severity, reverse=True):
            group = [f for f in result.findings if f.severity == severity]
            if group:
                console.print(Text(f"{severity.label.upper()} ({len(group)})", style=_STYLE[severity]))
                for finding in group:
                    console.print(_finding(finding))
        console.print(_scanners_line(result))
    for reason in verdict.reasons if verdict.exit_code == 2 else ():
        console.print(Text("error: ", style="bold red") + Text(clean(reason)))
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
    return text


def _scanners_line(result: ScanResult) -> Text:
    parts = []
    for scanner in result.scanners:
        state = "error" if scanner.errors else f"{len(scanner.scanned)} files"
        if scanner.skipped:
            state += f", {len(scanner.skipped)} not scanned"
        parts.append(f"{scanner.scanner} {scanner.version} ({state})")
    return Text(clean("scanners: " + "; ".join(parts)), style="dim")


def _summary(result: ScanResult, verdict: Verdict, policy: Policy) -> Text:
    counts = Counter(f.severity for f in result.findings)
    detail = ", ".join(f"{counts[s]} {s.label}" for s in sorted(Severity, reverse=True) if counts[s])
    found = f"{len(result.findings)} findings" + (f" ({detail})" if detail else "")
    if verdict.exit_code == 0:
        return Text(f"PASSED: {found}; none at or above {policy.fail_on.label}", style="bold green")
    if verdict.exit_code == 1:
        return Text(
            f"FAILED: {len(verdict.blocking)} at or above {policy.fail_on.label}; {found}", style="bold red"
        )
    return Text(f"ERROR: scan incomplete; {found}", style="bold red")
