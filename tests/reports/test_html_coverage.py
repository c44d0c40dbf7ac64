"""The control report shows its scope at a glance: what nothing analysed, above every status."""

from __future__ import annotations

import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.e2e.test_coverage_cli import polyglot
from tests.reports.test_html import browse

AMBER = (0xFF, 0xF3, 0xD4)
"""The "Not covered" card's background (control-report.css: --waive-bg)."""


@pytest.mark.slow
def test_the_report_states_its_scope_before_any_status(tmp_path: Path) -> None:
    html = scan_to_html(polyglot(tmp_path / "tree"), tmp_path)
    sections = _SectionIds()
    sections.feed(html.read_text(encoding="utf-8"))
    assert sections.ids[:2] == ["scope", "summary"]
    text = html.read_text(encoding="utf-8")
    for line in (
        "1 JavaScript/TypeScript file",  # analysed now, by the bundled javascript pack
        "1 C# file",
        "billing/Invoice.cs",
        "Partial coverage: 1 C# file, 1 Ruby file",
    ):
        assert line in text
    assert '<div class="not_applicable"><span class="n">' in text


@pytest.mark.slow
def test_a_screenshot_shows_what_was_not_covered_in_the_first_screenful(tmp_path: Path) -> None:
    html = scan_to_html(polyglot(tmp_path / "tree"), tmp_path)
    png = tmp_path / "top.png"
    proc = browse(tmp_path, html, f"--screenshot={png}", "--window-size=1280,900", "--hide-scrollbars")
    assert proc.returncode == 0, proc.stderr[-2000:]
    width, height, pixels = read_png(png.read_bytes())
    amber = sum(1 for row in pixels for pixel in row if pixel[:3] == AMBER)
    # The card is hundreds of pixels wide and tall: a few stray pixels would not be it.
    assert amber > 0.05 * width * height, f"{amber} amber pixels of {width * height}"

    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "util.py").write_text("def add(a, b):\n    return a + b\n")
    png_clean = tmp_path / "clean.png"
    proc = browse(tmp_path, scan_to_html(clean, tmp_path / "c"), f"--screenshot={png_clean}", "--window-size=1280,900")
    assert proc.returncode == 0, proc.stderr[-2000:]
    _, _, clean_pixels = read_png(png_clean.read_bytes())
    # With everything covered only the small "waived" count boxes share the colour.
    assert sum(1 for row in clean_pixels for pixel in row if pixel[:3] == AMBER) < 0.02 * width * height


def scan_to_html(tree: Path, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    html = out / "report.html"
    proc = run_cli("scan", str(tree), "--no-cache", "--quiet", "-o", f"html={html}")
    assert proc.returncode == 0, proc.stderr
    return html


class _SectionIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.ids.append(dict(attrs).get("id") or "")


def read_png(data: bytes) -> tuple[int, int, list[list[tuple[int, ...]]]]:
    """An 8-bit, non-interlaced RGB(A) PNG as rows of pixels (what headless Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks, header = 8, [], b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        header = body if kind == b"IHDR" else header
        if kind == b"IDAT":
            chunks.append(body)
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 4 if colour == 6 else 3
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows: list[list[tuple[int, ...]]] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + predictor) & 0xFF
        rows.append([tuple(line[x : x + channels]) for x in range(0, stride, channels)])
        previous = line
    return width, height, rows
