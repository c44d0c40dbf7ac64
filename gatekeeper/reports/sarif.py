"""SARIF 2.1.0: one run per scanner, shaped for GitHub code scanning and read by any SARIF viewer.

GitHub's rules for third-party SARIF drive the details: stable rule ids with `security-severity`
and `external/cwe/cwe-N` tags, `partialFingerprints` so alerts follow code that moves, URIs
relative to the repository root (`%SRCROOT%`), `runAutomationDetails.id` as the category (one per
scanner), and its upload limits (reports/sarif_limits.py: we keep the most severe and say so). Source snippets are left out on purpose: the viewer
reads the file itself, and a snippet is one more place a secret could leak from.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import quote

from gatekeeper import jsontext
from gatekeeper.compliance.status import compliance_of
from gatekeeper.config import Policy
from gatekeeper.findings import Finding, Severity
from gatekeeper.gate import Verdict
from gatekeeper.reports import sanitise, sarif_limits
from gatekeeper.result import ScanResult
from gatekeeper.scanners.base import ScannerResult

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/gatekeeper-scan/"
SRCROOT = "%SRCROOT%"
SCANROOT = "SCANROOT"
FINGERPRINT_KEY = "gatekeeper/v1"
"""Key of our fingerprint in `partialFingerprints`; changing it re-opens every alert on GitHub."""
CATEGORY_PREFIX = "gatekeeper"

# GitHub code scanning's limit on tags per rule (the others: reports/sarif_limits.py).
MAX_TAGS = 20

SUPPRESSION_PROPERTY = "suppression"
"""Finding property the policy stage fills for accepted findings (gatekeeper/policy/state.py):
`{"kind": "waiver" | "inline" | "baseline", "justification": "...", ...}`."""

# GitHub maps security-severity to its labels: >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}
LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
_IN_SOURCE_KINDS = frozenset({"inline", "insource", "in-source", "in_source", "comment", "nosec"})

_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SAFE_URL = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~!$&'*+,;=:@%/?#-]*)?")

Note = Callable[[str], None]


def render(result: ScanResult, verdict: Verdict, policy: Policy) -> str:
    return sanitise.json_text(jsontext.dumps(to_sarif(result, verdict, policy, note=_stderr_note)))


def to_sarif(result: ScanResult, verdict: Verdict, policy: Policy, note: Note | None = None) -> dict[str, Any]:
    """One run per scanner (sarif_limits.py: what GitHub accepts), each its own category."""
    # A --diff-base scan judged only the changed lines, but uploads everything it found: code
    # scanning closes the alerts an upload leaves out, and those findings still exist.
    findings = sorted(result.findings + result.outside_changes, key=lambda f: f.sort_key)
    groups = sarif_limits.by_tool([s.scanner for s in result.scanners], findings)
    # Per run, the most severe within GitHub's limit; then, while the file is over its size limit,
    # the most severe of the whole file in proportion.
    kept = [sarif_limits.most_severe(findings, idx, sarif_limits.MAX_RESULTS, _suppressed) for _, idx in groups]
    while True:
        document = _document(
            result,
            verdict,
            policy,
            [(t, [findings[i] for i in k]) for (t, _), k in zip(groups, kept)],
            [len(i) for _, i in groups],
        )
        size = sarif_limits.gzipped_size(document)
        total = sum(len(k) for k in kept)
        if size <= sarif_limits.MAX_GZIP_BYTES or total == 0:
            break
        budget = sarif_limits.most_severe(
            findings,
            sorted(i for k in kept for i in k),
            int(total * sarif_limits.MAX_GZIP_BYTES / size * 0.9),
            _suppressed,
        )
        allowed = set(budget)
        kept = [[i for i in k if i in allowed] for k in kept]
    if note is not None:
        for (tool, indices), included in zip(groups, kept):
            if len(included) < len(indices):
                note(f"{tool}: {sarif_limits.truncation_message(len(included), len(indices))}")
    return document


def _document(
    result: ScanResult, verdict: Verdict, policy: Policy, runs: list[tuple[str, list[Finding]]], totals: list[int]
) -> dict[str, Any]:
    documents = [_run(result, verdict, policy, tool, kept, total) for (tool, kept), total in zip(runs, totals)]
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": documents}


def _run(
    result: ScanResult, verdict: Verdict, policy: Policy, tool: str, kept: list[Finding], total: int
) -> dict[str, Any]:
    rules, rule_index = _rules(kept)
    scanners = [s for s in result.scanners if s.scanner == tool.split("/")[0]]
    notifications = _scanner_notifications(result, scanners)
    properties = _run_properties(result, verdict, policy)
    if len(kept) < total:
        message = sarif_limits.truncation_message(len(kept), total)
        notifications.append(
            {"level": "warning", "descriptor": {"id": "results-truncated"}, "message": {"text": message}}
        )
        properties["truncated"] = {"total": total, "included": len(kept)}
    meta = result.metadata
    invocation: dict[str, Any] = {
        "executionSuccessful": all(s.complete for s in scanners),
        "startTimeUtc": meta.started_at,
        "endTimeUtc": meta.finished_at,
    }
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    prefix = _prefix(result)
    outside = {f.fingerprint for f in result.outside_changes}
    return {
        "tool": {
            "driver": {
                "name": "gatekeeper",
                "fullName": _text(f"gatekeeper: {tool}"),
                "version": meta.gatekeeper_version,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            },
            "extensions": [
                # The data a scanner's findings rest on (the advisory database's date, digest, age).
                {
                    "name": _text(s.scanner),
                    "version": _text(s.version),
                    **({"properties": {k: _text(v) for k, v in s.provenance}} if s.provenance else {}),
                }
                for s in scanners
            ],
        },
        # GitHub's category is the id up to its last '/': one per scanner and scan root.
        "automationDetails": {"id": f"{category(meta.target)}{_text(tool)}/"},
        "originalUriBaseIds": _base_ids(meta.target, prefix),
        "invocations": [invocation],
        "results": [
            _result(f, rule_index[f.rule_id], result.baseline is not None, prefix, f.fingerprint in outside)
            for f in kept
        ],
        "columnKind": "unicodeCodePoints",
        "properties": properties,
    }


def _suppressed(finding: Finding) -> bool:
    return suppression_of(finding) is not None


def _prefix(result: ScanResult) -> str:
    """The scan root's path in its repository (`services/api/`), "" at the root or outside git."""
    return result.metadata.root_in_repo or ""


def _base_ids(target: str, prefix: str) -> dict[str, Any]:
    if not prefix:
        return {SRCROOT: {"description": {"text": _text(f"The scan root ({target}); result URIs are relative to it.")}}}
    # URIs are the repository's paths (what GitHub resolves them against), whichever directory was scanned.
    return {
        SRCROOT: {"description": {"text": "The repository root; result URIs are relative to it."}},
        SCANROOT: {
            "uri": quote(prefix, safe="/", errors="surrogateescape"),
            "uriBaseId": SRCROOT,
            "description": {"text": _text(f"The scan root ({target}) in the repository.")},
        },
    }


def suppression_of(finding: Finding) -> Mapping[str, Any] | None:
    """Where a waiver or inline suppression is read from: the one place to change if it moves."""
    value = dict(finding.properties).get(SUPPRESSION_PROPERTY)
    return value if isinstance(value, Mapping) else None


def category(target: str) -> str:
    """`runAutomationDetails.id`: GitHub's category is everything before the last '/', so scans of
    different directories of one repository keep separate alert sets."""
    cleaned = "/".join(part for part in _text(target).replace("\\", "/").split("/") if part not in ("", "."))
    cleaned = re.sub(r"\s+", ",", cleaned)
    return f"{CATEGORY_PREFIX}/{cleaned}/" if cleaned else f"{CATEGORY_PREFIX}/"


def artifact_uri(path: str, prefix: str = "") -> dict[str, str]:
    """A percent-encoded URI reference: relative paths against %SRCROOT% (the repository root when
    `prefix`, the scan root's place in it, is known), absolute ones as file URIs."""
    if path.startswith("/"):
        return {"uri": "file://" + quote(path, safe="/", errors="surrogateescape")}
    return {"uri": quote(prefix + path, safe="/", errors="surrogateescape"), "uriBaseId": SRCROOT}


def message_text(text: str) -> str:
    """Plain SARIF message text: '[text](n)' would be an embedded link, so brackets are escaped."""
    return re.sub(r"([\[\]])", r"\\\1", _text(text))


def markdown_text(text: str) -> str:
    """Untrusted text for GitHub-flavoured markdown: one paragraph, every ASCII punctuation character
    backslash-escaped, so no emphasis, link, autolink (`https://`, `www.`, `a@b`), HTML or entity survives."""
    return _ASCII_PUNCTUATION.sub(r"\\\1", " ".join(_text(text).split()))


def _rules(findings: Iterable[Finding]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_rule[finding.rule_id].append(finding)
    order = sorted(by_rule)
    return [_rule(rule_id, by_rule[rule_id]) for rule_id in order], {rule_id: i for i, rule_id in enumerate(order)}


def _rule(rule_id: str, findings: list[Finding]) -> dict[str, Any]:
    first = findings[0]
    severity = max(f.severity for f in findings)
    cwes = sorted({n for f in findings for n in f.cwe_numbers})
    controls = sorted({c for f in findings for c in f.controls})
    tags = (["security"] + [f"external/cwe/cwe-{n}" for n in cwes] + [_text(c) for c in controls])[:MAX_TAGS]
    title = first.title or rule_id
    description = first.message or title
    references = sorted({r for f in findings for r in f.references})
    rule: dict[str, Any] = {
        "id": _text(rule_id),
        "name": _pascal_case(title) or _text(rule_id),
        "shortDescription": {"text": _text(title)},
        "fullDescription": {"text": _text(description)},
        "help": {
            "text": _help_text(title, description, first.remediation, cwes, controls, references),
            "markdown": _help_markdown(title, description, first.remediation, cwes, controls, references),
        },
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {
            "tags": tags,
            "security-severity": SECURITY_SEVERITY[severity],
            "precision": first.confidence.label,
            "severity": severity.label,
            "cwe": [f"CWE-{n}" for n in cwes],
            "controls": [_text(c) for c in controls],
            "scanners": sorted({_text(s) for f in findings for s in f.scanners}),
        },
    }
    help_uri = next((r for r in references if _SAFE_URL.fullmatch(r)), None)
    if help_uri:
        rule["helpUri"] = help_uri
    return rule


def _help_text(
    title: str, description: str, remediation: str, cwes: list[int], controls: list[str], references: list[str]
) -> str:
    parts = [_text(title), _text(description)]
    if remediation:
        parts.append("Fix: " + _text(remediation))
    if cwes:
        parts.append("Weakness: " + ", ".join(f"CWE-{n}" for n in cwes))
    if controls:
        parts.append("Controls: " + ", ".join(_text(c) for c in controls))
    if references:
        parts.append("References: " + " ".join(_text(r) for r in references))
    return "\n\n".join(parts)


def _help_markdown(
    title: str, description: str, remediation: str, cwes: list[int], controls: list[str], references: list[str]
) -> str:
    parts = [f"**{markdown_text(title)}**", markdown_text(description)]
    if remediation:
        parts.append(f"**Fix:** {markdown_text(remediation)}")
    if cwes:
        # Links we build ourselves from a number, never from scanned text.
        links = ", ".join(f"[CWE-{n}](https://cwe.mitre.org/data/definitions/{n}.html)" for n in cwes)
        parts.append(f"**Weakness:** {links}")
    if controls:
        parts.append("**Controls:** " + ", ".join(markdown_text(c) for c in controls))
    safe_refs = [r for r in references if _SAFE_URL.fullmatch(r)]
    if safe_refs:
        parts.append("**References:**\n\n" + "\n".join(f"- <{r}>" for r in safe_refs))
    return "\n\n".join(parts)


def _result(
    finding: Finding, rule_index: int, with_baseline: bool, prefix: str = "", outside: bool = False
) -> dict[str, Any]:
    loc = finding.location
    physical: dict[str, Any] = {"artifactLocation": artifact_uri(loc.path, prefix)}
    region = _region(finding)
    if region:
        physical["region"] = region
    result: dict[str, Any] = {
        "ruleId": _text(finding.rule_id),
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": message_text(finding.message or finding.title or finding.rule_id)},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "severity": finding.severity.label,
            "security-severity": SECURITY_SEVERITY[finding.severity],
            "confidence": finding.confidence.label,
            "scanners": [_text(s) for s in finding.scanners],
            "controls": [_text(c) for c in finding.controls],
        },
    }
    if finding.remediation:
        result["properties"]["remediation"] = _text(finding.remediation)
    if outside:  # reported, not judged: the verdict of a --diff-base scan counts changed lines only
        result["properties"]["outsideChanges"] = True
    advisories = dict(finding.properties).get("advisories")
    if advisories:  # a dependency finding: each advisory of the package version, in detail
        result["properties"]["advisories"] = _plain(advisories)
    suppression = _suppression(finding)
    if suppression:
        result["suppressions"] = [suppression]
    if with_baseline:
        accepted = (suppression_of(finding) or {}).get("kind") == "baseline"
        result["baselineState"] = "unchanged" if accepted else "new"
    return result


def _region(finding: Finding) -> dict[str, int] | None:
    loc = finding.location
    if loc.start_line < 1:
        return None  # a finding about the file as a whole
    region = {
        "startLine": loc.start_line,
        "startColumn": max(loc.start_column, 1),
        "endLine": max(loc.end_line, loc.start_line),
    }
    if loc.end_column > 0 and (region["endLine"] > loc.start_line or loc.end_column > region["startColumn"]):
        region["endColumn"] = loc.end_column
    return region


def _suppression(finding: Finding) -> dict[str, Any] | None:
    value = suppression_of(finding)
    if value is None:
        return None
    kind = str(value.get("kind", "")).strip()
    suppression: dict[str, Any] = {
        "kind": "inSource" if kind.lower() in _IN_SOURCE_KINDS else "external",
        "status": "accepted",
    }
    justification = value.get("justification")
    if justification:
        suppression["justification"] = _text(str(justification))
    extra = {
        _text(str(key)): _text(v) if isinstance(v, str) else v
        for key, v in value.items()
        if key not in ("justification",) and (v is None or isinstance(v, (str, int, float, bool)))
    }
    if extra:
        suppression["properties"] = extra
    return suppression


def _scanner_notifications(result: ScanResult, scanners: Iterable[ScannerResult]) -> list[dict[str, Any]]:
    notifications: list[dict[str, Any]] = []
    for scanner in scanners:
        for error in scanner.errors:
            notifications.append(
                {
                    "level": "error",
                    "descriptor": {"id": "scanner-error"},
                    "message": {"text": message_text(f"{scanner.scanner}: {error}")},
                    "associatedRule": {"id": _text(scanner.scanner)},
                }
            )
        for skipped in scanner.skipped:
            notifications.append(
                {
                    "level": "warning",
                    "descriptor": {"id": "file-not-scanned"},
                    "message": {
                        "text": message_text(f"{scanner.scanner} could not scan {skipped.path}: {skipped.reason}")
                    },
                    "locations": [
                        {"physicalLocation": {"artifactLocation": artifact_uri(skipped.path, _prefix(result))}}
                    ],
                }
            )
    return notifications


def _run_properties(result: ScanResult, verdict: Verdict, policy: Policy) -> dict[str, Any]:
    meta = result.metadata
    return {
        "gatekeeper": {
            "version": meta.gatekeeper_version,
            "target": _text(meta.target),
            "commit": meta.commit,
            "rulePackDigest": meta.rule_pack_digest,
            "rulePacks": [{"name": _text(name), "digest": value} for name, value in meta.rule_packs],
            "complianceDigest": compliance_of(result).digest,
            "verdict": verdict.status,
            "exitCode": verdict.exit_code,
            "failOn": policy.fail_on.label,
            "policyDigest": policy.digest,
            "policyLayers": [{k: _text(v) for k, v in layer.to_dict().items()} for layer in policy.layers],
            "reasons": [_text(r) for r in verdict.reasons],
            "blocking": len(verdict.blocking),
            "complete": result.complete,
            # What was analysed and what nothing analysed: a clean run says nothing about the latter.
            "coverage": result.coverage.to_dict(),
            "partialCoverage": verdict.partial_coverage,
            # A diff-aware scan reports only findings on changed lines: say so to whoever reads it.
            "changes": result.changes.to_dict() if result.changes is not None else None,
        }
    }


def _pascal_case(text: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in re.split(r"[^A-Za-z0-9]+", text) if word)


def _plain(value: Any) -> Any:
    """Advisory data as JSON values, every string sanitised."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _text(text: str) -> str:
    # C0/C1 controls (but tab and newline) and lone surrogates (undecodable file names) never leave.
    return sanitise.controls(text)


def _stderr_note(message: str) -> None:
    print(f"gatekeeper: note: {message}", file=sys.stderr)
