"""What the engine tells a watcher while it runs: the plan, then each scanner's start and finish.

Events, not text: the CLI draws them as a live table on a terminal and as plain lines in a CI log
(gatekeeper/commands/progress.py). The engine never formats and never waits on its watcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Callable


class Stage(str, Enum):
    PLANNED = "planned"
    """The scan is about to start: `files` in scope, `scanners` chosen."""
    RUNNING = "running"
    """`scanner` started on `files` files."""
    FINISHED = "finished"
    """`scanner` finished with `findings` findings (`failed`: with errors)."""
    REUSED = "reused"
    """`scanner` did not run: nothing it reads changed, its cached result is reused."""


@dataclass(frozen=True)
class Event:
    stage: Stage
    scanner: str = ""
    files: int = 0
    findings: int = 0
    failed: bool = False
    scanners: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The event as one plain line (a CI log, a status bar)."""
        files = f"{self.files} file{'s' if self.files != 1 else ''}"
        if self.stage is Stage.PLANNED:
            return f"scanning {files} with {', '.join(self.scanners)}"
        if self.stage is Stage.RUNNING:
            return f"{self.scanner}: running on {files}"
        if self.stage is Stage.REUSED:
            return f"{self.scanner}: unchanged, results reused"
        return f"{self.scanner}: finished, {self.findings} findings" + (" (errors)" if self.failed else "")


Progress = Callable[[Event], None]
