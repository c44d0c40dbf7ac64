"""The scan's progress on stderr: a live table of the scanners on a terminal, plain lines in a CI
log, nothing when stdout is a machine-readable report and stderr is not a terminal.

`--progress auto` (the default) picks: `rich` when stderr is a terminal; else `plain` when the
console report is printed (a CI log reads the scan as it goes); else `off` (`--format json` piped
into a file or another program: stderr carries errors only).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Callable, Iterator

import click
from rich.console import Console
from rich.progress import Progress as RichProgress
from rich.progress import SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from gatekeeper.progress import Event, Progress, Stage
from gatekeeper.reports.sanitise import one_line

MODES = ("auto", "rich", "plain", "off")


def choose(mode: str, terminal: bool, console_report: bool, quiet: bool) -> str:
    """The display `--progress MODE` means here (never `auto`)."""
    if mode != "auto":
        return mode
    if quiet:
        return "off"
    if terminal:
        return "rich"
    return "plain" if console_report else "off"


@contextmanager
def display(mode: str, console: Console) -> Iterator[Progress | None]:
    """A watcher for `engine.run(progress=...)` drawing on `console` (stderr), or None for `off`."""
    if mode == "off":
        yield None
    elif mode == "plain":
        yield _plain(lambda line: click.echo(line, err=True), time.monotonic)
    else:
        with _Table(console) as table:
            yield table.update


def _plain(echo: Callable[[str], None], clock: Callable[[], float]) -> Progress:
    """One line per event, prefixed so no line of a scanned file's name reads as a CI command."""
    started: dict[str, float] = {}
    muted: list[bool] = []

    def update(event: Event) -> None:
        if event.stage is Stage.PLANNED and not event.files:
            # Nothing in scope: the scan ends in its one error line, which says why; no noise before it.
            muted.append(True)
        if muted:
            return
        line = event.text
        if event.stage is Stage.RUNNING:
            started[event.scanner] = clock()
        elif event.stage is Stage.FINISHED and event.scanner in started:
            line += f" in {clock() - started[event.scanner]:.1f}s"
        echo(f"gatekeeper: {one_line(line)}")

    return update


class _Table:
    """One row per scanner: its state (queued, running, finished, reused), its files and findings.
    rich refreshes it from its own thread; scanners report from theirs (rich's tasks are locked)."""

    def __init__(self, console: Console) -> None:
        self._progress = RichProgress(
            SpinnerColumn(finished_text="✓"),
            TextColumn("[bold]{task.description:<14}"),
            TextColumn("{task.fields[state]:<9}"),
            TextColumn("{task.fields[files]:>6} files"),
            TextColumn("{task.fields[detail]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> _Table:
        self._progress.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._progress.stop()

    def update(self, event: Event) -> None:
        if event.stage is Stage.PLANNED:
            for name in event.scanners:
                self._tasks[name] = self._progress.add_task(
                    name, total=1, start=False, state="queued", files="", detail=""
                )
            return
        task = self._tasks.get(event.scanner)
        if task is None:
            return
        if event.stage is Stage.RUNNING:
            self._progress.start_task(task)
            self._progress.update(task, state="running", files=event.files)
        elif event.stage is Stage.REUSED:
            self._progress.update(task, completed=1, state="reused", files=event.files, detail="unchanged")
        else:
            detail = "errors" if event.failed else f"{event.findings} findings"
            self._progress.update(task, completed=1, state="failed" if event.failed else "finished", detail=detail)
