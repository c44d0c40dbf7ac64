"""The fix model: edits narrowed to what changes, applied in order, never overlapping."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from gatekeeper.autofix import AUTOFIX, edits_of, narrow, plan
from gatekeeper.findings import Finding, Location, Severity


def fixable(path: str, start: int, end: int, text: str, **extra: object) -> Finding:
    return Finding(
        "r",
        "t",
        "m",
        Severity.HIGH,
        Location(path, 1),
        ("semgrep",),
        properties=tuple(sorted({AUTOFIX: {"start": start, "end": end, "text": text}, **extra}.items())),
    )


def test_narrow_keeps_only_the_changed_bytes() -> None:
    assert narrow(b"yaml.load(s)", b"yaml.safe_load(s)", 100) == {"start": 105, "end": 105, "text": "safe_"}
    assert narrow(b"get(u, verify=False, t=1)", b"get(u, t=1)", 0) == {"start": 7, "end": 21, "text": ""}
    # A secret elsewhere in the match is not part of the edit (nothing for a redactor to mask).
    edit = narrow(b'set_cookie("s", "sk_live_x")', b'set_cookie("s", "sk_live_x", secure=True)', 0)
    assert edit is not None and "sk_live" not in edit["text"]
    assert narrow(b"same", b"same", 0) is None


def test_plan_applies_edits_in_order_and_skips_overlaps(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("abcdefgh\n")
    findings = [
        fixable("a.py", 1, 3, "X"),  # bc -> X
        fixable("a.py", 2, 5, "Y"),  # overlaps the first: skipped
        fixable("a.py", 6, 6, "Z"),  # insert before g
        fixable("a.py", 50, 60, "W"),  # past the end (the file changed): skipped
    ]
    (change,) = plan(tmp_path, findings)
    assert change.after == "aXdefZgh\n"
    assert change.diff.splitlines()[2:] == ["@@ -1 +1 @@", "-abcdefgh", "+aXdefZgh"]


def test_accepted_findings_are_not_fixed() -> None:
    waived = fixable("a.py", 0, 1, "x", suppression={"kind": "waiver", "id": "W-1"})
    assert edits_of([waived]) == {}
    assert list(edits_of([replace(waived, properties=((AUTOFIX, {"start": 0, "end": 1, "text": "x"}),))])) == ["a.py"]
