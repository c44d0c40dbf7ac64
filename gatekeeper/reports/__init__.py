"""Output formats: each a pure function of the scan result and its verdict."""

from __future__ import annotations

from typing import Callable

from gatekeeper.config import Policy
from gatekeeper.gate import Verdict
from gatekeeper.reports import console, json_report
from gatekeeper.reports import cyclonedx
from gatekeeper.reports import github, junit, sarif
from gatekeeper.reports import html, markdown, ocsf, oscal
from gatekeeper.result import ScanResult

Renderer = Callable[[ScanResult, Verdict, Policy], str]

RENDERERS: dict[str, Renderer] = {
    "console": console.render_text,
    "json": json_report.render,
    "cyclonedx": cyclonedx.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "html": html.render,
    "markdown": markdown.render,
    "oscal": oscal.render,
    "ocsf": ocsf.render,
}
