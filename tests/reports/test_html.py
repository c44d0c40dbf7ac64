"""The HTML control report: content, escaping, self-containment, and a real headless browser."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gatekeeper import compliance
from gatekeeper.findings import Severity
from gatekeeper.reports import html, renderer
from gatekeeper.result import WaiverState, WaiverStatus
from tests import system_tools
from tests.compliance.factory import HOSTILE, finding, judged, result, scanner

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def sample():  # type: ignore[no-untyped-def]
    findings = [
        finding(
            "python-sql-injection",
            cwe=("CWE-89",),
            severity=Severity.CRITICAL,
            line=36,
            index=1,
            message=HOSTILE,
            title="SQL injection " + HOSTILE,
            remediation="Bind parameters. " + HOSTILE,
        ),
        finding(
            "python-tls-verification-disabled",
            cwe=("CWE-295",),
            line=51,
            index=2,
            message="TLS certificate verification is turned off",
            snippet="requests.post(url, verify=False)",
        ),
        finding(
            "secrets-stripe-secret-key",
            scanner="secrets",
            cwe=("CWE-798",),
            path="settings.py",
            line=3,
            index=3,
            message="Stripe live secret key 'sk_live_abcdefghijkl' in settings",
            snippet="KEY = 'sk_live_abcdefghijkl'",
        ),
        finding("B101", scanner="bandit", cwe=("CWE-703",), severity=Severity.LOW, line=70, index=4),
    ]
    scanners = [
        scanner("bandit"),
        scanner("semgrep"),
        scanner("secrets"),
        scanner(
            "dependencies",
            provenance=(("advisory_date", "2024-02-17T07:18:27Z"), ("advisory_digest", "sha256:" + "cd" * 32)),
        ),
    ]
    return judged(result(findings, scanners))


@pytest.fixture(scope="module")
def page() -> str:
    return html.render(*sample())


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(document: str) -> Elements:
    parser = Elements()
    parser.feed(document)
    return parser


def test_registered_as_an_output_format() -> None:
    assert renderer("html") is html.render


def test_hostile_finding_text_is_escaped_not_markup(page: str) -> None:
    elements = parse(page)
    assert not [t for t, _ in elements.tags if t in ("script", "img", "iframe", "object", "embed", "form")]
    assert not any(k.startswith("on") for _, attrs in elements.tags for k in attrs)
    assert "&lt;script&gt;document.title=" in page
    assert "<script>document.title" not in page
    # The message is shown as text, in full.
    assert any("<script>document.title='pwned'</script>" in chunk for chunk in elements.text)


def test_self_contained_with_no_external_assets(page: str) -> None:
    elements = parse(page)
    assert not [t for t, _ in elements.tags if t in ("link", "script", "img", "iframe")]
    assert not any("src" in attrs for _, attrs in elements.tags)
    assert "url(" not in page and "@import" not in page
    csp = [a for t, a in elements.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")
    # Links only to references (CWE pages and the like) and to anchors within the page.
    hrefs = [a["href"] for t, a in elements.tags if t == "a" and a.get("href")]
    assert all(h.startswith("#") or h.startswith("https://") for h in hrefs), hrefs


def test_every_control_has_a_row_with_status_and_evidence(page: str) -> None:
    bundle = compliance.load()
    ids = {a.get("id") for _, a in parse(page).tags}
    for control in bundle.catalogs.controls:
        assert html.control_anchor(control.ref) in ids, control.ref
    row = page.split(f'id="{html.control_anchor("pci-dss:6.2.4")}"', 1)[1].split("</tr>", 1)[0]
    assert "failing" in row and "sast: complete" in row and "app.py:36" in row
    assert "Injection: 1 finding (1 failing)" in row
    manual = page.split(f'id="{html.control_anchor("pci-dss:12.10.1")}"', 1)[1].split("</tr>", 1)[0]
    assert "not assessed" in manual and "manual evidence" in manual


def test_summary_per_framework(page: str) -> None:
    summary = page.split('<section id="summary">', 1)[1].split("</section>", 1)[0]
    assert "PCI DSS 4.0.1" in summary and "SOC 2" in summary
    for label in ("failing", "waived", "not assessed", "passing"):
        assert label in summary
    assert "config" in summary and "not run" in summary and "terraform was not run" in summary


def test_each_finding_with_place_fix_and_controls(page: str) -> None:
    findings = page.split('<section id="findings">', 1)[1].split("</section>", 1)[0]
    assert "app.py:51" in findings and "requests.post(url, verify=False)" in findings
    assert "Fix:</b> Use bound parameters." in findings
    assert 'href="#c-pci-dss-4.2.1"' in findings
    assert "BLOCKING" in findings
    assert "none (unmapped)" in findings  # B101


def test_secret_findings_show_neither_snippet_nor_the_quoted_value(page: str) -> None:
    assert "sk_live_abcdefghijkl" not in page
    assert "Stripe live secret key &#39;[redacted]&#39; in settings" in page


def test_waivers_section_is_present_and_says_none(page: str) -> None:
    waivers = page.split('<section id="waivers">', 1)[1].split("</section>", 1)[0]
    assert "No waivers" in waivers


def test_waivers_with_owner_and_expiry_and_the_findings_they_accept() -> None:
    scan, _outcome, policy = sample()
    sqli = scan.findings[0]
    accepted = {
        "kind": "waiver",
        "id": "W-1",
        "justification": "Compensating WAF rule",
        "owner": "Jane Roe <jr@example.com>",
        "expires": "2026-03-31",
    }
    waived = replace(sqli, properties=tuple(sorted({**dict(sqli.properties), "suppression": accepted}.items())))
    state = WaiverState(
        id="W-1",
        status=WaiverStatus.ACTIVE,
        subject="rule python-sql-injection in app.py",
        kind="rule",
        match="python-sql-injection",
        paths=("app.py",),
        reason="Compensating WAF rule",
        owner="Jane Roe <jr@example.com>",
        ticket="SEC-12",
        expires="2026-03-31",
        created="2026-01-01",
        findings=(sqli.fingerprint,),
        detail="matches 1 finding",
        origin=".gatekeeper.yml:12",
    )
    expired = replace(state, id="W-2", status=WaiverStatus.EXPIRED, findings=(), detail="expired on 2025-12-31")
    scan = replace(scan, findings=(waived, *scan.findings[1:]), waivers=(state, expired))
    page = html.render(*judged(scan, policy))
    section = page.split('<section id="waivers">', 1)[1].split("</section>", 1)[0]
    assert "Jane Roe &lt;jr@example.com&gt;" in section and "2026-03-31" in section and "SEC-12" in section
    assert "expired on 2025-12-31" in section and f'href="#{html.finding_anchor(sqli)}"' in section
    card = page.split(f'id="{html.finding_anchor(sqli)}"', 1)[1].split("</article>", 1)[0]
    assert "waived (W-1)" in card and "Compensating WAF rule" in card


def test_attribution_block(page: str) -> None:
    block = page.split('<section id="attribution">', 1)[1].split("</section>", 1)[0]
    for expected in (
        "0.1.0",
        "bandit 1.0",
        "semgrep 1.0",
        "sha256:" + "ab" * 32,
        "0123456789abcdef0123456789abcdef01234567",
        "2026-01-02 03:04:09 UTC",
        "2024-02-17T07:18:27Z",
        "sha256:" + "cd" * 32,
        "fail on high",
    ):
        assert expected in block, expected


def test_printable(page: str) -> None:
    assert "@media print" in page and "@page" in page and "print-color-adjust: exact" in page


def test_deterministic(page: str) -> None:
    assert html.render(*sample()) == page


# --- in a real browser ------------------------------------------------------------------------


def chromium() -> str:
    configured = os.environ.get("GATEKEEPER_TEST_CHROMIUM")
    if configured:
        assert Path(configured).is_file(), f"GATEKEEPER_TEST_CHROMIUM={configured} does not exist"
        return configured
    return system_tools.tool(
        "chromium", "chromium-browser", install="apt-get install chromium; CI sets GATEKEEPER_TEST_CHROMIUM"
    )


def browse(tmp_path: Path, document: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
            document.as_uri(),
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )


def script_errors(stderr: str) -> list[str]:
    # Messages from the browser's own pages (chrome://), e.g. "Slow network is detected" when it runs
    # without a network (as CI does), are not about the report.
    return [
        line
        for line in stderr.splitlines()
        if ("CONSOLE" in line or "Uncaught" in line or "Refused to" in line) and "source: chrome://" not in line
    ]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory, page: str) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


@pytest.mark.slow
def test_renders_in_chromium_and_hostile_text_is_not_executed(tmp_path: Path, report_file: Path) -> None:
    proc = browse(tmp_path, report_file, "--dump-dom")
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert "<main>" in dom and 'id="c-pci-dss-6.2.4"' in dom
    # The title the hostile script would have set is untouched, and no element came from it.
    assert re.search(r"<title>Control report: payments \(FAILED\)</title>", dom)
    assert "pwned</title>" not in dom
    assert "<script" not in dom and "<img" not in dom
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    assert not script_errors(proc.stderr), script_errors(proc.stderr)


@pytest.mark.slow
def test_screenshot_and_pdf(tmp_path: Path, report_file: Path) -> None:
    png = tmp_path / "report.png"
    proc = browse(tmp_path, report_file, f"--screenshot={png}", "--window-size=1280,2000")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    pdf = tmp_path / "report.pdf"
    proc = browse(tmp_path, report_file, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert proc.returncode == 0, proc.stderr[-2000:]
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", content)) >= 3
    assert not script_errors(proc.stderr), script_errors(proc.stderr)
