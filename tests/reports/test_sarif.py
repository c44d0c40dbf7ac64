from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from markdown_it import MarkdownIt

from gatekeeper.config import Policy
from gatekeeper.findings import Finding, Location, Severity
from gatekeeper.gate import verdict
from gatekeeper.reports import renderer, sarif, sarif_limits
from gatekeeper.result import BaselineSummary, ScanMetadata, ScanResult
from gatekeeper.scanners.base import ScannerResult, SkippedFile
from tests.conftest import run_cli

META = ScanMetadata("0.1.0", ".", "a" * 40, "2026-01-01T00:00:00Z", "2026-01-01T00:00:02Z", "sha256:" + "0" * 64)
HOSTILE = (
    "Bad [click](javascript:alert(1)) <img src=x onerror=alert(1)> &amp; **bold** `code` "
    "https://evil.example www.evil.example user@evil.example\n# heading\n\x1b[31mred\x00 \ud800"
)


def finding(
    rule: str = "python-sql-injection",
    severity: Severity = Severity.HIGH,
    path: str = "app.py",
    line: int = 3,
    index: int = 0,
    **extra: object,
) -> Finding:
    defaults: dict[str, object] = {
        "title": "SQL injection",
        "message": "Query built from request data",
        "cwe": ("CWE-89: Improper Neutralization of Special Elements used in an SQL Command",),
        "controls": ("pci-dss:6.2.4", "soc2:CC7.1"),
        "remediation": "Use query parameters.",
        "references": ("https://cwe.mitre.org/data/definitions/89.html",),
        "fingerprint": f"{index:032x}:0",
    }
    defaults.update(extra)
    return Finding(
        rule,
        message=defaults.pop("message"),
        title=defaults.pop("title"),
        severity=severity,
        location=Location(path, line, 5, line, 20),
        scanners=("semgrep",),
        **defaults,
    )  # type: ignore[arg-type]


def scan(*findings: Finding, scanners: tuple[ScannerResult, ...] | None = None, target: str = ".") -> ScanResult:
    return ScanResult(
        replace(META, target=target),
        tuple(sorted(findings, key=lambda f: f.sort_key)),
        scanners if scanners is not None else (ScannerResult("semgrep", "1.182.0"), ScannerResult("bandit", "1.9.4")),
        tuple(sorted({f.location.path for f in findings})),
        (),
    )


def to_sarif(result: ScanResult, policy: Policy = Policy(), **kwargs: object) -> dict:
    return sarif.to_sarif(result, verdict(result, policy), policy, **kwargs)  # type: ignore[arg-type]


def run_of(doc: dict, tool: str = "semgrep") -> dict:
    """The run of one scanner (each has its own, sarif_limits.py)."""
    assert doc["version"] == "2.1.0"
    (run,) = [r for r in doc["runs"] if r["automationDetails"]["id"].endswith(f"/{tool}/")]
    return run


def test_registered_and_renders_json() -> None:
    result = scan(finding())
    text = renderer("sarif")(result, verdict(result, Policy()), Policy())
    assert json.loads(text) == to_sarif(result)


def test_rules_are_stable_and_carry_what_code_scanning_needs() -> None:
    result = scan(
        finding(index=1),
        finding(
            "B602",
            Severity.CRITICAL,
            path="b.py",
            index=2,
            title="subprocess shell",
            cwe=("CWE-78",),
            controls=("pci-dss:6.2.4",),
        ),
        finding(index=3, line=9),
    )
    run = run_of(to_sarif(result))
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["B602", "python-sql-injection"]
    sql = rules[1]
    assert sql["name"] == "SQLInjection"
    assert sql["shortDescription"]["text"] == "SQL injection"
    assert sql["fullDescription"]["text"] == "Query built from request data"
    assert "Use query parameters" in sql["help"]["text"] and "Use query parameters" in sql["help"]["markdown"]
    assert sql["properties"]["tags"] == ["security", "external/cwe/cwe-89", "pci-dss:6.2.4", "soc2:CC7.1"]
    assert sql["properties"]["security-severity"] == "8.0"
    assert rules[0]["properties"]["security-severity"] == "9.5"
    assert rules[0]["defaultConfiguration"]["level"] == "error"
    assert sql["helpUri"] == "https://cwe.mitre.org/data/definitions/89.html"
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    # The same scan renders byte for byte the same.
    assert json.dumps(to_sarif(result)) == json.dumps(to_sarif(result))


@pytest.mark.parametrize("severity", list(Severity))
def test_security_severity_is_a_score_string_github_accepts(severity: Severity) -> None:
    rule = run_of(to_sarif(scan(finding(severity=severity))))["tool"]["driver"]["rules"][0]
    score = rule["properties"]["security-severity"]
    assert isinstance(score, str) and 0.0 <= float(score) <= 10.0
    bands = {
        Severity.CRITICAL: (9.0, 10.0),
        Severity.HIGH: (7.0, 8.9),
        Severity.MEDIUM: (4.0, 6.9),
        Severity.LOW: (0.1, 3.9),
        Severity.INFO: (0.0, 0.0),
    }
    low, high = bands[severity]
    assert low <= float(score) <= high


def test_results_have_fingerprint_srcroot_uri_and_region() -> None:
    run = run_of(to_sarif(scan(finding(path="src/app.py", index=7))))
    (res,) = run["results"]
    assert res["partialFingerprints"] == {"gatekeeper/v1": f"{7:032x}:0"}
    physical = res["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "src/app.py", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 20}
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    assert res["level"] == "error"
    assert "snippet" not in json.dumps(res)


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("dir with space/100%.py", "dir%20with%20space/100%25.py"),
        ("a#b?c.py", "a%23b%3Fc.py"),
        ("c:evil.py", "c%3Aevil.py"),
        ("new\nline.py", "new%0Aline.py"),
        ("caf\u00e9.py", "caf%C3%A9.py"),
        ("bad\udcff.py", "bad%FF.py"),
    ],
)
def test_uris_are_percent_encoded(path: str, uri: str) -> None:
    (res,) = run_of(to_sarif(scan(finding(path=path))))["results"]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri


def test_absolute_path_becomes_a_file_uri() -> None:
    assert sarif.artifact_uri("/srv/app.py") == {"uri": "file:///srv/app.py"}


@pytest.mark.parametrize(
    ("target", "category"),
    [
        (".", "gatekeeper/"),
        ("", "gatekeeper/"),
        ("services/api", "gatekeeper/services/api/"),
        ("./services/api/", "gatekeeper/services/api/"),
        ("a.py b.py", "gatekeeper/a.py,b.py/"),
    ],
)
def test_automation_details_id_is_the_category(target: str, category: str) -> None:
    runs = to_sarif(scan(finding(), target=target))["runs"]
    assert [r["automationDetails"]["id"] for r in runs] == [f"{category}bandit/", f"{category}semgrep/"]


def test_waived_and_suppressed_findings_carry_suppressions() -> None:
    waived = finding(
        index=1,
        properties=(
            (
                "suppression",
                {"kind": "waiver", "justification": "Compensating WAF rule, JIRA-12", "expires": "2027-01-01"},
            ),
        ),
    )
    inline = finding(
        index=2, line=8, properties=(("suppression", {"kind": "inline", "justification": "test fixture"}),)
    )
    plain = finding(index=3, line=12)
    results = run_of(to_sarif(scan(waived, inline, plain)))["results"]
    by_line = {r["locations"][0]["physicalLocation"]["region"]["startLine"]: r for r in results}
    assert by_line[3]["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "Compensating WAF rule, JIRA-12",
            "properties": {"kind": "waiver", "expires": "2027-01-01"},
        }
    ]
    assert by_line[8]["suppressions"][0]["kind"] == "inSource"
    assert by_line[8]["suppressions"][0]["justification"] == "test fixture"
    assert "suppressions" not in by_line[12]


def test_truncates_to_the_limit_keeping_the_most_severe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif_limits, "MAX_RESULTS", 3)
    findings = [
        finding(severity=s, line=i + 1, index=i)
        for i, s in enumerate([Severity.LOW, Severity.CRITICAL, Severity.INFO, Severity.HIGH, Severity.MEDIUM])
    ]
    notes: list[str] = []
    run = run_of(to_sarif(scan(*findings), note=notes.append))
    kept = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run["results"]]
    assert kept == [2, 4, 5]  # critical, high, medium, still in file order
    assert run["properties"]["truncated"] == {"total": 5, "included": 3}
    (notice,) = [
        n for n in run["invocations"][0]["toolExecutionNotifications"] if n["descriptor"]["id"] == "results-truncated"
    ]
    assert notice["level"] == "warning" and "3 of 5" in notice["message"]["text"]
    assert len(notes) == 1 and "3 of 5" in notes[0]


def test_github_limit_is_25000_and_render_notes_truncation_on_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sarif_limits.MAX_RESULTS == 25_000
    monkeypatch.setattr(sarif_limits, "MAX_RESULTS", 1)
    result = scan(finding(index=1), finding(index=2, line=5))
    json.loads(sarif.render(result, verdict(result, Policy()), Policy()))
    assert "gatekeeper: note: semgrep: SARIF run truncated to 1 of 2 results" in capsys.readouterr().err


def test_no_truncation_no_note() -> None:
    notes: list[str] = []
    run = run_of(to_sarif(scan(finding()), note=notes.append))
    assert notes == [] and "truncated" not in run["properties"]


def test_hostile_text_cannot_become_links_or_html() -> None:
    hostile = finding(
        title=HOSTILE,
        message=HOSTILE,
        remediation=HOSTILE,
        controls=("pci-dss:6.2.4<script>",),
        references=("javascript:alert(1)", "https://ok.example/a(b)<x>", "https://docs.example/x#y"),
    )
    run = run_of(to_sarif(scan(hostile)))
    rule = run["tool"]["driver"]["rules"][0]
    markdown = rule["help"]["markdown"]
    html = MarkdownIt("commonmark").render(markdown)
    links = [part.split('"')[1] for part in html.split("<a href=")[1:]]
    # Only the links we build: CWE from its number, references that are plain https URLs.
    assert links == ["https://cwe.mitre.org/data/definitions/89.html", "https://docs.example/x#y"]
    assert "<img" not in html and "<script" not in html and "<strong>bold" not in html and "<h1>" not in html
    for raw in ("https://evil", "www.evil", "user@evil"):
        assert raw not in markdown  # GitHub autolinks these in markdown; escaped, they stay text
    message = run["results"][0]["message"]["text"]
    assert "\\[click\\](javascript:alert(1))" in message  # no SARIF embedded link
    for text in (markdown, message, rule["help"]["text"], rule["shortDescription"]["text"]):
        assert "\x1b" not in text and "\x00" not in text and "\ud800" not in text


def test_markdown_text_escapes_every_ascii_punctuation() -> None:
    assert sarif.markdown_text("a<b>&[c](d)\\_*") == "a\\<b\\>\\&\\[c\\]\\(d\\)\\\\\\_\\*"
    assert sarif.markdown_text("two\n\nlines") == "two lines"


def test_scanner_errors_and_lost_files_are_notifications() -> None:
    scanners = (
        ScannerResult("bandit", "1.9.4", errors=("bandit timed out after 5s",)),
        ScannerResult("semgrep", "1.182.0", skipped=(SkippedFile("big file.py", "semgrep: timeout"),)),
    )
    doc = to_sarif(scan(finding(), scanners=scanners))
    bandit, semgrep = run_of(doc, "bandit"), run_of(doc, "semgrep")
    # Each scanner's run says what became of that scanner.
    assert bandit["invocations"][0]["executionSuccessful"] is False
    assert semgrep["invocations"][0]["executionSuccessful"] is False
    (error,) = bandit["invocations"][0]["toolExecutionNotifications"]
    (lost,) = semgrep["invocations"][0]["toolExecutionNotifications"]
    assert error["level"] == "error" and error["message"]["text"] == "bandit: bandit timed out after 5s"
    assert lost["level"] == "warning"
    assert lost["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "big%20file.py"
    assert bandit["properties"]["gatekeeper"]["verdict"] == semgrep["properties"]["gatekeeper"]["verdict"] == "error"
    assert [e["name"] for e in bandit["tool"]["extensions"]] == ["bandit"]
    assert [e["name"] for e in semgrep["tool"]["extensions"]] == ["semgrep"]


def test_file_level_finding_has_no_region() -> None:
    (res,) = run_of(to_sarif(scan(finding(line=0))))["results"]
    assert "region" not in res["locations"][0]["physicalLocation"]


def test_many_tags_are_capped_for_github() -> None:
    controls = tuple(f"pci-dss:{i}.1" for i in range(30))
    rule = run_of(to_sarif(scan(finding(controls=controls))))["tool"]["driver"]["rules"][0]
    assert len(rule["properties"]["tags"]) == 20 and rule["properties"]["tags"][0] == "security"
    assert len(rule["properties"]["controls"]) == 30


# Real data: the OASIS schema from ../shared, located through GATEKEEPER_TEST_SCHEMAS.


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    base = os.environ.get("GATEKEEPER_TEST_SCHEMAS")
    if not base:
        pytest.skip("GATEKEEPER_TEST_SCHEMAS is not set (directory holding sarif-schema-2.1.0.json)")
    path = Path(base) / "sarif-schema-2.1.0.json"
    assert path.is_file(), f"GATEKEEPER_TEST_SCHEMAS is set but {path} does not exist"
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def assert_valid(validator: jsonschema.Draft4Validator, doc: dict) -> None:
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_rendered_sarif_is_valid_against_the_oasis_schema(sarif_validator: jsonschema.Draft4Validator) -> None:
    findings = [
        finding(index=1, title=HOSTILE, message=HOSTILE),
        finding("B602", Severity.CRITICAL, path="dir with space/100%.py", index=2),
        finding(index=3, line=0),
        finding(index=4, line=7, properties=(("suppression", {"kind": "waiver", "justification": "ok"}),)),
        finding(index=5, line=8, properties=(("suppression", {"kind": "inline"}),)),
    ]
    scanners = (
        ScannerResult("bandit", "1", errors=("boom",)),
        ScannerResult("semgrep", "1", skipped=(SkippedFile("x.py", "timeout"),)),
    )
    assert_valid(sarif_validator, to_sarif(scan(*findings, scanners=scanners)))
    assert_valid(sarif_validator, to_sarif(scan()))
    baseline = BaselineSummary("b.json", "2026-01-01T00:00:00Z", 1, 1, 1, ())
    assert_valid(sarif_validator, to_sarif(replace(scan(*findings), baseline=baseline)))


@pytest.mark.slow
def test_cli_sarif_output_is_valid(sarif_validator: jsonschema.Draft4Validator, vulnerable_tree: Path) -> None:
    out = vulnerable_tree / "reports" / "gatekeeper.sarif"
    proc = run_cli("scan", str(vulnerable_tree / "app.py"), "--output", f"sarif={out}", "--quiet", cwd=vulnerable_tree)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert_valid(sarif_validator, doc)
    results = [r for run in doc["runs"] for r in run["results"]]
    assert results, "the vulnerable fixture must produce results"
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app.py" for r in results)


def test_baseline_state_when_a_baseline_was_used() -> None:
    accepted = finding(
        index=1, properties=(("suppression", {"kind": "baseline", "baseline": ".gatekeeper-baseline.json"}),)
    )
    new = finding(index=2, line=9)
    result = replace(
        scan(accepted, new), baseline=BaselineSummary(".gatekeeper-baseline.json", "2026-01-01T00:00:00Z", 1, 1, 1, ())
    )
    states = {
        r["locations"][0]["physicalLocation"]["region"]["startLine"]: r["baselineState"]
        for r in run_of(to_sarif(result))["results"]
    }
    assert states == {3: "unchanged", 9: "new"}
    assert "baselineState" not in json.dumps(to_sarif(scan(new)))
