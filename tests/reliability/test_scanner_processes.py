"""The scanners' processes, through the CLI: every file handed to a tool is analysed or named as
lost coverage, a tool's output is bounded, and syntax a tool cannot read is either read another
way or named precisely (docs/security.md, "Scanner processes")."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from tests.conftest import CLEAN_PY, VULNERABLE_PY
from tests.reliability.helpers import error_line, gate, load_report, scanner_entry
from tests.reliability.test_faults import VERSION_OK
from tests.scanners.test_semgrep import LEGACY_DOCKERFILE

HIDDEN_BY_BANDIT_DEFAULTS = (".github/scripts/deploy.py", "tools/CVSimport.py", "ci/.hg_hooks.py")
"""Paths holding one of bandit's default exclude words (`.git`, `CVS`, `.hg`) as a substring."""


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_bandit_analyses_files_its_default_excludes_would_drop(tmp_path: Path) -> None:
    project = _tree(tmp_path / "project", {name: VULNERABLE_PY for name in HIDDEN_BY_BANDIT_DEFAULTS})
    report_file = tmp_path / "report.json"
    proc = gate("scan", str(project), "--scanner", "bandit", "-o", f"json={report_file}")
    assert proc.returncode == 1, proc.stderr
    report = load_report(report_file)
    assert {f["location"]["path"] for f in report["findings"] if f["rule_id"] == "B602"} == set(HIDDEN_BY_BANDIT_DEFAULTS)
    assert scanner_entry(report, "bandit")["status"] == "ok"


def test_a_bandit_that_reports_a_clean_run_of_nothing_does_not_pass(tmp_path: Path, fake_tool: Callable[[str], str]) -> None:
    project = _tree(tmp_path / "project", {"app.py": CLEAN_PY, "lib/util.py": CLEAN_PY})
    clean = '{"results":[],"errors":[]}'
    stand_in = fake_tool(VERSION_OK + '\nfor a in "$@"; do [ -n "$next" ] && out=$a; next=; [ "$a" = --output ] && next=1; done\n'
                         f"echo '{clean}' > \"$out\"; echo '{clean}'; exit 0")
    proc = gate("scan", str(project), "--scanner", "bandit", env={"GATEKEEPER_BANDIT": stand_in})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    error_line(proc, "bandit: could not scan 2 file(s), e.g. app.py (bandit: not analysed")


def test_a_scanner_printing_past_the_output_limit_fails_naming_it(tmp_path: Path, fake_tool: Callable[[str], str]) -> None:
    """The limit is 256 MiB; lowered here (in the CLI's own process) so the test prints 1 MB, not gigabytes."""
    project = _tree(tmp_path / "project", {"app.py": CLEAN_PY})
    flood = fake_tool(VERSION_OK + "\nexec yes '{\"results\": []}'")
    report_file = tmp_path / "report.json"
    proc = gate("scan", str(project), "--scanner", "semgrep", "-o", f"json={report_file}", env={"GATEKEEPER_SEMGREP": flood},
                prelude="import gatekeeper.scanners.base as b; b.MAX_OUTPUT_BYTES = 1_000_000")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    error_line(proc, "semgrep wrote more than 1,000,000 bytes of output", "MAX_OUTPUT_BYTES")
    assert scanner_entry(load_report(report_file), "semgrep")["status"] == "error"


def test_a_legacy_label_dockerfile_is_scanned_not_an_error(tmp_path: Path) -> None:
    project = _tree(tmp_path / "project", {"Dockerfile": LEGACY_DOCKERFILE})
    report_file = tmp_path / "report.json"
    proc = gate("scan", str(project), "--scanner", "semgrep", "-o", f"json={report_file}")
    assert proc.returncode == 1, proc.stderr
    findings = load_report(report_file)["findings"]
    assert [(f["location"]["path"], f["location"]["start_line"]) for f in findings if f["rule_id"] == "docker-curl-pipe-shell"] == [
        ("Dockerfile", 6)
    ]


def test_a_dockerfile_semgrep_cannot_parse_is_named_with_its_line_and_instruction(tmp_path: Path) -> None:
    project = _tree(tmp_path / "project", {"Dockerfile": "FROM python:3.12\nBOGUS one two\nRUN true\n"})
    proc = gate("scan", str(project), "--scanner", "semgrep")
    assert proc.returncode == 2
    error_line(proc, "Dockerfile:2: semgrep's Dockerfile parser cannot read the BOGUS instruction there, so lines 2-3 went unanalysed")


def test_a_python_file_between_one_and_five_megabytes_is_scanned(tmp_path: Path) -> None:
    padding = "# " + "padding " * 9 + "\n"
    project = _tree(tmp_path / "project", {"big.py": padding * (1_200_000 // len(padding)) + "import yaml\nyaml.load(x)\n"})
    report_file = tmp_path / "report.json"
    proc = gate("scan", str(project), "--scanner", "semgrep", "-o", f"json={report_file}")
    assert proc.returncode == 1, proc.stderr
    report = load_report(report_file)
    assert [f["rule_id"] for f in report["findings"]] == ["python-unsafe-yaml-load"]
    assert scanner_entry(report, "semgrep")["status"] == "ok"
