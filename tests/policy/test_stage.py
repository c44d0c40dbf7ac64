"""gatekeeper.policy.apply: the order of the stage's steps, and what each sees."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from gatekeeper.config import Policy, Waiver
from gatekeeper.policy import apply
from gatekeeper.policy.baseline import Baseline
from gatekeeper.policy.diff import ChangedLines
from gatekeeper.policy.state import suppression_of
from gatekeeper.result import BaselineEntry
from tests.policy.helpers import make

TODAY = date(2026, 6, 1)
WAIVER = Waiver("W-1", "why", "team", date(2026, 6, 30), rule="B602")


def lines(_path: str, _line: int) -> str:
    return "run(cmd, shell=True)  # nosec -- constant"


def test_a_waiver_is_recorded_before_an_inline_suppression_or_the_baseline() -> None:
    finding = make(rule="B602", scanners=("bandit",))
    recorded = Baseline((BaselineEntry(finding.fingerprint, "B602", "app.py", 1, "high"),), "2026-01-01", "b.json")
    outcome = apply([finding], Policy(waivers=(WAIVER,)), lines, today=TODAY, baseline=recorded)
    (marked,) = outcome.findings
    assert suppression_of(marked)["kind"] == "waiver"  # type: ignore[index]
    # The baseline entry is still accounted for (not reported fixed) though the waiver is recorded.
    assert outcome.baseline is not None and outcome.baseline.fixed == () and outcome.baseline.matched == 1


def test_waivers_and_baseline_see_the_whole_scan_before_the_diff_narrows_it() -> None:
    outside = make(rule="B602", scanners=("bandit",), path="legacy.py", line=3)
    inside = make(rule="B404", scanners=("bandit",), path="app.py", line=1)
    changed = ChangedLines("main", "0" * 40, {"app.py": frozenset({1})})
    outcome = apply([outside, inside], Policy(waivers=(WAIVER,)), lambda _p, _n: "", today=TODAY, changed=changed)
    assert [f.fingerprint for f in outcome.findings] == [inside.fingerprint]
    assert outcome.waivers[0].status == "active"  # not stale: its finding exists, outside the diff
    assert outcome.changes is not None and (outcome.changes.mode, outcome.changes.outside) == ("diff", 1)


def test_without_policy_inputs_findings_pass_through_unchanged(tmp_path: Path) -> None:
    finding = make()
    outcome = apply([finding], Policy(), lambda _p, _n: "x = 1", today=TODAY)
    assert (
        outcome.findings == (finding,)
        and outcome.waivers == ()
        and outcome.baseline is None
        and outcome.changes is None
    )
