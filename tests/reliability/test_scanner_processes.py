"""The scanners' processes, through the CLI: files a tool would pass over are analysed, and syntax
a tool cannot read is either read another way or named precisely (docs/security.md, "Scanner
processes"). A stand-in bandit that analyses nothing, and a scanner printing past the output
limit, are rows of the fault matrix (test_faults.py)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import VULNERABLE_PY
from tests.reliability.helpers import error_line, gate, load_report, scanner_entry
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
    assert {f["location"]["path"] for f in report["findings"] if f["rule_id"] == "B602"} == set(
        HIDDEN_BY_BANDIT_DEFAULTS
    )
    assert scanner_entry(report, "bandit")["status"] == "ok"


def test_a_legacy_label_dockerfile_is_scanned_not_an_error(tmp_path: Path) -> None:
    project = _tree(tmp_path / "project", {"Dockerfile": LEGACY_DOCKERFILE})
    report_file = tmp_path / "report.json"
    proc = gate("scan", str(project), "--scanner", "semgrep", "-o", f"json={report_file}")
    assert proc.returncode == 1, proc.stderr
    findings = load_report(report_file)["findings"]
    assert [
        (f["location"]["path"], f["location"]["start_line"])
        for f in findings
        if f["rule_id"] == "docker-curl-pipe-shell"
    ] == [("Dockerfile", 6)]


def test_a_dockerfile_semgrep_cannot_parse_is_named_with_its_line_and_instruction(tmp_path: Path) -> None:
    project = _tree(tmp_path / "project", {"Dockerfile": "FROM python:3.12\nBOGUS one two\nRUN true\n"})
    proc = gate("scan", str(project), "--scanner", "semgrep")
    assert proc.returncode == 2
    error_line(
        proc,
        "Dockerfile:2: semgrep's Dockerfile parser cannot read the BOGUS instruction there, so lines 2-3 went unanalysed",
    )


def test_a_python_file_between_one_and_five_megabytes_is_scanned(tmp_path: Path) -> None:
    padding = "# " + "padding " * 9 + "\n"
    project = _tree(
        tmp_path / "project", {"big.py": padding * (1_200_000 // len(padding)) + "import yaml\nyaml.load(x)\n"}
    )
    report_file = tmp_path / "report.json"
    proc = gate("scan", str(project), "--scanner", "semgrep", "-o", f"json={report_file}")
    assert proc.returncode == 1, proc.stderr
    report = load_report(report_file)
    assert [f["rule_id"] for f in report["findings"]] == ["python-unsafe-yaml-load"]
    assert scanner_entry(report, "semgrep")["status"] == "ok"
