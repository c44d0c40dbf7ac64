"""Markdown summary for a GitHub job summary or a pull-request comment.

Verdict, control status per framework, failing controls, evidence gaps and the blocking findings,
short enough for a PR comment (GitHub's limit is 65,536 characters).

Finding text comes from scanned files, so it is treated as hostile: HTML is escaped, Markdown
punctuation is backslash-escaped, and what GitHub would turn into a link or a notification
(URLs, `www.`, e-mail addresses, @mentions, #references) is broken with a zero-width space.
"""

from __future__ import annotations

import re
from collections import Counter

from gatekeeper.compliance.status import STATUS_ORDER, Assessment, Status, compliance_of, for_policy
from gatekeeper.config import Policy
from gatekeeper.findings import Finding, Severity
from gatekeeper.gate import Verdict
from gatekeeper.policy.state import suppression_of
from gatekeeper.reports import sanitise
from gatekeeper.reports.html import display_time, location, policy_summary, shown_message
from gatekeeper.result import ScanResult

MAX_FINDINGS = 40
"""Findings listed in full; the rest are counted (the HTML and JSON reports have them all)."""
MAX_TEXT = 400
MAX_ATTRIBUTION = 2000
"""The attribution line names every scanner, pack, digest and the advisory data's date and age:
evidence, so it is cut far later than a finding's text."""
MAX_CONTROLS_LISTED = 25
MAX_PATHS_LISTED = 5
"""Paths named per kind of file not covered (the JSON report lists them all)."""

_ZWSP = "\u200b"
_MD_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
_LINKY = [
    (re.compile(r"(?i)\b(https?|ftp|ftps|mailto|file|javascript|data|vbscript|xmpp|irc)(:)"), r"\1" + _ZWSP + r"\2"),
    (re.compile(r"(?i)\b(www)(\.)"), r"\1" + _ZWSP + r"\2"),
    (re.compile(r"@"), "@" + _ZWSP),
    (re.compile(r"#(?=\w)"), "#" + _ZWSP),
]


def render(result: ScanResult, verdict: Verdict, policy: Policy) -> str:
    return render_assessment(result, verdict, policy, for_policy(result, policy))


def render_assessment(result: ScanResult, verdict: Verdict, policy: Policy, assessment: Assessment) -> str:
    meta = result.metadata
    blocking = set(verdict.blocking)
    lines = [f"## gatekeeper: **{verdict.status.upper()}**" + text(verdict.qualifier), ""]
    facts = [
        f"target {code(meta.target)}",
        f"commit {code(meta.commit[:12]) if meta.commit else 'none'}",
        text(display_time(meta.finished_at)),
        f"policy: {text(policy_summary(policy))}",
    ]
    lines += [" · ".join(facts), ""]
    if verdict.reasons:
        lines += [f"- {text(reason)}" for reason in verdict.reasons[:10]]
        if len(verdict.reasons) > 10:
            lines.append(f"- and {len(verdict.reasons) - 10} more")
        lines.append("")

    lines += _coverage(result)
    lines += ["### Controls", ""]
    lines += [
        "| Framework | Failing | Waived | Not assessed | Not applicable | Passing | Automated |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for framework in assessment.frameworks:
        counts = framework.counts
        cells = [text(framework.framework.label)] + [str(counts[s]) for s in STATUS_ORDER]
        cells.append(f"{framework.automated} of {len(framework.controls)}")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")

    failing = [c for c in assessment.controls if c.status is Status.FAILING]
    if failing:
        lines += ["**Failing controls**", "", "| Control | | Findings |", "|---|---|---|"]
        for control in failing[:MAX_CONTROLS_LISTED]:
            lines.append(
                f"| {text(control.control.name)} | {text(control.control.title)} | {_severity_counts(control.failing)} |"
            )
        if len(failing) > MAX_CONTROLS_LISTED:
            lines.append(f"| | and {len(failing) - MAX_CONTROLS_LISTED} more | |")
        lines.append("")

    gaps = [s for s in assessment.sources if not s.complete]
    if gaps:
        lines += ["**Evidence gaps** (their controls are not assessed)", ""]
        lines += [f"- {code(s.source.id)} {text(s.state.label)}: {text(s.detail)}" for s in gaps]
        lines.append("")

    if result.waivers:
        states = Counter(w.status for w in result.waivers)
        lines += ["**Waivers:** " + ", ".join(f"{n} {status}" for status, n in sorted(states.items())), ""]
        lapsed = [w for w in result.waivers if not w.active]
        lines += [
            f"- {code(w.id)} {text(w.status)}: {text(w.detail)} (owner {text(w.owner)}, expires {text(w.expires)})"
            for w in lapsed[:MAX_CONTROLS_LISTED]
        ]
        if lapsed:
            lines.append("")
    suppressed = sum(1 for f in result.findings if suppression_of(f))
    if suppressed:
        lines += [f"{suppressed} finding(s) accepted by the policy (waived, suppressed inline or in the baseline).", ""]

    over = [f for f in result.findings if f.fingerprint in blocking]
    if over:
        lines += [f"### Blocking findings ({len(over)})", ""]
        lines += ["| Severity | Location | Rule | Controls |", "|---|---|---|---|"]
        for finding in over[:MAX_FINDINGS]:
            lines.append(
                f"| {finding.severity.label} | {code(location(finding))} | {code(finding.rule_id)} | "
                f"{text(', '.join(assessment.control(c).control.name for c in finding.controls)) or 'unmapped'} |"
            )
        if len(over) > MAX_FINDINGS:
            lines.append(f"| | and {len(over) - MAX_FINDINGS} more | | |")
        lines += ["", "<details><summary>What each finding is and how to fix it</summary>", ""]
        for finding in over[:MAX_FINDINGS]:
            lines.append(_finding_item(finding))
        lines += ["", "</details>", ""]
    others = len(result.findings) - len(over)
    if others:
        lines += [f"{others} more finding(s) below {text(policy.fail_on.label)} are in the full report.", ""]

    lines += ["<sub>" + text(_attribution(result, policy), MAX_ATTRIBUTION) + "</sub>", ""]
    return "\n".join(lines)


def _coverage(result: ScanResult) -> list[str]:
    """What was analysed and what nothing analysed, counted by kind: the scope of every status below."""
    kinds = result.coverage.kinds
    analysed = ", ".join(f"{k.file_kind.plural(k.analysed)} ({', '.join(k.analysers)})" for k in kinds if k.analysed)
    lines = [
        "### Coverage",
        "",
        f"**Analysed:** {text(analysed) if analysed else 'no code, manifest or configuration file'}",
        "",
    ]
    missing = [k for k in kinds if k.not_covered]
    if missing:
        lines += ["**Not covered** (nothing analysed them; the controls they would evidence are not assessed):", ""]
        lines += [
            f"- {text(k.file_kind.plural(len(k.not_covered)))}: "
            + ", ".join(code(p) for p in k.not_covered[:MAX_PATHS_LISTED])
            + (f" and {len(k.not_covered) - MAX_PATHS_LISTED} more" if len(k.not_covered) > MAX_PATHS_LISTED else "")
            for k in missing
        ]
        lines.append("")
    return lines


def _finding_item(finding: Finding) -> str:
    item = f"- **{text(finding.title)}** ({finding.severity.label}) at {code(location(finding))}: {text(shown_message(finding))}"
    if finding.remediation:
        item += f" **Fix:** {text(finding.remediation)}"
    return item


def _severity_counts(findings: tuple[Finding, ...]) -> str:
    counts = Counter(f.severity for f in findings)
    return ", ".join(f"{counts[s]} {s.label}" for s in sorted(Severity, reverse=True) if counts[s])


def _attribution(result: ScanResult, policy: Policy) -> str:
    meta = result.metadata
    parts = [f"gatekeeper {meta.gatekeeper_version}", f"rules {meta.rule_pack_digest[:19]}"]
    parts += [f"rule pack {name} {value[:19]}" for name, value in meta.user_rule_packs]
    parts += [f"compliance {compliance_of(result).digest[:19]}", f"policy {policy.digest[:19]}"]
    parts += [f"{s.scanner} {s.version}" for s in result.scanners]
    for scanner in result.scanners:
        parts += [
            f"{key.replace('_', ' ')} {value}"
            for key, value in scanner.provenance
            if "date" in key or "digest" in key or "age" in key
        ]
    return " · ".join(parts)


def text(value: str, limit: int = MAX_TEXT) -> str:
    """Hostile text as inert Markdown: one line, no HTML, no emphasis, no links, no mentions."""
    value = " ".join(sanitise.lines(value).split())
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    for pattern, replacement in _LINKY:
        value = pattern.sub(replacement, value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    # None of these characters occurs in the named entities just written.
    return _MD_PUNCTUATION.sub(r"\\\1", value)


def code(value: str) -> str:
    """Hostile text as an inline code span (inert: no HTML, no links), safe inside a table cell."""
    value = " ".join(sanitise.lines(value).split())[:MAX_TEXT]
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or not value else ""
    # In a GFM table a pipe ends the cell even inside a code span, unless it is escaped.
    return f"{fence}{pad}{value.replace('|', chr(92) + '|')}{pad}{fence}"
