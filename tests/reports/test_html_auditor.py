"""The control report for an auditor: manual-only controls collapsed, a status filter without
scripts, no style attribute under a strict CSP, and the stylesheet as a sibling file for servers
whose CSP blocks inline styles (Jenkins publishHTML)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gatekeeper.cli import cli
from gatekeeper.compliance.status import STATUS_ORDER, for_policy
from gatekeeper.config import Policy
from gatekeeper.gate import Verdict
from gatekeeper.reports import FORMATS, STDOUT_FORMATS, files, html
from gatekeeper.result import ScanResult
from tests.reports import test_html
from tests.reports.test_html import parse


def sample() -> tuple[ScanResult, Verdict, Policy]:
    return test_html.sample()  # type: ignore[no-any-return,no-untyped-call]


@pytest.fixture(scope="module")
def page() -> str:
    return html.render(*sample())


def _details(page: str) -> list[str]:
    return re.findall(r"<details class=\"manual\">.*?</details>", page, flags=re.S)


def test_manual_only_controls_are_collapsed_and_automated_ones_shown(page: str) -> None:
    scan, _verdict, policy = sample()
    assessment = for_policy(scan, policy)
    details = _details(page)
    assert len(details) == len(assessment.frameworks)
    assert all('<details class="manual">' in d and " open" not in d.split(">", 1)[0] for d in details)
    collapsed = "".join(details)
    for control in assessment.controls:
        anchor = f'id="{html.control_anchor(control.control.ref)}"'
        manual = control.control.automation == "none" and not control.findings
        assert (anchor in collapsed) == manual, control.control.ref
        assert page.count(anchor) == 1
    assert "controls with manual evidence only" in collapsed


def test_every_control_row_carries_its_status_for_the_filter(page: str) -> None:
    scan, _verdict, policy = sample()
    rows = re.findall(r'<tr class="ctl[^"]*st-([a-z_]+)" id="([^"]+)"', page)
    statuses = {anchor: status for status, anchor in rows}
    for control in for_policy(scan, policy).controls:
        assert statuses[html.control_anchor(control.control.ref)] == control.status.value


def test_the_status_filter_is_css_target_only(page: str) -> None:
    elements = parse(page)
    assert not [t for t, _ in elements.tags if t == "script"]
    before_main = page.split("</head>", 1)[1].split("<main>", 1)[0]
    css = html.stylesheet()
    for status in STATUS_ORDER:
        # The target precedes <main> (the CSS selects `:target ~ main`), a link points at it, and the
        # stylesheet shows that status's rows alone.
        assert f'<i class="filter" id="show-{status.value}"></i>' in before_main
        assert f'href="#show-{status.value}"' in page
        assert f"#show-{status.value}:target ~ main tr.st-{status.value}" in css
    assert ".filter:target ~ main tr.ctl { display: none; }" in css


def test_no_style_attribute_and_the_inline_stylesheet_is_pinned_by_its_hash(page: str) -> None:
    elements = parse(page)
    assert not [a for _, a in elements.tags if "style" in a]
    (csp,) = [
        a["content"] for t, a in elements.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp is not None and "'unsafe-inline'" not in csp
    css = page.split("<style>", 1)[1].split("</style>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    assert f"style-src 'sha256-{digest}';" in csp
    assert css == html.stylesheet()


def test_the_external_variant_links_its_sibling_stylesheet_under_style_src_self() -> None:
    external = html.render_external(*sample())
    elements = parse(external)
    assert "<style>" not in external
    assert [a["href"] for t, a in elements.tags if t == "link"] == [html.STYLESHEET]
    (csp,) = [
        a["content"] for t, a in elements.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp == "default-src 'none'; style-src 'self'; img-src data:; base-uri 'none'; form-action 'none'"
    assert not [a for _, a in elements.tags if "style" in a]


def test_html_external_writes_the_stylesheet_beside_the_report(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.html"
    written = files("html-external", target, *sample())
    assert [p for p, _ in written] == [target, tmp_path / "out" / html.STYLESHEET]
    assert written[1][1] == html.stylesheet()
    assert "html-external" in FORMATS and "html-external" not in STDOUT_FORMATS


def test_the_report_command_writes_both_files_and_refuses_it_on_stdout(tmp_path: Path) -> None:
    from gatekeeper.reports import json_report

    result_file = tmp_path / "result.json"
    result_file.write_text(json_report.render(*sample()), encoding="utf-8")
    out = CliRunner().invoke(
        cli, ["report", str(result_file), "-o", f"html-external={tmp_path / 'pub' / 'index.html'}"]
    )
    assert out.exit_code == 0, out.output
    assert (tmp_path / "pub" / html.STYLESHEET).read_text(encoding="utf-8") == html.stylesheet()
    assert f'href="{html.STYLESHEET}"' in (tmp_path / "pub" / "index.html").read_text(encoding="utf-8")
    refused = CliRunner().invoke(cli, ["report", str(result_file), "--format", "html-external"])
    assert refused.exit_code == 2 and "html-external" in refused.output
