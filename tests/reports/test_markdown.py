"""The Markdown summary (GitHub job summary / PR comment): content, size, and inert finding text."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from gatekeeper.findings import Severity
from gatekeeper.reports import markdown, renderer
from tests.compliance.factory import HOSTILE, finding, judged, result, scanner

# GitHub-flavoured: tables, strikethrough, raw HTML passed through, bare URLs autolinked.
GFM = MarkdownIt("gfm-like")

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href='https://evil.example'>click</a>",
    "[click](https://evil.example/x)",
    "![pixel](https://evil.example/p.png)",
    "https://evil.example/bare",
    "www.evil.example",
    "mail me: victim@evil.example",
    "<https://evil.example/autolink>",
    "[ref][1]\n\n[1]: https://evil.example",
    "javascript:alert(1)",
    "`code` **bold** | pipe | cell",
    "@octocat and #123",
    "line\nbreak\r\nand\u2028more",
]


def render(*findings, **kwargs) -> str:  # type: ignore[no-untyped-def]
    return markdown.render(*judged(result(findings, **kwargs)))


def html_of(md: str) -> str:
    return GFM.render(md)


def test_registered_as_an_output_format() -> None:
    assert renderer("markdown") is markdown.render


@pytest.mark.parametrize("attack", ATTACKS)
def test_crafted_finding_text_cannot_inject_links_or_html(attack: str) -> None:
    md = render(
        finding(
            title=attack,
            message=attack,
            remediation=attack,
            path=f"src/{attack[:20]}.py",
            rule_id=f"rule-{attack[:10]}",
            index=1,
        ),
    )
    rendered = html_of(md)
    # The only tags are ours: headings, paragraphs, lists, tables, code, emphasis, details.
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", rendered))
    assert tags <= {
        "h2",
        "h3",
        "p",
        "ul",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "code",
        "strong",
        "details",
        "summary",
        "sub",
    }, tags
    assert "<a " not in rendered and "<img" not in rendered and "<script" not in rendered
    # The table survives: a pipe in finding text does not add cells.
    rows = [line for line in md.splitlines() if line.startswith("| high |")]
    assert rows and all(line.count(" | ") == 3 for line in rows), rows


def test_hostile_text_still_reads_as_itself() -> None:
    md = render(finding(message=HOSTILE, index=1))
    text = re.sub(r"<[^>]+>", "", html_of(md)).replace("\u200b", "")
    text = (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace("&quot;", '"')
        .replace("&#39;", "'")
    )
    assert "<script>document.title='pwned'</script>" in text
    assert "[click](https://evil.example/x)" in text


def test_summary_content() -> None:
    md = render(
        finding("python-sql-injection", severity=Severity.CRITICAL, line=36, index=1),
        finding("python-tls-verification-disabled", cwe=("CWE-295",), line=51, index=2),
        finding("B101", scanner="bandit", cwe=("CWE-703",), severity=Severity.LOW, line=70, index=3),
        scanners=[scanner(n) for n in ("bandit", "semgrep", "dependencies", "secrets")],
    )
    assert md.startswith("## gatekeeper: **FAILED**")
    assert "| PCI DSS 4.0.1 |" in md.replace("\\", "") or "| PCI DSS 4\\.0\\.1 |" in md
    rendered = html_of(md)
    assert "<table>" in rendered and "Failing controls" in md
    assert "PCI DSS 4\\.2\\.1" in md and "PCI DSS 6\\.2\\.4" in md
    assert "`app.py:36`" in md and "`python-sql-injection`" in md
    assert "**Fix:** Use bound parameters\\." in md
    assert "Evidence gaps" in md and "terraform was not run" in md
    assert "1 more finding(s) below high" in md
    assert "gatekeeper 0\\.1\\.0" in md and "bandit bandit 1\\.0" in md


def test_a_passing_scan_says_so_briefly() -> None:
    md = render()
    assert md.startswith("## gatekeeper: **PASSED**")
    assert "Blocking findings" not in md and "Failing controls" not in md


def test_fits_a_pull_request_comment_however_many_findings() -> None:
    many = [finding(line=n, index=n, message="x" * 2000, remediation="y" * 2000) for n in range(1, 600)]
    md = render(*many)
    assert len(md) < 65_536
    assert f"and {599 - markdown.MAX_FINDINGS} more" in md


def test_code_spans_survive_backticks_and_pipes() -> None:
    assert markdown.code("a`b|c") == "``a`b\\|c``"
    assert markdown.code("`x`") == "`` `x` ``"
    table = html_of("| head | other |\n|---|---|\n| " + markdown.code("a|b") + " | x |\n")
    assert table.count("<td>") == 2 and "<code>a|b</code>" in table


def test_waivers_and_accepted_findings_are_summarised() -> None:
    from dataclasses import replace

    from gatekeeper.result import WaiverState, WaiverStatus

    sqli = finding(index=1, properties=(("suppression", {"kind": "waiver", "id": "W-1", "owner": "sec"}),))
    scan = result([sqli, finding("python-tls-verification-disabled", cwe=("CWE-295",), line=51, index=2)])
    state = WaiverState(
        id="W-1",
        status=WaiverStatus.ACTIVE,
        subject="rule python-sql-injection",
        kind="rule",
        match="python-sql-injection",
        paths=(),
        reason="WAF",
        owner="sec",
        ticket=None,
        expires="2026-03-31",
        created=None,
        findings=(scan.findings[0].fingerprint,),
        detail="matches 1 finding",
        origin=".gatekeeper.yml:3",
    )
    lapsed = replace(state, id="W-2", status=WaiverStatus.EXPIRED, detail="expired on 2025-12-31 <b>x</b>", findings=())
    md = markdown.render(*judged(replace(scan, waivers=(state, lapsed))))
    assert "**Waivers:** 1 active, 1 expired" in md
    assert "`W-2` expired: expired on 2025\\-12\\-31 &lt;b&gt;x&lt;/b&gt;" in md
    assert "1 finding(s) accepted by the policy" in md
