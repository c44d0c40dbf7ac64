"""Output formats: each a pure function of the scan result and its verdict.

A renderer's module is imported when its format is asked for: most scans write one or two
formats, and some renderers pull in large libraries (cyclonedx, jinja2).
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
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
    "html-external": "html:render_external",
    "markdown": "markdown:render",
    "oscal": "oscal:render",
    "ocsf": "ocsf:render",
}
"""Format name -> `module:function` in this package."""

SIBLINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "html-external": (("gatekeeper-report.css", "html:stylesheet"),),
}
"""Formats that are more than one file: (file name beside the report, `module:function` of its
content). Written with the report by `-o`; such a format cannot go to standard output alone."""
STDOUT_FORMATS = tuple(name for name in FORMATS if name not in SIBLINGS)


def renderer(name: str) -> Renderer:
    module, _, function = FORMATS[name].partition(":")
    return getattr(import_module(f"{__name__}.{module}"), function)  # type: ignore[no-any-return]


def files(name: str, path: Path, result: ScanResult, verdict: Verdict, policy: Policy) -> list[tuple[Path, str]]:
    """What `-o name=path` writes: the report, then the files it links beside it."""
    written = [(path, renderer(name)(result, verdict, policy))]
    for sibling, target in SIBLINGS.get(name, ()):
        module, _, function = target.partition(":")
        written.append((path.parent / sibling, getattr(import_module(f"{__name__}.{module}"), function)()))
    return written
