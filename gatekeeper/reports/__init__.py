"""Output formats: each a pure function of the scan result and its verdict."""

from __future__ import annotations

from typing import Callable

from gatekeeper.config import Policy
from gatekeeper.gate import Verdict
from gatekeeper.reports import console, json_report
from gatekeeper.result import ScanResult

Renderer = Callable[[ScanResult, Verdict, Policy], str]

RENDERERS: dict[str, Renderer] = {
    "console": console.render_text,
    "json": json_report.render,
}
