"""The JavaScript/TypeScript pack through the CLI, on a small Node tree (tests/fixtures/javascript):
Express, NestJS, Next.js and Koa-style code in .js, .mjs, .ts and .tsx files is routed to the
pack, each `// expect: RULE` line is reported and nothing else is (the safe look-alikes beside
them stay quiet), and every finding carries its CWE, maps to controls through it, and blocks
exactly when the default policy says (high and above)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli

APP = Path(__file__).resolve().parent.parent / "fixtures" / "javascript" / "node_shop"
_EXPECT = re.compile(r"//\s*expect:\s*([\w-]+)")
SEVERITY_ORDER = ("info", "low", "medium", "high", "critical")


def _expected(app: Path) -> set[tuple[str, int, str]]:
    found: set[tuple[str, int, str]] = set()
    for path in sorted(p for p in app.rglob("*") if p.is_file()):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = _EXPECT.search(line)
            if match:
                found.add((path.relative_to(app).as_posix(), number, match.group(1)))
    return found


@pytest.fixture(scope="module")
def report() -> dict:
    proc = run_cli("scan", str(APP), "--scanner", "semgrep", "--format", "json", "--no-cache")
    assert proc.returncode == 1, proc.stderr
    return json.loads(proc.stdout)


def test_every_expected_line_is_reported_and_nothing_else(report: dict) -> None:
    reported = {(f["location"]["path"], f["location"]["start_line"], f["rule_id"]) for f in report["findings"]}
    assert reported == _expected(APP)


def test_js_mjs_ts_and_tsx_files_are_all_analysed(report: dict) -> None:
    semgrep = next(s for s in report["scan"]["scanners"] if s["name"] == "semgrep")
    assert semgrep["status"] == "ok"
    assert semgrep["files_scanned"] == len([p for p in APP.rglob("*") if p.is_file()])
    paths = {f["location"]["path"] for f in report["findings"]}
    assert {"server.js", "src/users.mjs", "pages/api/statement.ts", "src/Widget.tsx"} <= paths


def test_findings_carry_cwe_and_map_to_pci_dss_6_2_4(report: dict) -> None:
    for finding in report["findings"]:
        assert finding["cwe"] and all(c.startswith("CWE-") for c in finding["cwe"]), finding["rule_id"]
        assert finding["owasp"], finding["rule_id"]
        assert "pci-dss:6.2.4" in finding["controls"], finding["rule_id"]
    by_rule = {f["rule_id"]: f for f in report["findings"]}
    assert any(c.startswith("CWE-89:") for c in by_rule["javascript-sql-injection"]["cwe"])
    assert any(c.startswith("CWE-943:") for c in by_rule["javascript-nosql-injection"]["cwe"])
    assert any(c.startswith("CWE-1321:") for c in by_rule["javascript-prototype-pollution"]["cwe"])


def test_the_default_policy_blocks_high_and_above_only(report: dict) -> None:
    verdict = report["verdict"]
    assert verdict["status"] == "failed" and verdict["fail_on"] == "high"
    blocking = set(verdict["blocking"])
    for finding in report["findings"]:
        high = SEVERITY_ORDER.index(finding["severity"]) >= SEVERITY_ORDER.index("high")
        assert (finding["fingerprint"] in blocking) == high, (finding["rule_id"], finding["severity"])
    blocked = {f["rule_id"] for f in report["findings"] if f["fingerprint"] in blocking}
    assert {"javascript-sql-injection", "javascript-command-injection", "javascript-code-injection"} <= blocked
    assert "javascript-express-without-helmet" not in blocked


def test_the_safe_half_alone_passes(tmp_path: Path) -> None:
    app = tmp_path / "app"
    shutil.copytree(APP, app)
    for path in app.rglob("*"):
        if path.is_file():
            kept = [line for line in path.read_text().splitlines() if not _EXPECT.search(line)]
            path.write_text("\n".join(kept) + "\n")
    proc = run_cli("scan", str(app), "--scanner", "semgrep", "--format", "json", "--no-cache")
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
    assert json.loads(proc.stdout)["findings"] == []
