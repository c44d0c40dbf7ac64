"""The HTML control report: one self-contained page a compliance team can read, file and print.

Every control of every catalog with its status and evidence, every finding with its place and
fix, the waivers, and the scan's attribution. No scripts and no external assets (a strict
Content-Security-Policy says so to the browser too); everything from scanned files is escaped by
jinja2's autoescaping.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from gatekeeper.compliance.mapping import CATEGORY_PROPERTY
from gatekeeper.compliance.status import (
    STATUS_ORDER,
    Assessment,
    ControlResult,
    FrameworkResult,
    compliance_of,
    for_policy,
)
from gatekeeper.config import Policy
from gatekeeper.findings import Finding, Severity
from gatekeeper.gate import Verdict
from gatekeeper.policy.state import suppression_of
from gatekeeper.reports import sanitise
from gatekeeper.result import ScanResult, WaiverState

TEMPLATES = Path(__file__).resolve().parent / "templates"
FINDINGS_PER_CONTROL = 6
"""Findings linked from one control row before the row says "and N more"."""
SECRET_CATEGORIES = frozenset({"secret", "pan"})
STYLESHEET = "gatekeeper-report.css"
"""The stylesheet `html-external` links, written beside the report (gatekeeper/reports/__init__.py
SIBLINGS): one name for every report, since its content depends only on gatekeeper's version."""


def render(result: ScanResult, verdict: Verdict, policy: Policy) -> str:
    return render_assessment(result, verdict, policy, for_policy(result, policy))


def render_external(result: ScanResult, verdict: Verdict, policy: Policy) -> str:
    """The report with its stylesheet in the sibling file STYLESHEET, under `style-src 'self'`: a
    server's Content-Security-Policy that blocks inline styles (Jenkins' default) still styles it."""
    return render_assessment(result, verdict, policy, for_policy(result, policy), external=True)


def render_assessment(
    result: ScanResult, verdict: Verdict, policy: Policy, assessment: Assessment, *, external: bool = False
) -> str:
    template = _environment().get_template("control-report.html.j2")
    css = stylesheet()
    # Inline: only this exact stylesheet may apply (its hash), no style attribute, nothing else.
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    style_src = "'self'" if external else f"'sha256-{digest}'"
    return template.render(
        **view(result, verdict, policy, assessment),
        css=None if external else css,
        stylesheet_href=STYLESHEET if external else None,
        style_src=style_src,
    )


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The report's CSS, with one width class per percent for the status bars (no style attribute:
    a strict style-src refuses them)."""
    widths = "".join(f".w{n} {{ width: {n}%; }}\n" for n in range(101))
    return (TEMPLATES / "control-report.css").read_text(encoding="utf-8") + widths


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Every value the template prints, before it is escaped: no control character, no line a
        # CI runner would obey when the page is printed in a log.
        finalize=_safe,
    )


def _safe(value: Any) -> Any:
    if isinstance(value, Markup):  # marked `|safe` in the template: our own stylesheet and CSP, as written
        return value
    return sanitise.lines(value) if isinstance(value, str) else value


def view(result: ScanResult, verdict: Verdict, policy: Policy, assessment: Assessment) -> dict[str, Any]:
    meta = result.metadata
    anchors = {f.fingerprint: finding_anchor(f) for f in result.findings}
    blocking = set(verdict.blocking)
    return {
        "target": meta.target,
        "commit": meta.commit,
        "started": display_time(meta.started_at),
        "finished": display_time(meta.finished_at),
        "verdict": {
            "status": verdict.status,
            "label": verdict.status.upper(),
            "reasons": list(verdict.reasons),
            "blocking": len(verdict.blocking),
            "partial_coverage": verdict.partial_coverage,
        },
        "coverage": coverage_view(result),
        "policy": {
            "fail_on": policy.fail_on.label,
            "allow_partial": policy.allow_partial,
            "summary": policy_summary(policy),
        },
        "frameworks": [_framework(f, anchors) for f in assessment.frameworks],
        "statuses": list(STATUS_ORDER),
        "sources": [
            {
                "id": s.source.id,
                "title": s.source.title,
                "scanners": ", ".join(s.source.scanners),
                "state": s.state.value,
                "state_label": s.state.label,
                "detail": s.detail,
            }
            for s in assessment.sources
        ],
        # Worst first, as a reader triages; ties in the scan's own (path, line) order.
        "findings": [
            _finding(f, assessment, f.fingerprint in blocking)
            for f in sorted(result.findings, key=lambda f: (-f.severity, f.fingerprint not in blocking, f.sort_key))
        ],
        "severity_counts": [
            (s.label, sum(1 for f in result.findings if f.severity is s)) for s in sorted(Severity, reverse=True)
        ],
        "waivers": [_waiver(w, anchors) for w in result.waivers],
        "suppressed": sum(1 for f in result.findings if suppression_of(f)),
        "scanners": scanner_rows(result),
        "attribution": attribution(result, policy),
        "files": len(result.files),
        "excluded": len(result.excluded),
    }


def _framework(framework: FrameworkResult, anchors: dict[str, str]) -> dict[str, Any]:
    groups = []
    for group in framework.framework.groups:
        rows = [_control_row(c, anchors) for c in framework.controls if c.control.group == group.id]
        groups.append(
            {
                "id": group.id,
                "title": group.title,
                "rows": [r for r in rows if not r["manual"]],
                # Evidence from outside the repository only: collapsed, so the report reads (and
                # prints) as what the scan showed; an auditor opens them when sampling.
                "manual": [r for r in rows if r["manual"]],
            }
        )
    total = len(framework.controls)
    counts = framework.counts
    manual = sum(1 for c in framework.controls if not c.control.automated)
    return {
        "id": framework.framework.id,
        "label": framework.framework.label,
        "publisher": framework.framework.publisher,
        "url": framework.framework.url,
        "total": total,
        "automated": framework.automated,
        "full": sum(1 for c in framework.controls if c.control.automation == "full"),
        "manual": manual,
        "manual_rows": sum(len(g["manual"]) for g in groups),
        "counts": [
            {
                "status": status.value,
                "label": status.label,
                "count": counts[status],
                # Whole percents (a width class each); a status with any control stays visible.
                "percent": max(1, round(100 * counts[status] / total)) if counts[status] else 0,
            }
            for status in STATUS_ORDER
        ],
        "failing": [_control_row(c, anchors) for c in framework.controls if c.status.value == "failing"],
        "groups": groups,
    }


def _control_row(result: ControlResult, anchors: dict[str, str]) -> dict[str, Any]:
    control = result.control
    failing = set(f.fingerprint for f in result.failing)
    shown = sorted(result.findings, key=lambda f: (f.fingerprint not in failing, -f.severity, f.sort_key))
    return {
        "anchor": control_anchor(control.ref),
        "ref": control.ref,
        "id": control.id,
        "title": control.title,
        "scope": control.scope,
        "automation": control.automation,
        "manual": control.automation == "none" and not result.findings,
        "evidence": [{"id": s.source.id, "state": s.state.value, "state_label": s.state.label} for s in result.sources],
        "status": result.status.value,
        "status_label": result.status.label,
        "reason": result.summary,
        "examined": "; ".join(e.text for e in result.examined),
        "failing": len(result.failing),
        "waived": len(result.waived),
        "below": sum(1 for f in result.findings if f.severity < result.threshold),
        "findings": [_finding_link(f, anchors, f.fingerprint in failing) for f in shown[:FINDINGS_PER_CONTROL]],
        "more": max(0, len(shown) - FINDINGS_PER_CONTROL),
        "families": [
            {"title": family.title, "count": len(found), "failing": sum(1 for f in found if f.fingerprint in failing)}
            for family, found in result.families
        ],
    }


NOT_COVERED_SHOWN = 8
"""Paths listed per kind of file nothing analysed, before "and N more" (the JSON lists them all)."""


def coverage_view(result: ScanResult) -> dict[str, Any]:
    """The scope of the evidence: what was analysed, by what, and what nothing analysed."""
    kinds = result.coverage.kinds
    return {
        "analysed": [
            {"label": k.file_kind.plural(k.analysed), "evidence": k.file_kind.evidence, "by": ", ".join(k.analysers)}
            for k in kinds
            if k.analysed
        ],
        "not_covered": [
            {
                "label": k.file_kind.plural(len(k.not_covered)),
                "evidence": k.file_kind.evidence,
                "why": "no scanner gatekeeper has analyses these"
                if len(k.unsupported) == len(k.not_covered)
                else "their scanner did not run in this scan"
                if not k.unsupported
                else f"{len(k.unsupported)} of them no scanner analyses; for the rest, their scanner did not run",
                "paths": list(k.not_covered[:NOT_COVERED_SHOWN]),
                "more": max(0, len(k.not_covered) - NOT_COVERED_SHOWN),
            }
            for k in kinds
            if k.not_covered
        ],
        "other": result.coverage.other,
    }


def _finding_link(finding: Finding, anchors: dict[str, str], failing: bool) -> dict[str, Any]:
    return {
        "anchor": anchors.get(finding.fingerprint, ""),
        "location": location(finding),
        "severity": finding.severity.label,
        "rule_id": finding.rule_id,
        "failing": failing,
    }


def _waiver(waiver: WaiverState, anchors: dict[str, str]) -> dict[str, Any]:
    return {
        "id": waiver.id,
        "status": waiver.status,
        "subject": waiver.subject,
        "owner": waiver.owner,
        "expires": waiver.expires,
        "ticket": waiver.ticket or "",
        "reason": waiver.reason,
        "detail": waiver.detail,
        "origin": waiver.origin,
        "findings": [{"anchor": anchors[fp], "fingerprint": fp} for fp in waiver.findings if fp in anchors],
    }


def _suppression(finding: Finding) -> dict[str, str] | None:
    """How the policy accepted the finding, in words: a waiver, an inline comment or the baseline."""
    found = suppression_of(finding)
    if not found:
        return None
    kind = str(found.get("kind", "suppressed"))
    label = {"waiver": f"waived ({found.get('id', '')})", "inline": "suppressed inline", "baseline": "in baseline"}.get(
        kind, kind
    )
    detail = [str(found[k]) for k in ("justification", "owner", "expires", "ticket") if found.get(k)]
    return {"kind": kind, "label": label.replace(" ()", ""), "detail": " · ".join(detail)}


def _finding(finding: Finding, assessment: Assessment, blocking: bool) -> dict[str, Any]:
    secret = is_secret(finding)
    return {
        "suppression": _suppression(finding),
        "anchor": finding_anchor(finding),
        "severity": finding.severity.label,
        "confidence": finding.confidence.label,
        "title": finding.title,
        "rule_id": finding.rule_id,
        "source_rules": [f"{scanner}: {rule}" for scanner, rule in finding.source_rules],
        "location": location(finding),
        "message": shown_message(finding),
        # Defence in depth: scanners redact secrets, and their snippets are not shown at all.
        "snippet": "" if secret else finding.snippet,
        "snippet_start": finding.location.start_line,
        "remediation": finding.remediation,
        "cwe": list(finding.cwe),
        "category": assessment.category_title(finding),
        "controls": [{"ref": ref, "anchor": control_anchor(ref)} for ref in finding.controls],
        "fingerprint": finding.fingerprint,
        "blocking": blocking,
        "references": [r for r in finding.references if r.startswith(("https://", "http://"))],
    }


def scanner_rows(result: ScanResult) -> list[dict[str, Any]]:
    return [
        {
            "name": scanner.scanner,
            "version": scanner.version,
            "status": scanner.status,
            "files": len(scanner.scanned),
            "skipped": [f"{s.path}: {s.reason}" for s in scanner.skipped],
            "errors": list(scanner.errors),
            "provenance": list(scanner.provenance),
        }
        for scanner in result.scanners
    ]


def attribution(result: ScanResult, policy: Policy) -> list[tuple[str, str]]:
    """What the evidence rests on, in the order an auditor reads it."""
    meta = result.metadata
    rows = [
        ("gatekeeper", meta.gatekeeper_version),
        ("Target", meta.target),
        ("Commit", meta.commit or "not a git checkout"),
        ("Started", display_time(meta.started_at)),
        ("Finished", display_time(meta.finished_at)),
        ("Rule pack", meta.rule_pack_digest),
        *((f"Rule pack · {name}", value) for name, value in meta.user_rule_packs),
        # Which catalogs and mappings judged the controls: the files, and one digest over them.
        ("Compliance data", compliance_of(result).digest),
        ("Compliance files", ", ".join(name for name, _ in compliance_of(result).files)),
        ("Policy", policy_summary(policy)),
        ("Policy source", policy.source or "built-in defaults"),
        ("Policy digest", policy.digest),
        *((f"Policy layer · {layer.role}", f"{layer.source} {layer.digest}") for layer in policy.layers),
    ]
    for scanner in result.scanners:
        rows.append((f"{scanner.scanner} version", scanner.version))
        rows += [(f"{scanner.scanner} · {key.replace('_', ' ')}", value) for key, value in scanner.provenance]
    return rows


def shown_message(finding: Finding) -> str:
    """The message, with quoted literals masked when the finding is about a secret: some tools
    (bandit's B105-B107) quote the credential they found in their message."""
    if not is_secret(finding):
        return finding.message
    return _QUOTED.sub(lambda m: m.group(1) + "[redacted]" + m.group(1), finding.message)


_QUOTED = re.compile(r"""(['"`])[^'"`]{3,}\1""")


def policy_summary(policy: Policy) -> str:
    """`fail on high and above; pci-dss:6.2.4 at medium; partial scans allowed`."""
    parts = [f"fail on {policy.fail_on.label} and above"]
    parts += [f"{framework} at {severity.label}" for framework, severity in policy.frameworks]
    parts += [f"{ref} at {severity.label}" for ref, severity in policy.controls]
    parts += [f"scope {scope.name}" for scope in policy.scopes]
    if policy.allow_partial:
        parts.append("partial scans allowed")
    return "; ".join(parts)


def location(finding: Finding) -> str:
    return f"{finding.location.path}:{finding.location.start_line}"


def is_secret(finding: Finding) -> bool:
    return "secrets" in finding.scanners or dict(finding.properties).get(CATEGORY_PROPERTY) in SECRET_CATEGORIES


def finding_anchor(finding: Finding) -> str:
    return "f-" + (
        finding.fingerprint or f"{finding.rule_id}-{finding.location.path}-{finding.location.start_line}"
    ).replace(":", "-")


def control_anchor(ref: str) -> str:
    return "c-" + ref.replace(":", "-")


def display_time(iso: str) -> str:
    """`2026-01-02T03:04:05Z` as `2026-01-02 03:04:05 UTC`; anything else as given."""
    if iso.endswith("Z") and "T" in iso:
        return iso[:-1].replace("T", " ") + " UTC"
    return iso
