"""Reports cannot be turned against their readers, end to end: files whose names and contents are
hostile are scanned for real (semgrep and bandit find something in each), and every format's output
is checked with what its reader does with it: a browser's HTML parser, a GitHub-flavoured Markdown
renderer (autolinks on), an XML parser, a SARIF consumer's Markdown, a terminal, a CI runner that
reads workflow commands from any line of a step's log (`::cmd::` after leading spaces, and the
legacy `##[cmd]` anywhere in a line).

Advisory data and the policy file are hostile text too: an advisory whose summary, details and
aliases carry escape sequences, line breaks and workflow commands, and a waiver whose reason and
owner carry escape sequences, reach every format through the dependency scanner and the policy
stage. Every report file, whatever its format, then holds no control character but tab and line
feed and no line a CI runner would obey (gatekeeper/reports/sanitise.py); the JSON formats keep
the text itself, escaped.

The unit tests of each format (tests/reports) feed crafted findings to one renderer; this one
drives the scanners, the engine and the CLI, so a hostile path or line takes the real route.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from gatekeeper.reports import FORMATS
from tests.reliability.helpers import gate
from tests.reports.test_html import Elements

SCRIPT = "</script><script>alert(1)</script>"
LINK = "[click](https://evil.example/pwn)"
OSC8 = "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07"
TERMINAL = "\x1b[2J\x1b[31m\x9b31m\r\x08"
WORKFLOW = "::set-output name=verdict::passed"
LEGACY = "##[error]fake"
XML_BREAK = "]]><x/>&amp;\x0c"

HOSTILE_NAMES = [
    "<img src=x onerror=alert(1)>.py",
    "[click](https:evil.example).py",
    "javascript:alert(1).py",
    "\x1b]8;;https:evil.example\x07x\x1b]8;;\x07.py",
    "\x1b[2J\x1b[31mred.py",
    "a\n::error file=app.py,line=1::looks fine\n.py",
    "::stop-commands::pwned.py",
    "##[add-mask]x.py",
    "%0A::warning::x.py",
    "]]><x>&amp;\x0c.py",
]
HOSTILE_LINE = f"{SCRIPT} {LINK} {OSC8} {TERMINAL} {WORKFLOW} {LEGACY} {XML_BREAK} @octocat #1 www.evil.example"


ADVISORY = "PYSEC-2099-66"
RUNNER_LINE = "::error file=app.py,line=1::advisory says all is fine"
HOSTILE_ADVISORY = {
    "id": ADVISORY,
    "modified": "2024-05-02T00:00:00Z",
    "summary": f"hostile-pkg {TERMINAL} {OSC8} {LEGACY} {SCRIPT}",
    "details": f"first\n{RUNNER_LINE}\n{WORKFLOW}",
    "aliases": ["CVE-2099-6666", f"GHSA-x\n{RUNNER_LINE}", f"GHSA-y\r{LEGACY}\x85{OSC8}"],
    "affected": [
        {
            "package": {"name": "hostile-pkg", "ecosystem": "PyPI"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.1"}]}],
        }
    ],
    "database_specific": {"severity": "HIGH"},
}


def hostile_policy() -> str:
    """A waiver (of an advisory this scan does not find: it is listed, stale) whose reason and
    owner carry escape sequences; YAML's double quotes write them with `\\e`, `\\a`, `\\x9b`."""
    expires = (datetime.now(timezone.utc).date() + timedelta(days=20)).isoformat()
    return (
        "waivers:\n  - advisory: PYSEC-2099-67\n"
        '    reason: "accepted \\e[2J\\e[31m \\x9b31m ##[add-mask]x :: done"\n'
        '    owner: "sec \\e]8;;https://evil.example\\aclick\\e]8;;\\a"\n'
        f"    expires: {expires}\n"
    )


def vulnerable(line: str) -> str:
    """A command injection semgrep and bandit both report, with `line` inside the flagged line."""
    return (
        "import subprocess\n\nfrom flask import request\n\n\ndef export():\n"
        '    month = request.args.get("month")\n'
        f"    return subprocess.check_output({line!r} + month, shell=True)\n"
        f"    # {LEGACY}\n"
        f"# {WORKFLOW}\n"
    )


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("injection")
    project = base / "project"
    project.mkdir()
    for name in HOSTILE_NAMES:
        (project / name).write_text(vulnerable(HOSTILE_LINE))
    (project / "requirements.txt").write_text("hostile-pkg==1.0\n")
    (project / ".gatekeeper.yml").write_text(hostile_policy())
    advisories = base / "osv" / "hostile-pkg"
    advisories.mkdir(parents=True)
    (advisories / f"{ADVISORY}.json").write_text(json.dumps(HOSTILE_ADVISORY))
    out = base / "out"
    args = [
        "scan",
        str(project),
        "--scanner",
        "semgrep",
        "--scanner",
        "bandit",
        "--scanner",
        "dependencies",
        "--advisories",
        str(advisories.parent),
    ]
    for name in FORMATS:
        args += ["-o", f"{name}={out}/report.{name}"]
    scan = gate(*args, env={"GATEKEEPER_CACHE_DIR": str(base / "cache")})
    assert scan.returncode == 1, scan.stderr
    # Bytes as written: read_text would turn a lone CR into a line feed.
    found: dict[str, str] = {name: (out / f"report.{name}").read_bytes().decode("utf-8") for name in FORMATS}
    found["stdout"] = scan.stdout
    found["stderr"] = scan.stderr
    github = gate("report", str(out / "report.json"), "--format", "github")
    assert github.returncode == 0, github.stderr
    found["github-stdout"] = github.stdout
    # The hostile paths made it into the reports: the checks below are not vacuous.
    paths = {f["location"]["path"] for f in json.loads(found["json"])["findings"]}
    assert set(HOSTILE_NAMES) <= paths, sorted(set(HOSTILE_NAMES) - paths)
    return found


def workflow_commands(text: str) -> list[str]:
    """Lines a GitHub runner would take for a command: `::` after leading whitespace, `##[` anywhere
    (a runner, like a terminal, also starts a line at a lone CR)."""
    return [line for line in re.split(r"\r\n|\r|\n", text) if line.lstrip().startswith("::") or "##[" in line]


# --- every report file -------------------------------------------------------------------------------

PRINTABLE_FORMATS = [name for name in FORMATS if name != "github"]
"""`github` is workflow commands by design: test_github_annotations_are_ours_alone checks them."""


@pytest.mark.parametrize("name", PRINTABLE_FORMATS)
def test_no_report_file_holds_a_control_character_or_a_workflow_command(outputs: dict[str, str], name: str) -> None:
    """Whatever the format, a report printed in a CI log or a terminal (`cat report.xml`) is inert:
    no control character but tab and line feed, no line a runner takes for a command."""
    text = outputs[name]
    assert not TERMINAL_CONTROLS.findall(text), sorted(set(TERMINAL_CONTROLS.findall(text)))
    assert workflow_commands(text) == [], workflow_commands(text)[:3]


def test_the_advisory_and_the_policy_reached_the_reports(outputs: dict[str, str]) -> None:
    """The check above is not vacuous: the hostile advisory and waiver are in the reports, the JSON
    keeping their text exactly (escaped), the HTML and JUnit showing it defused."""
    report = json.loads(outputs["json"])
    (finding,) = [f for f in report["findings"] if f["rule_id"] == ADVISORY]
    assert "\x1b[2J\x1b[31m\x9b31m" in finding["title"] and f"\n{RUNNER_LINE}" in finding["message"]
    (waiver,) = report["waivers"]
    assert "\x1b[2J\x1b[31m \x9b31m ##[add-mask]x" in waiver["reason"] and "\x07" in waiver["owner"]
    defused = ":\u200b:" + RUNNER_LINE[2:]
    for name in ("html", "junit"):
        assert f"\n{defused}" in outputs[name], name
    assert "#\u200b#[add-mask]x" in outputs["html"] and "\ufffd[2J" in outputs["html"]


# --- terminals and CI logs ---------------------------------------------------------------------

TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.mark.parametrize("stream", ["stdout", "stderr", "console"])
def test_the_console_shows_no_control_codes_and_no_workflow_commands(outputs: dict[str, str], stream: str) -> None:
    text = outputs[stream]
    assert not TERMINAL_CONTROLS.findall(text), sorted(set(TERMINAL_CONTROLS.findall(text)))
    assert workflow_commands(text) == []


def test_the_console_still_names_each_hostile_file(outputs: dict[str, str]) -> None:
    """Defused, not hidden: each name is shown with its control characters replaced (U+FFFD) and a
    zero-width space inside `::` or `##[` where a runner would see a command."""
    for name in HOSTILE_NAMES:
        shown = re.sub(r"[\x00-\x1f\x7f-\x9f]", "\N{REPLACEMENT CHARACTER}", name).replace("##[", "#\u200b#[")
        shown = re.sub(r"^::", ":\u200b:", shown)
        assert shown in outputs["console"], shown


def test_github_annotations_are_ours_alone(outputs: dict[str, str]) -> None:
    commands = [line for line in outputs["github-stdout"].split("\n") if line.lstrip().startswith("::")]
    assert commands, outputs["github-stdout"]
    for line in commands:
        match = re.fullmatch(r"::(error|warning|notice)( [^:]*)?::(.*)", line)
        assert match, line
        properties = match.group(2) or ""
        # Each property is key=value, its value escaped (no raw ',' or ':' to start another property).
        assert all(re.fullmatch(r"(file|line|endLine|col|title)=[^,:]*", p) for p in properties.strip().split(",")), (
            line
        )
    assert "##[" not in outputs["github-stdout"]
    assert not TERMINAL_CONTROLS.findall(outputs["github-stdout"])


# --- HTML ----------------------------------------------------------------------------------------


def test_the_html_report_runs_no_script_and_links_nowhere(outputs: dict[str, str]) -> None:
    page = Elements()
    page.feed(outputs["html"])
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "img", "iframe", "object", "embed", "form", "x", "svg", "math", "base"}, tags
    assert not [(t, a) for t, a in page.tags if any(k.startswith("on") for k in a)]
    hrefs = [a.get("href") or "" for _, a in page.tags if "href" in a]
    assert all(h.startswith("#") or h.startswith("https://") and "evil" not in h for h in hrefs), hrefs
    # The hostile text is there, as text.
    assert any(SCRIPT in chunk for chunk in page.text)
    assert any("<img src=x onerror=alert(1)>.py" in chunk for chunk in page.text)


# --- Markdown (PR comment, job summary) ------------------------------------------------------------

GFM = MarkdownIt("gfm-like")


def test_the_markdown_summary_renders_no_link_image_or_html(outputs: dict[str, str]) -> None:
    rendered = GFM.render(outputs["markdown"])
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
        "em",
        "br",
    }, tags
    assert "evil.example" not in " ".join(re.findall(r'href="([^"]*)"', rendered))
    assert "@octocat" not in re.sub(r"<code>.*?</code>", "", outputs["markdown"])  # no mention outside code


# --- XML (JUnit) -----------------------------------------------------------------------------------


def test_the_junit_report_is_well_formed_xml_with_the_names_escaped(outputs: dict[str, str]) -> None:
    root = ET.fromstring(outputs["junit"])
    texts = " ".join([*(e.text or "" for e in root.iter()), *(v for e in root.iter() for v in e.attrib.values())])
    assert "<img src=x onerror=alert(1)>.py" in texts
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", outputs["junit"])
    schemas = os.environ.get("GATEKEEPER_TEST_SCHEMAS")
    if schemas:
        import xmlschema

        xmlschema.XMLSchema(str(Path(schemas) / "junit.xsd")).validate(outputs["junit"])


# --- SARIF and the JSON formats ----------------------------------------------------------------------


def _strings(value: Any, key: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, key)]
    return [(key, value)] if isinstance(value, str) else []


def test_sarif_text_holds_no_link_and_its_markdown_renders_inert(outputs: dict[str, str]) -> None:
    sarif = json.loads(outputs["sarif"])
    for key, text in _strings(sarif):
        if key == "markdown":
            rendered = GFM.render(text)
            assert "<img" not in rendered and "<script" not in rendered, text
            # Links are ours (CWE pages, the tools' documentation), never from a scanned file.
            assert "evil" not in " ".join(re.findall(r'href="([^"]*)"', rendered)), text
        elif key == "text":
            # SARIF viewers turn `[text](n)` in message text into links: brackets are escaped.
            assert not re.search(r"(?<!\\)\[[^\]]*(?<!\\)\]\(", text), text
    schemas = os.environ.get("GATEKEEPER_TEST_SCHEMAS")
    if schemas:
        import jsonschema

        schema = json.loads((Path(schemas) / "sarif-schema-2.1.0.json").read_text())
        jsonschema.validate(sarif, schema)


@pytest.mark.parametrize("name", ["json", "sarif", "ocsf", "oscal", "cyclonedx"])
def test_json_formats_parse_and_keep_the_hostile_text_as_data(outputs: dict[str, str], name: str) -> None:
    # OCSF is JSON Lines: one event per line.
    data = [json.loads(line) for line in outputs[name].splitlines()] if name == "ocsf" else json.loads(outputs[name])
    assert data
    # No raw control character in the file (JSON escapes them, so a `cat` of it is safe too).
    assert not TERMINAL_CONTROLS.findall(outputs[name].replace("\n", ""))
