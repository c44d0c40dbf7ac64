"""The JSON report: the complete, versioned record of a scan (schema: gatekeeper/schemas/report.schema.json).

It is also the scan's interchange format: `load` turns it back into the result, verdict and
policy, so `gatekeeper report` renders every other format from one saved scan.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from gatekeeper import compliance, jsontext
from gatekeeper.compliance.status import compliance_of, for_policy
from gatekeeper.config import Policy
from gatekeeper.coverage import Coverage
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Finding, Severity
from gatekeeper.gate import Verdict
from gatekeeper.policy.state import is_suppressed, suppression_of
from gatekeeper.reports import sanitise
from gatekeeper.result import BaselineSummary, ChangeScope, ScanMetadata, ScanResult, WaiverState
from gatekeeper.scanners.base import ScannerResult, SkippedFile
from gatekeeper.shard import ShardInfo

SCHEMA_VERSION = "1.6"
"""1.1: `policy`, `waivers`, `baseline`, `changes`, `summary.blocking` and `summary.suppressed`;
a suppressed finding's `properties.suppression` (gatekeeper/policy/state.py). 1.3: coverage by kind
(`scan.coverage.kinds`), `verdict.partial_coverage`, the `not_applicable` control status and what each
control's evidence `examined`. 1.4: `scan.compliance`, the catalogs and mappings that judged the scan
(directories, files and their digests). 1.5: `scan.shard`, the part of the tree a `scan --shard K/N`
result covers (gatekeeper/shard.py); `scan.root_in_repo`, the scan root's path in its repository;
`outside_changes`, the findings a `--diff-base` scan did not judge (SARIF uploads them)."""


def render(result: ScanResult, verdict: Verdict, policy: Policy) -> str:
    return sanitise.json_text(jsontext.dumps(to_dict(result, verdict, policy)))


def to_dict(result: ScanResult, verdict: Verdict, policy: Policy) -> dict[str, Any]:
    meta = result.metadata
    counts = Counter(f.severity for f in result.findings)
    suppressed = Counter(str((suppression_of(f) or {}).get("kind")) for f in result.findings if is_suppressed(f))
    return {
        "schema_version": SCHEMA_VERSION,
        "scan": {
            "gatekeeper_version": meta.gatekeeper_version,
            "target": meta.target,
            "commit": meta.commit,
            "started_at": meta.started_at,
            "finished_at": meta.finished_at,
            "rule_pack_digest": meta.rule_pack_digest,
            "rule_packs": [{"name": name, "digest": value} for name, value in meta.rule_packs],
            "root_in_repo": meta.root_in_repo,
            # Which catalogs and mappings judged the findings (`gatekeeper report` judges by them again).
            "compliance": compliance_of(result).to_dict(),
            "scanners": [s.to_dict() for s in result.scanners],
            # Only a `scan --shard K/N` result has it: `gatekeeper merge` checks the parts by it.
            **({"shard": result.shard.to_dict()} if result.shard else {}),
            "coverage": {
                "files": len(result.files),
                "paths": list(result.files),
                "excluded": [{"path": s.path, "reason": s.reason} for s in result.excluded],
                **result.coverage.to_dict(),
            },
        },
        "verdict": {
            "status": verdict.status,
            "exit_code": verdict.exit_code,
            "fail_on": policy.fail_on.label,
            "allow_partial": policy.allow_partial,
            "reasons": list(verdict.reasons),
            "blocking": list(verdict.blocking),
            "partial_coverage": verdict.partial_coverage,
        },
        "summary": {
            "total": len(result.findings),
            "by_severity": {s.label: counts.get(s, 0) for s in sorted(Severity, reverse=True)},
            "blocking": len(verdict.blocking),
            "suppressed": {kind: suppressed.get(kind, 0) for kind in ("waiver", "inline", "baseline")},
        },
        "findings": [f.to_dict() for f in result.findings],
        # Derived from the findings and scanners above; `load` recomputes it rather than reading it.
        "controls": for_policy(result, policy).to_dict(),
        # The policy in force (with its digest), and what became of each waiver: for auditors.
        "policy": policy.to_dict(),
        "waivers": [w.to_dict() for w in result.waivers],
        "baseline": result.baseline.to_dict() if result.baseline else None,
        "changes": result.changes.to_dict() if result.changes else None,
        # Findings off the changed lines (--diff-base): not judged, uploaded in SARIF only.
        **({"outside_changes": [f.to_dict() for f in result.outside_changes]} if result.outside_changes else {}),
    }


def load(text: str, source: str = "report") -> tuple[ScanResult, Verdict, Policy]:
    """A JSON report (as `render` wrote it) back into the result, verdict and policy it records."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GatekeeperError(f"{source}: not JSON: {exc.msg} (line {exc.lineno})") from None
    if not isinstance(data, dict) or "scan" not in data or "findings" not in data:
        raise GatekeeperError(f"{source}: not a gatekeeper JSON report (no 'scan' and 'findings')")
    version = str(data.get("schema_version", ""))
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise GatekeeperError(
            f"{source}: report schema {version or '?'} is not readable by this gatekeeper ({SCHEMA_VERSION})"
        )
    try:
        return _load(data, source)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        detail = f"missing key {exc}" if isinstance(exc, KeyError) else " ".join(str(exc).split())
        raise GatekeeperError(f"{source}: malformed gatekeeper JSON report: {detail}") from None


def _load(data: dict[str, Any], source: str) -> tuple[ScanResult, Verdict, Policy]:
    scan, verdict = data["scan"], data["verdict"]
    coverage = scan["coverage"]
    result = ScanResult(
        metadata=ScanMetadata(
            gatekeeper_version=scan["gatekeeper_version"],
            target=scan["target"],
            commit=scan["commit"],
            started_at=scan["started_at"],
            finished_at=scan["finished_at"],
            rule_pack_digest=scan["rule_pack_digest"],
            rule_packs=tuple((str(p["name"]), str(p["digest"])) for p in scan.get("rule_packs", ())),
            root_in_repo=scan.get("root_in_repo"),
        ),
        findings=tuple(Finding.from_dict(f) for f in data["findings"]),
        scanners=tuple(ScannerResult.from_dict(s) for s in scan["scanners"]),
        files=tuple(coverage["paths"]),
        excluded=tuple(SkippedFile(s["path"], s["reason"]) for s in coverage["excluded"]),
        waivers=tuple(WaiverState.from_dict(w) for w in data.get("waivers", ())),
        baseline=BaselineSummary.from_dict(data["baseline"]) if data.get("baseline") else None,
        changes=ChangeScope.from_dict(data["changes"]) if data.get("changes") else None,
        outside_changes=tuple(Finding.from_dict(f) for f in data.get("outside_changes", ())),
        coverage=Coverage.from_dict(coverage) if "kinds" in coverage else Coverage(),
        # A report before 1.4 was judged by the bundled data.
        compliance=compliance.load_recorded(scan["compliance"], source) if "compliance" in scan else None,
        shard=ShardInfo.from_dict(scan["shard"]) if scan.get("shard") else None,
    )
    if data.get("policy"):
        policy = Policy.from_dict(data["policy"])
    else:  # a 1.0 report
        policy = Policy(
            fail_on=Severity.parse(verdict["fail_on"]), allow_partial=bool(verdict.get("allow_partial", False))
        )
    outcome = Verdict(
        int(verdict["exit_code"]),
        tuple(verdict["reasons"]),
        tuple(verdict["blocking"]),
        str(verdict.get("partial_coverage", "")),
    )
    return result, outcome, policy
