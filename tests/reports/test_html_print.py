"""The example's control report in a real browser: it prints to under 10 A4 pages (42 before the
manual-only controls were collapsed and the print layout made compact), and neither variant's
stylesheet is refused by its Content-Security-Policy (inline: pinned by hash; html-external:
`style-src 'self'`, as Jenkins' default CSP allows)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gatekeeper.reports import html
from tests.conftest import EXAMPLE, run_cli
from tests.reports.test_html import browse, script_errors
from tests.reports.test_html_coverage import read_png

MAX_PAGES = 9
FAIL_RED = (0xB4, 0x23, 0x18)
"""--fail in the stylesheet: the FAILED verdict and the failing part of each status bar."""


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example-reports")
    proc = run_cli(
        "scan",
        str(EXAMPLE),
        "--progress",
        "off",
        "-q",
        "-o",
        f"html={out / 'inline' / 'report.html'}",
        "-o",
        f"html-external={out / 'external' / 'report.html'}",
    )
    assert proc.returncode == 1, proc.stderr
    return out


def _pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def test_the_example_report_prints_to_under_ten_pages(tmp_path: Path, reports: Path) -> None:
    pdf = tmp_path / "report.pdf"
    proc = browse(tmp_path, reports / "inline" / "report.html", f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert proc.returncode == 0, proc.stderr[-2000:]
    pages = _pages(pdf)
    assert 3 <= pages <= MAX_PAGES, pages
    # Every control still has its row (the manual-only ones collapsed, not dropped).
    page = (reports / "inline" / "report.html").read_text(encoding="utf-8")
    assert page.count('<tr class="ctl') == page.count('<tr class="ctl manual') + page.count('<tr class="ctl st-')
    assert page.count('<details class="manual">') == 3


@pytest.mark.parametrize("variant", ["inline", "external"])
def test_the_stylesheet_is_applied_not_refused(tmp_path: Path, reports: Path, variant: str) -> None:
    """Chromium logs no CSP refusal of a stylesheet, so the proof is in the pixels: a refused
    stylesheet leaves the page black on white, with no verdict red."""
    document = reports / variant / "report.html"
    if variant == "external":
        assert (reports / variant / html.STYLESHEET).read_text(encoding="utf-8") == html.stylesheet()
    png = tmp_path / "shot.png"
    shot = browse(tmp_path, document, f"--screenshot={png}", "--window-size=1000,700")
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert not script_errors(shot.stderr), script_errors(shot.stderr)
    _width, _height, rows = read_png(png.read_bytes())
    red = sum(1 for row in rows for pixel in row if pixel[:3] == FAIL_RED)
    assert red > 300, f"{variant}: {red} pixels of the stylesheet's red: its CSS was not applied"
