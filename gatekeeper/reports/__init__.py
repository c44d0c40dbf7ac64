"""Output formats: each a pure function of the scan result and its verdict.

A renderer's module is imported when its format is asked for: most scans write one or two
formats, and some renderers pull in large libraries (cyclonedx, jinja2).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from gatekeeper.config import Policy
    from gatekeeper.gate import Verdict
    from gatekeeper.result import ScanResult

Renderer = Callable[["ScanResult", "Verdict", "Policy"], str]

FORMATS: dict[str, str] = {
    "console": "console:render_text",
    "json": "json_report:render",
    "cyclonedx": "cyclonedx:render",
    "sarif": "sarif:render",
    "junit": "junit:render",
    "github": "github:render",
    "html": "html:render",
    "markdown": "markdown:render",
    "oscal": "oscal:render",
    "ocsf": "ocsf:render",
}
"""Format name -> `module:function` in this package."""


def renderer(name: str) -> Renderer:
    module, _, function = FORMATS[name].partition(":")
    return getattr(import_module(f"{__name__}.{module}"), function)  # type: ignore[no-any-return]
