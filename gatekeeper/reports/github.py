"""GitHub Actions workflow commands: `::error file=…,line=…::message` annotations on the diff.

GitHub shows the first 10 annotations of a step, so only the most important findings are
annotated (blocking first, then by severity); the rest are listed as plain log lines and belong
in the job summary, which the action writes from the Markdown (or text) report.

Everything that comes from scanned files is escaped the way the Actions toolkit does it, so a
hostile message cannot end the command and start another one (`%`, CR and LF in the message; also
`:` and `,` in properties), and the legacy `##[command]` syntax is defused in every line we print.
"""

from __future__ import annotations

import re
from typing import Mapping

from gatekeeper.config import Policy
from gatekeeper.findings import Finding, Severity
from gatekeeper.gate import EXIT_ERROR, Verdict
from gatekeeper.result import ScanResult

MAX_ANNOTATIONS = 10
"""GitHub displays at most 10 annotations per step."""
SUPPRESSION_PROPERTY = "suppression"

_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def render(result: ScanResult, verdict: Verdict, policy: Policy) -> str:
    lines: list[str] = []
    if verdict.exit_code == EXIT_ERROR:
        lines += [command("error", reason, title="gatekeeper: scan incomplete") for reason in verdict.reasons]
    room = max(MAX_ANNOTATIONS - len(lines), 0)
    blocking = set(verdict.blocking)
    ranked = sorted(
        (f for f in result.findings if not _suppressed(f)),
        key=lambda f: (f.fingerprint not in blocking, -f.severity, f.sort_key),
    )
    annotated, rest = ranked[:room], ranked[room:]
    lines += [_annotation(f, f.fingerprint in blocking) for f in annotated]
    if rest:
        lines.append(
            plain(
                f"gatekeeper: {len(rest)} more finding(s) not annotated (GitHub shows {MAX_ANNOTATIONS} "
                "annotations per step); all findings are in the job summary:"
            )
        )
        # actions/run.sh copies these "gatekeeper:   " lines into the job summary.
        lines += [plain(f"gatekeeper:   {_finding_line(f)}") for f in rest]
    lines.append(plain(_summary(result, verdict, policy)))
    return "\n".join(lines) + "\n"


def command(name: str, message: str, **properties: str | int) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value != "")
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """As @actions/core's escapeData: `%`, CR and LF are percent-encoded."""
    return _defuse(_clean(text)).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """As @actions/core's escapeProperty: escapeData plus `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def plain(text: str) -> str:
    """A log line that is never a command: one line, and no legacy `##[` marker inside."""
    return _defuse(" ".join(_clean(text).split()))


def _annotation(finding: Finding, blocks: bool) -> str:
    loc = finding.location
    message = finding.message or finding.title
    if finding.remediation:
        message += f"\nFix: {finding.remediation}"
    properties: dict[str, str | int] = {"file": loc.path}
    if loc.start_line > 0:
        properties["line"] = loc.start_line
        properties["endLine"] = max(loc.end_line, loc.start_line)
        if loc.start_column > 0:
            properties["col"] = loc.start_column
    properties["title"] = f"{finding.severity.label.upper()} {finding.rule_id}: {finding.title or finding.rule_id}"
    return command(_level(finding, blocks), message, **properties)


def _level(finding: Finding, blocks: bool) -> str:
    if blocks:
        return "error"
    return "warning" if finding.severity >= Severity.MEDIUM else "notice"


def _finding_line(finding: Finding) -> str:
    loc = finding.location
    return f"{finding.severity.label.upper()} {loc.path}:{loc.start_line} {finding.rule_id} {finding.message}"


def _summary(result: ScanResult, verdict: Verdict, policy: Policy) -> str:
    found = f"{len(result.findings)} finding(s)"
    if verdict.exit_code == 0:
        return f"gatekeeper: PASSED{verdict.qualifier}: {found}; none blocking at or above {policy.fail_on.label}"
    if verdict.exit_code == 1:
        return (
            f"gatekeeper: FAILED{verdict.qualifier}: {len(verdict.blocking)} blocking at or above "
            f"{policy.fail_on.label}; {found}"
        )
    return f"gatekeeper: ERROR: scan incomplete; {found}"


def _suppressed(finding: Finding) -> bool:
    return isinstance(dict(finding.properties).get(SUPPRESSION_PROPERTY), Mapping)


def _clean(text: str) -> str:
    return _UNSAFE.sub("\N{REPLACEMENT CHARACTER}", text)


def _defuse(text: str) -> str:
    # The runner still parses the old `##[name]value` form anywhere in a line.
    return text.replace("##[", "#\N{ZERO WIDTH SPACE}#[")
