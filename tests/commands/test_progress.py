"""The progress display: which one `--progress auto` picks, and what each draws."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from gatekeeper.commands import progress
from gatekeeper.progress import Event, Stage


@pytest.mark.parametrize(
    ("mode", "terminal", "console_report", "quiet", "chosen"),
    [
        ("auto", True, True, False, "rich"),
        ("auto", True, False, False, "rich"),
        ("auto", False, True, False, "plain"),  # a CI log of the console report
        ("auto", False, False, False, "off"),  # --format json into a file: stderr is for errors
        ("auto", True, True, True, "off"),  # --quiet
        ("plain", True, False, True, "plain"),  # asked for: given
        ("off", True, True, False, "off"),
    ],
)
def test_auto_picks_by_terminal_and_report(
    mode: str, terminal: bool, console_report: bool, quiet: bool, chosen: str
) -> None:
    assert progress.choose(mode, terminal, console_report, quiet) == chosen


def test_plain_lines_say_start_and_finish_with_the_time_taken() -> None:
    lines: list[str] = []
    ticks = iter([10.0, 12.5])
    update = progress._plain(lines.append, lambda: next(ticks))
    update(Event(Stage.PLANNED, files=3, scanners=("semgrep",)))
    update(Event(Stage.RUNNING, "semgrep", files=3))
    update(Event(Stage.FINISHED, "semgrep", files=3, findings=2))
    assert lines == [
        "gatekeeper: scanning 3 files with semgrep",
        "gatekeeper: semgrep: running on 3 files",
        "gatekeeper: semgrep: finished, 2 findings in 2.5s",
    ]


def test_plain_lines_are_silent_when_nothing_is_in_scope() -> None:
    lines: list[str] = []
    update = progress._plain(lines.append, lambda: 0.0)
    update(Event(Stage.PLANNED, files=0, scanners=("semgrep",)))
    update(Event(Stage.RUNNING, "semgrep", files=0))
    update(Event(Stage.FINISHED, "semgrep"))
    assert lines == []


def test_plain_lines_cannot_be_ci_commands() -> None:
    lines: list[str] = []
    progress._plain(lines.append, lambda: 0.0)(Event(Stage.RUNNING, "::error::x\n::stop", files=1))
    assert len(lines) == 1 and lines[0].startswith("gatekeeper: ") and "\n" not in lines[0]


def test_rich_table_shows_each_scanners_state_and_files() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100, color_system=None)
    with progress.display("rich", console) as update:
        assert update is not None
        update(Event(Stage.PLANNED, files=5, scanners=("semgrep", "bandit", "secrets")))
        update(Event(Stage.RUNNING, "semgrep", files=4))
        update(Event(Stage.RUNNING, "bandit", files=2))
        update(Event(Stage.FINISHED, "bandit", files=2, findings=7))
        update(Event(Stage.REUSED, "secrets", files=5))
    final = buffer.getvalue().split("\x1b[2K")[-4:]  # rich's last redraw: one row per scanner
    text = "".join(final)
    assert "semgrep" in text and "running" in text and "4 files" in text
    assert "bandit" in text and "finished" in text and "7 findings" in text
    assert "secrets" in text and "reused" in text
    assert text.index("semgrep") < text.index("bandit") < text.index("secrets")


def test_off_gives_no_watcher() -> None:
    with progress.display("off", Console(file=io.StringIO())) as update:
        assert update is None
