"""The JSON report: the complete, versioned record of a scan (schema: gatekeeper/schemas/report.schema.json)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from gatekeeper.config import Policy
from gatekeeper.findings import Severity
from gatekeeper.gate import Verdict
from gatekeeper.result import ScanResult
from gatekeeper.scanners.base import ScannerResult

SCHEMA_VERSION = "1.0"


def render(result: ScanResult, verdict: Verdict, policy: Policy) -> str:
    return json.dumps(to_dict(result, verdict, policy), indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def to_dict(result: ScanResult, verdict: Verdict, policy: Policy) -> dict[str, Any]:
    meta = result.metadata
    counts = Counter(f.severity for f in result.findings)
    return {
        "schema_version": SCHEMA_VERSION,
        "scan": {
            "gatekeeper_version": meta.gatekeeper_version,
            "target": meta.target,
            "commit": meta.commit,
            "started_at": meta.started_at,
            "finished_at": meta.finished_at,
            "rule_pack_digest": meta.rule_pack_digest,
            "scanners": [_scanner(s) for s in result.scanners],
            "coverage": {
                "files": len(result.files),
                "excluded": [{"path": s.path, "reason": s.reason} for s in result.excluded],
            },
        },
        "verdict": {
            "status": verdict.status,
            "exit_code": verdict.exit_code,
            "fail_on": policy.fail_on.label,
            "reasons": list(verdict.reasons),
            "blocking": list(verdict.blocking),
        },
        "summary": {
            "total": len(result.findings),
            "by_severity": {s.label: counts.get(s, 0) for s in sorted(Severity, reverse=True)},
        },
        "findings": [f.to_dict() for f in result.findings],
    }


def _scanner(scanner: ScannerResult) -> dict[str, Any]:
    if scanner.errors:
        status = "error"
    elif scanner.skipped:
        status = "partial"
    else:
        status = "ok"
    return {
        "name": scanner.scanner,
        "version": scanner.version,
        "status": status,
        "errors": list(scanner.errors),
        "files_scanned": len(scanner.scanned),
        "scanned": list(scanner.scanned),
        "skipped": [{"path": s.path, "reason": s.reason} for s in scanner.skipped],
    }
