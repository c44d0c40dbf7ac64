"""gatekeeper.policy.baseline: accepted findings by fingerprint with counts; moved, duplicated and fixed code."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from gatekeeper.errors import GatekeeperError
from gatekeeper.policy import baseline
from gatekeeper.policy.state import SUPPRESSION, suppression_of
from tests.policy.helpers import fingerprinted, make

VULN = 'subprocess.check_output("tar %s" % month, shell=True)'


def write(root: Path, name: str, *lines: str) -> None:
    (root / name).write_text("\n".join(lines) + "\n")


def findings_at(root: Path, name: str, *line_numbers: int):  # type: ignore[no-untyped-def]
    return fingerprinted(root, *(make(path=name, line=n) for n in line_numbers))


def saved(tmp_path: Path, findings) -> baseline.Baseline:  # type: ignore[no-untyped-def]
    path = tmp_path / "baseline.json"
    path.write_text(baseline.create(findings, "2026-06-01T00:00:00Z", "0.1.0", "."))
    return baseline.load(path, "baseline.json")


def test_create_records_what_nothing_else_accepts_and_loads_back(tmp_path: Path) -> None:
    write(tmp_path, "app.py", "import subprocess", VULN, "x = 1", VULN.replace("tar", "zip"))
    open_finding, waived = findings_at(tmp_path, "app.py", 2, 4)
    waived = replace(waived, properties=((SUPPRESSION, {"kind": "waiver", "justification": "x"}),))
    text = baseline.create([waived, open_finding], "2026-06-01T00:00:00Z", "0.1.0", ".")
    data = json.loads(text)
    assert data["format"] == "gatekeeper-baseline" and data["version"] == 1
    assert [e["fingerprint"] for e in data["findings"]] == [open_finding.fingerprint]
    assert data["findings"][0] == {
        "fingerprint": open_finding.fingerprint,
        "rule_id": "python-command-injection",
        "path": "app.py",
        "line": 2,
        "severity": "high",
    }
    loaded = saved(tmp_path, [open_finding])
    assert loaded.created_at == "2026-06-01T00:00:00Z" and len(loaded.entries) == 1


def test_findings_in_the_baseline_are_accepted_and_new_ones_are_not(tmp_path: Path) -> None:
    write(tmp_path, "app.py", VULN, "ok()")
    recorded = saved(tmp_path, findings_at(tmp_path, "app.py", 1))
    write(tmp_path, "app.py", VULN, VULN.replace("tar", "cpio"))
    marked, summary = baseline.apply(findings_at(tmp_path, "app.py", 1, 2), recorded)
    assert suppression_of(marked[0]) == {
        "kind": "baseline",
        "justification": "recorded in the baseline baseline.json",
        "baseline": "baseline.json",
    }
    assert suppression_of(marked[1]) is None
    assert (summary.recorded, summary.matched, summary.new, summary.fixed) == (1, 1, 1, ())


def test_moved_code_keeps_its_baseline_entry(tmp_path: Path) -> None:
    write(tmp_path, "app.py", "import subprocess", VULN)
    recorded = saved(tmp_path, findings_at(tmp_path, "app.py", 2))
    # Ten lines inserted above it, and re-indented into a function: same finding, new line number.
    write(tmp_path, "app.py", "import subprocess", *["# padding"] * 10, "def f():", "    " + VULN)
    (moved,) = findings_at(tmp_path, "app.py", 13)
    marked, summary = baseline.apply([moved], recorded)
    assert suppression_of(marked[0]) is not None
    assert (summary.matched, summary.new, summary.fixed) == (1, 0, ())


def test_an_old_finding_cannot_hide_a_new_identical_one(tmp_path: Path) -> None:
    write(tmp_path, "app.py", VULN)
    recorded = saved(tmp_path, findings_at(tmp_path, "app.py", 1))
    # The same line copied further down the same file: same hash, so the count decides.
    write(tmp_path, "app.py", VULN, "x = 1", VULN)
    first, copy = findings_at(tmp_path, "app.py", 1, 3)
    assert first.fingerprint.split(":")[0] == copy.fingerprint.split(":")[0]
    marked, summary = baseline.apply([first, copy], recorded)
    assert [suppression_of(f) is not None for f in marked] == [True, False]
    assert (summary.matched, summary.new) == (1, 1)
    # ...and copied into another file: a different hash altogether.
    write(tmp_path, "other.py", VULN)
    (elsewhere,) = findings_at(tmp_path, "other.py", 1)
    marked, summary = baseline.apply([first, elsewhere], recorded)
    assert [suppression_of(f) is not None for f in marked] == [True, False]


def test_fixed_findings_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "app.py", VULN, VULN)
    recorded = saved(tmp_path, findings_at(tmp_path, "app.py", 1, 2))
    write(tmp_path, "app.py", VULN, "fixed()")
    marked, summary = baseline.apply(findings_at(tmp_path, "app.py", 1), recorded)
    assert (summary.recorded, summary.matched, summary.new) == (2, 1, 0)
    (fixed,) = summary.fixed
    assert (fixed.path, fixed.line, fixed.rule_id) == ("app.py", 2, "python-command-injection")
    assert fixed.fingerprint.endswith(":1")


def test_findings_nothing_else_accepts_claim_the_recorded_slots_first(tmp_path: Path) -> None:
    write(tmp_path, "app.py", VULN, VULN)
    first, second = findings_at(tmp_path, "app.py", 1, 2)
    # Recorded when the first was accepted inline: only the second went into the baseline.
    inline = {"kind": "inline", "form": "nosec", "line": 1, "justification": "x"}
    first = replace(first, properties=((SUPPRESSION, inline),))
    recorded = saved(tmp_path, [first, second])
    assert len(recorded.entries) == 1
    marked, summary = baseline.apply([first, second], recorded)
    assert [suppression_of(f)["kind"] for f in marked] == ["inline", "baseline"]  # type: ignore[index]
    assert (summary.new, summary.fixed) == (1, ())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "b.json: baseline file not found (create one with 'gatekeeper baseline create')"),
        ("{not json", "b.json:1: baseline is not JSON: "),
        ('{"findings": []}', 'b.json: not a gatekeeper baseline (no "format": "gatekeeper-baseline")'),
        (
            '{"format": "gatekeeper-baseline", "version": 9, "findings": []}',
            "b.json: baseline version 9 is not readable",
        ),
        (
            '{"format": "gatekeeper-baseline", "version": 1, "findings": [{"fingerprint": "x"}]}',
            "b.json: malformed baseline entry: 'x' is not a fingerprint",
        ),
        (
            '{"format": "gatekeeper-baseline", "version": 1, "findings": [{"fingerprint": "' + "a" * 32 + ':0"}]}',
            "b.json: malformed baseline entry: missing key 'rule_id'",
        ),
    ],
)
def test_a_broken_baseline_is_an_error_never_an_empty_one(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(GatekeeperError) as raised:
        baseline.load(path, "b.json")
    assert str(raised.value).startswith(message)
