"""The one sanitiser of free text in reports: control characters and workflow commands, per mode."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from gatekeeper import jsontext
from gatekeeper.reports import FORMATS, renderer, sanitise
from gatekeeper.result import WaiverState, WaiverStatus
from tests.compliance.factory import finding, judged, result, scanner

RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
HOSTILE = "a\x1b[31m\x9b31m\x07\x00\ud800 b\r\n::error file=x::y\n  ::stop-commands::t\rz ##[add-mask]v\tw"


def runner_commands(text: str) -> list[str]:
    return [line for line in re.split(r"\r\n|\r|\n", text) if line.lstrip().startswith("::") or "##[" in line]


def test_one_line_leaves_one_inert_line() -> None:
    shown = sanitise.one_line(HOSTILE)
    assert "\n" not in shown and "\r" not in shown
    assert not RAW_CONTROLS.findall(shown) and runner_commands(shown) == []
    assert shown.startswith("a\ufffd[31m\ufffd31m\ufffd\ufffd\ufffd b") and "\tw" in shown


def test_lines_keep_their_breaks_and_lose_their_commands() -> None:
    shown = sanitise.lines(HOSTILE)
    assert shown.split("\n") == [
        "a\ufffd[31m\ufffd31m\ufffd\ufffd\ufffd b",
        ":\u200b:error file=x::y",
        "  :\u200b:stop-commands::t\ufffdz #\u200b#[add-mask]v\tw",
    ]


@pytest.mark.parametrize("space", [" ", "\t", "\u00a0", "\u3000"])
def test_a_command_after_any_leading_space_is_defused(space: str) -> None:
    assert sanitise.lines(f"x\n{space}::error::y") == f"x\n{space}:\u200b:error::y"
    assert sanitise.one_line(f"{space}::error::y") == f"{space}:\u200b:error::y"


def test_controls_only_replaces_control_characters() -> None:
    assert sanitise.controls("a\r\n::b ##[c\x1bd\te") == "a\n::b ##[c\ufffdd\te"


def test_ordinary_text_is_left_alone() -> None:
    text = "SQL injection in app.py:12 (CWE-89): use a parameterised query; see https://x.example/a#b"
    assert sanitise.one_line(text) == sanitise.lines(text) == sanitise.controls(text) == text


@pytest.mark.parametrize("value", [HOSTILE, {"k\x9b": ["##[x", "\u2028\u2029\x7f", "\ud800"]}, "plain", ""])
def test_json_text_keeps_the_data_and_leaves_the_file_inert(value: object) -> None:
    written = sanitise.json_text(jsontext.dumps(value))
    assert json.loads(written) == value
    assert not RAW_CONTROLS.findall(written.replace("\n", "")) and runner_commands(written) == []
    assert "\u2028" not in written and "\u2029" not in written
    written.encode("utf-8")  # a lone surrogate, escaped, no longer stops the report being written


# --- every renderer uses it ---------------------------------------------------------------------

HOSTILE_TEXT = "pwned \x1b[2J\x9b31m\x07\r::warning::cr\n::error file=app.py,line=1::fine\n  ##[add-mask]x\u2028y"


@pytest.mark.parametrize("fmt", [name for name in FORMATS if name != "github"])
def test_every_report_format_is_inert_when_printed(fmt: str) -> None:
    """Hostile text in every field a finding, a scanner and a waiver carry: the rendered report holds
    no raw control character (but tab and LF) and no line a CI runner takes for a command.
    (`github` is commands by design, escaped as the Actions toolkit does: tests/reports/test_github.py.)"""
    hostile = finding(
        title=f"t {HOSTILE_TEXT}",
        message=f"m {HOSTILE_TEXT}",
        remediation=f"r {HOSTILE_TEXT}",
        snippet=f"s {HOSTILE_TEXT}",
        path=f"a{HOSTILE_TEXT}.py",
        references=(f"https://x.example/{HOSTILE_TEXT}",),
        properties=(("aliases", (f"GHSA-{HOSTILE_TEXT}",)),),
    )
    broken = scanner("bandit", errors=(f"bandit crashed: {HOSTILE_TEXT}",))
    state = WaiverState(
        id="w",
        status=WaiverStatus.STALE,
        subject=f"rule {HOSTILE_TEXT}",
        kind="rule",
        match="r",
        paths=(),
        reason=HOSTILE_TEXT,
        owner=HOSTILE_TEXT,
        ticket=HOSTILE_TEXT,
        expires="2099-01-01",
        created=None,
        findings=(),
        detail=HOSTILE_TEXT,
        origin=".gatekeeper.yml:3",
    )
    scan = replace(result([hostile], [broken, scanner("semgrep")]), waivers=(state,))
    text = renderer(fmt)(*judged(scan))
    assert not RAW_CONTROLS.findall(text.replace("\n", "").replace("\t", "")), sorted(set(RAW_CONTROLS.findall(text)))
    assert runner_commands(text) == [], runner_commands(text)[:3]
