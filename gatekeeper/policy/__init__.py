"""The policy stage: after dedup and compliance mapping, before the verdict.

    findings -> inline suppressions -> waivers -> baseline -> changed lines -> (gate)

Each step is a small module with one job; none decides the exit code (gatekeeper/gate.py does).
Suppressed findings are kept and marked (state.py), never dropped: reports list them. Only the
`--diff-base` step drops findings, those outside the changed lines, and it runs last so that
waivers and the baseline are matched against the whole scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Sequence

from gatekeeper.config import Policy
from gatekeeper.findings import Finding
from gatekeeper.policy import baseline as baselines
from gatekeeper.policy import suppressions, waivers
from gatekeeper.policy.baseline import Baseline
from gatekeeper.policy.diff import ChangedLines, keep_changed
from gatekeeper.policy.state import REFUSED, SUPPRESSION, is_suppressed, refusal_of, suppression_of
from gatekeeper.result import BaselineSummary, ChangeScope, WaiverState

__all__ = [
    "REFUSED",
    "SUPPRESSION",
    "Outcome",
    "apply",
    "is_suppressed",
    "refusal_of",
    "suppression_of",
]


@dataclass(frozen=True)
class Outcome:
    findings: tuple[Finding, ...]
    waivers: tuple[WaiverState, ...]
    baseline: BaselineSummary | None
    changes: ChangeScope | None
    outside: tuple[Finding, ...] = ()
    """`--diff-base`: the findings left out as not on changed lines (only SARIF uploads them, so
    code scanning keeps the alerts that still exist)."""


def apply(
    findings: Sequence[Finding],
    policy: Policy,
    line_of: Callable[[str, int], str],
    *,
    today: date,
    baseline: Baseline | None = None,
    changed: ChangedLines | None = None,
    scrub: Callable[[str, str], str] | None = None,
) -> Outcome:
    marked = suppressions.apply(findings, policy, line_of, scrub)
    marked, states = waivers.apply(marked, policy, today)
    summary = None
    if baseline is not None:
        marked, summary = baselines.apply(marked, baseline)
    changes = None
    outside: tuple[Finding, ...] = ()
    if changed is not None:
        kept = keep_changed(marked, changed)[0]
        outside = tuple(f for f in marked if not changed.covers(f))
        marked = kept
        changes = ChangeScope("diff", changed.base, changed.merge_base, len(changed.files), len(outside))
    return Outcome(tuple(marked), states, summary, changes, outside)
