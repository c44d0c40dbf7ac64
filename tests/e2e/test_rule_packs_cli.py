"""`rules.packs` through the CLI as a pipeline runs it: an organisation's own semgrep rules find,
map and count as coverage like the bundled ones; a broken pack is one error line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gatekeeper.rulepack import RulePack, default_rules_dir, tree_digest
from tests.conftest import run_cli
from tests.reliability.helpers import error_line
from tests.test_rulepack import JS_RULE

SERVER_JS = """\
const app = require('express')();
app.get('/calc', (req, res) => {
  res.send(String(eval(req.query.x)));
});
"""

CONFIG = """\
version: 1
rules:
  packs: [security/semgrep]
paths:
  exclude: ["security/"]   # the pack's semgrep test targets are vulnerable on purpose
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "server.js").write_text(SERVER_JS)
    pack = tmp_path / "security" / "semgrep"
    pack.mkdir(parents=True)
    (pack / "js-eval.yaml").write_text(JS_RULE)
    (pack / "js-eval.js").write_text("// ruleid: org-js-eval-request\neval(req.query.x);\n")
    (tmp_path / ".gatekeeper.yml").write_text(CONFIG)
    return tmp_path


def scan(project: Path, *args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    proc = run_cli("scan", str(project), "--format", "json", *(args or ("--no-cache",)))
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else {}, proc.stderr


def test_a_user_pack_finds_eval_in_javascript_maps_it_and_covers_the_file(project: Path) -> None:
    code, report, stderr = scan(project)
    assert code == 1, stderr
    # The bundled javascript pack reports the same line too (its own rules); the user pack's is here.
    [finding] = [f for f in report["findings"] if f["rule_id"] == "org-js-eval-request"]
    assert (finding["rule_id"], finding["location"]["path"], finding["location"]["start_line"]) == (
        "org-js-eval-request",
        "web/server.js",
        3,
    )
    assert finding["scanners"] == ["semgrep"] and finding["severity"] == "high"
    # CWE-95 -> injection (rules/compliance/mapping.yaml): PCI DSS 6.2.4's attack family.
    assert "pci-dss:6.2.4" in finding["controls"] and finding["properties"]["category"] == "injection"
    [javascript] = [k for k in report["scan"]["coverage"]["kinds"] if k["kind"] == "javascript"]
    assert (javascript["analysed"], javascript["not_covered"], javascript["analysers"]) == (1, [], ["semgrep"])
    assert report["verdict"]["partial_coverage"] == ""


def test_the_report_names_each_pack_with_its_digest(project: Path) -> None:
    _, report, _ = scan(project)
    bundled = RulePack(default_rules_dir())
    assert report["scan"]["rule_packs"] == [
        {"name": "bundled", "digest": bundled.digest},
        {"name": "security/semgrep", "digest": tree_digest(project / "security" / "semgrep")},
    ]
    # rule_pack_digest is still "everything semgrep ran": not the bundled pack's alone.
    assert report["scan"]["rule_pack_digest"].startswith("sha256:")
    assert report["scan"]["rule_pack_digest"] != bundled.digest


def test_a_cached_scan_is_not_reused_across_a_change_to_the_pack(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    cache = ["--cache-dir", str(tmp_path_factory.mktemp("cache"))]
    first, second = scan(project, *cache)[1], scan(project, *cache)[1]
    assert first["findings"] == second["findings"]
    rule = project / "security" / "semgrep" / "js-eval.yaml"
    rule.write_text(JS_RULE.replace("Request data reaches eval()", "A query parameter is evaluated"))
    _, changed, _ = scan(project, *cache)
    assert [f["message"] for f in changed["findings"] if f["rule_id"] == "org-js-eval-request"] == [
        "A query parameter is evaluated"
    ]
    assert changed["scan"]["rule_pack_digest"] != first["scan"]["rule_pack_digest"]


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("rules:\n  - id: x\n   bad: [\n", ("cannot read rule file",)),
        (JS_RULE.replace("[javascript]", "[cobol]"), ("rule 'org-js-eval-request'", "names language 'cobol'")),
        (
            JS_RULE.replace("      cwe:", "      title: eval of request data\n      owasp:"),
            ("rule 'org-js-eval-request'", "has no metadata.cwe"),
        ),
        (
            JS_RULE.replace("org-js-eval-request", "python-sql-injection"),
            ("rule 'python-sql-injection' has the same id as a rule in", "sql-injection.yaml"),
        ),
    ],
    ids=["bad-yaml", "unknown-language", "missing-metadata", "duplicate-id"],
)
def test_a_broken_pack_is_one_error_line_naming_file_and_rule(
    project: Path, text: str, needles: tuple[str, ...]
) -> None:
    rule = project / "security" / "semgrep" / "js-eval.yaml"
    rule.write_text(text)
    proc = run_cli("scan", str(project), "--format", "json", "--no-cache")
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    error_line(proc, str(rule), *needles)


@pytest.mark.parametrize(
    ("packs", "needles"),
    [
        (
            "[security/semgrepp]",
            (".gatekeeper.yml:3: rules.packs[0]: rule pack 'security/semgrepp' is not a directory",),
        ),
        ("[web]", ("rule pack 'web' (rules.packs) holds no semgrep rule files",)),
    ],
    ids=["missing", "no-rule-files"],
)
def test_a_missing_or_empty_pack_is_an_error_not_an_empty_pass(
    project: Path, packs: str, needles: tuple[str, ...]
) -> None:
    (project / ".gatekeeper.yml").write_text(CONFIG.replace("[security/semgrep]", packs))
    proc = run_cli("scan", str(project), "--no-cache", cwd=project)
    assert proc.returncode == 2, proc.stderr
    error_line(proc, *needles)
