"""The policy a scan is judged against."""

from __future__ import annotations

from dataclasses import dataclass

from gatekeeper.findings import Severity


@dataclass(frozen=True)
class Policy:
    fail_on: Severity = Severity.HIGH
    """Findings at or above this severity fail the gate."""
    allow_partial: bool = False
    """Let a scan with scanner errors or lost coverage be judged by its findings instead of exit 2."""
