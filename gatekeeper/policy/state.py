"""Where a finding's suppression is recorded, for every stage and report to read the same way.

A suppressed finding stays in `ScanResult.findings` (auditors see it) and carries
`properties["suppression"]`:

    {"kind": "waiver" | "inline" | "baseline", "justification": "...", ...}

- waiver:   also `id`, `owner`, `expires` (ISO date), `ticket` (when given), `origin`;
- inline:   also `form` (nosec | nosemgrep | gatekeeper) and `line` (where the comment is);
- baseline: also `baseline` (the file).

An inline suppression the policy refuses (no reason given where one is required, inside a scope
that forbids them, or all of them turned off) does not suppress: the finding carries
`properties["suppression_refused"]` = {"form", "line", "justification", "refused"} instead.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from gatekeeper.findings import Finding

SUPPRESSION = "suppression"
REFUSED = "suppression_refused"
KINDS = ("waiver", "inline", "baseline")


def suppression_of(finding: Finding) -> Mapping[str, Any] | None:
    value = dict(finding.properties).get(SUPPRESSION)
    return value if isinstance(value, Mapping) else None


def is_suppressed(finding: Finding) -> bool:
    return suppression_of(finding) is not None


def refusal_of(finding: Finding) -> Mapping[str, Any] | None:
    value = dict(finding.properties).get(REFUSED)
    return value if isinstance(value, Mapping) else None


def with_property(finding: Finding, key: str, value: Any) -> Finding:
    properties = {k: v for k, v in finding.properties if k != key}
    if value is not None:
        properties[key] = value
    return replace(finding, properties=tuple(sorted(properties.items())))
