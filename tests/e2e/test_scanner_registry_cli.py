"""A scanner registered in one line is configurable, selectable and listed by the CLI, with no other
file touched: the stand-in (tests/scanners/stand_in.py) is registered in the CLI's process only."""

from __future__ import annotations

import json
from pathlib import Path

from tests.reliability.helpers import error_line, gate, load_report, scanner_entry
from tests.scanners.stand_in import DESCRIPTION, NAME, PRELUDE


def _project(tmp_path: Path, policy: str) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "requirements.txt").write_text("requests==2.31.0\n")
    (project / ".gatekeeper.yml").write_text(policy)
    return project


def test_scan_help_names_every_registered_scanner() -> None:
    plain = gate("scan", "--help")
    assert plain.returncode == 0, plain.stderr
    assert (
        "semgrep, bandit, dependencies, secrets, terraform, sarif, cloudformation, render, kubernetes, taint"
        in " ".join(plain.stdout.split())
    )
    assert NAME not in plain.stdout
    with_stand_in = gate("scan", "--help", prelude=PRELUDE)
    assert f"kubernetes, taint, {NAME}" in " ".join(with_stand_in.stdout.split())


def test_init_writes_the_registered_scanner_into_a_starter_file_that_validates(tmp_path: Path) -> None:
    proc = gate("init", str(tmp_path), prelude=PRELUDE)
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / ".gatekeeper.yml").read_text()
    assert f"  {NAME}: true" in text and DESCRIPTION in text
    shown = gate("config", "show", str(tmp_path), prelude=PRELUDE)
    assert shown.returncode == 0, shown.stderr
    assert f"  {NAME}:\n    enabled: true\n" in shown.stdout
    # The same file names a scanner this gatekeeper does not have: the usual one-line error.
    unknown = gate("config", "show", str(tmp_path))
    assert unknown.returncode == 2
    error_line(unknown, f"scanners.{NAME}: unknown key")


def test_the_registered_scanner_runs_with_its_options_from_the_config(tmp_path: Path) -> None:
    project = _project(tmp_path, f"scanners:\n  {NAME}: {{allow: [MIT, Apache-2.0]}}\n")
    report_file = tmp_path / "report.json"
    proc = gate("scan", str(project), "--scanner", NAME, "-o", f"json={report_file}", prelude=PRELUDE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    entry = scanner_entry(load_report(report_file), NAME)
    assert entry["status"] == "ok"
    assert entry["scanned"] == ["requirements.txt"]
    assert entry["units"] == {"licences allowed": 2}  # its `allow` option reached it


def test_a_misconfigured_registered_scanner_is_a_one_line_error(tmp_path: Path) -> None:
    project = _project(tmp_path, f"scanners:\n  {NAME}: {{deny: [GPL-3.0]}}\n")
    proc = gate("scan", str(project), "--scanner", NAME, prelude=PRELUDE)
    assert proc.returncode == 2
    error_line(proc, f".gatekeeper.yml:2: scanners.{NAME}.deny: unknown key; expected one of allow, enabled")


def test_config_schema_prints_the_whole_schema_for_editors() -> None:
    proc = gate("config", "schema", prelude=PRELUDE)
    assert proc.returncode == 0, proc.stderr
    scanners = json.loads(proc.stdout)["properties"]["scanners"]["properties"]
    assert list(scanners) == [
        "semgrep",
        "bandit",
        "dependencies",
        "secrets",
        "terraform",
        "sarif",
        "cloudformation",
        "render",
        "kubernetes",
        "taint",
        NAME,
    ]
    assert set(scanners["semgrep"]["properties"]) == {"enabled", "timeout", "rule_timeout", "cli"}
