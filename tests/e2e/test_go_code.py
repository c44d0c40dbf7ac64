"""Go code through the CLI (issue 21): a small net/http, gin and echo service
(tests/fixtures/go_service) gives exactly its `// expect: RULE` findings, each with its CWE, mapped
to PCI DSS 6.2.4, and blocking as the default policy says (high and critical block, the medium open
redirect does not); the same code without the vulnerable lines passes with its Go files analysed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli

SERVICE = Path(__file__).resolve().parent.parent / "fixtures" / "go_service"
_EXPECT = re.compile(r"//\s*expect:\s*(go-[\w-]+)")
# The weakness class of each rule, by the CWE its findings must carry.
CWE = {
    "go-sql-injection": "CWE-89",
    "go-command-injection": "CWE-78",
    "go-path-traversal": "CWE-22",
    "go-xss": "CWE-79",
    "go-ssrf": "CWE-918",
    "go-open-redirect": "CWE-601",
    "go-weak-random": "CWE-338",
    "go-weak-password-hash": "CWE-916",
    "go-weak-cipher": "CWE-327",
    "go-tls-verification-disabled": "CWE-295",
}


def _expected(tree: Path) -> set[tuple[str, int, str]]:
    found = set()
    for path in sorted(tree.rglob("*.go")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = _EXPECT.search(line)
            if match:
                found.add((path.relative_to(tree).as_posix(), number, match.group(1)))
    return found


def _scan(tree: Path) -> tuple[int, dict[str, Any]]:
    proc = run_cli("scan", str(tree), "--format", "json", "--no-cache")
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.returncode, json.loads(proc.stdout)


@pytest.fixture(scope="module")
def service_report() -> tuple[int, dict[str, Any]]:
    return _scan(SERVICE)


def test_each_expected_line_is_reported_and_nothing_else(service_report: tuple[int, dict[str, Any]]) -> None:
    _, report = service_report
    reported = {(f["location"]["path"], f["location"]["start_line"], f["rule_id"]) for f in report["findings"]}
    expected = _expected(SERVICE)
    assert {rule for _, _, rule in expected} == set(CWE), "the fixture exercises every class"
    assert reported == expected


def test_findings_carry_cwe_and_map_to_pci_dss_624(service_report: tuple[int, dict[str, Any]]) -> None:
    _, report = service_report
    for finding in report["findings"]:
        assert finding["scanners"] == ["semgrep"]
        assert any(c.startswith(CWE[finding["rule_id"]] + ":") for c in finding["cwe"]), finding["rule_id"]
        assert "pci-dss:6.2.4" in finding["controls"], finding["rule_id"]
        assert finding["remediation"] and finding["references"]


def test_blocking_follows_the_default_policy(service_report: tuple[int, dict[str, Any]]) -> None:
    code, report = service_report
    blocking = set(report["verdict"]["blocking"])
    by_rule = {f["rule_id"]: f for f in report["findings"]}
    assert code == 1 and report["verdict"]["status"] == "failed"
    assert by_rule["go-command-injection"]["severity"] == "critical"
    assert by_rule["go-open-redirect"]["severity"] == "medium"
    for rule, finding in by_rule.items():
        assert (finding["fingerprint"] in blocking) == (finding["severity"] in ("high", "critical")), rule


def test_the_fixed_service_passes_with_its_go_files_analysed(tmp_path: Path) -> None:
    tree = tmp_path / "service"
    shutil.copytree(SERVICE, tree)
    for path in tree.rglob("*.go"):
        kept = [line for line in path.read_text().splitlines() if not _EXPECT.search(line)]
        path.write_text("\n".join(kept) + "\n")
    code, report = _scan(tree)
    assert report["findings"] == [] and code == 0, report["findings"]
    go = next(k for k in report["scan"]["coverage"]["kinds"] if k["kind"] == "go")
    assert go["analysed"] == 2 and go["analysers"] == ["semgrep"] and go["not_covered"] == []
