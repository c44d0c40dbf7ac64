"""`gatekeeper report` (scan once, publish many) and `gatekeeper controls`, as a pipeline runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, run_cli

FORMATS = ("json", "html", "markdown", "oscal", "ocsf", "sarif", "junit")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("report")
    copy = work / "payments-api"
    shutil.copytree(EXAMPLE, copy)
    outputs = [arg for fmt in FORMATS for arg in ("--output", f"{fmt}={work / 'scan' / fmt}")]
    proc = run_cli("scan", str(copy), "--quiet", *outputs)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    return work


def test_json_round_trip_is_identical(scanned: Path) -> None:
    again = scanned / "again.json"
    proc = run_cli("report", str(scanned / "scan" / "json"), "--output", f"json={again}")
    assert proc.returncode == 0, proc.stderr
    assert again.read_bytes() == (scanned / "scan" / "json").read_bytes()
    report = json.loads(again.read_text())
    assert report["controls"]["frameworks"][0]["id"] == "pci-dss"


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "json"])
def test_every_report_from_the_saved_result_equals_the_one_the_scan_wrote(scanned: Path, fmt: str) -> None:
    out = scanned / "from-json" / fmt
    proc = run_cli("report", str(scanned / "scan" / "json"), "-o", f"{fmt}={out}")
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == (scanned / "scan" / fmt).read_text(encoding="utf-8")


def test_many_outputs_at_once_and_one_on_stdout(scanned: Path) -> None:
    proc = run_cli(
        "report",
        str(scanned / "scan" / "json"),
        "-o",
        f"html={scanned / 'many' / 'r.html'}",
        "-o",
        f"oscal={scanned / 'many' / 'ar.json'}",
        "--format",
        "markdown",
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("## gatekeeper: **FAILED**")
    assert (scanned / "many" / "r.html").read_text().startswith("<!DOCTYPE html>")
    assert "assessment-results" in json.loads((scanned / "many" / "ar.json").read_text())


def _one_line_error(stderr: str, needle: str) -> None:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert any(needle in line for line in lines), stderr


def test_a_result_that_is_not_json_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "result.json"
    bad.write_text("{not json")
    proc = run_cli("report", str(bad), "-o", f"html={tmp_path / 'r.html'}")
    assert proc.returncode == 2
    _one_line_error(proc.stderr, "gatekeeper: error: ")
    _one_line_error(proc.stderr, "not JSON")
    assert not (tmp_path / "r.html").exists()


def test_a_json_file_that_is_not_a_gatekeeper_result_is_an_error(tmp_path: Path) -> None:
    other = tmp_path / "sarif.json"
    other.write_text(json.dumps({"version": "2.1.0", "runs": []}))
    proc = run_cli("report", str(other), "-o", f"html={tmp_path / 'r.html'}")
    assert proc.returncode == 2
    _one_line_error(proc.stderr, "not a gatekeeper JSON report")


def test_a_truncated_gatekeeper_result_is_an_error(scanned: Path, tmp_path: Path) -> None:
    report = json.loads((scanned / "scan" / "json").read_text())
    del report["scan"]["coverage"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(report))
    proc = run_cli("report", str(broken), "-o", f"html={tmp_path / 'r.html'}")
    assert proc.returncode == 2
    _one_line_error(proc.stderr, "malformed gatekeeper JSON report: missing key 'coverage'")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ((), "nothing to render"),
        (("-o", "pdf=out.pdf"), "unknown format 'pdf'"),
        (("-o", "html"), "is not FORMAT=FILE"),
    ],
)
def test_usage_errors_exit_2(scanned: Path, args: tuple[str, ...], needle: str) -> None:
    proc = run_cli("report", str(scanned / "scan" / "json"), *args, cwd=scanned)
    assert proc.returncode == 2
    _one_line_error(proc.stderr, needle)


def test_a_missing_result_file_exits_2(tmp_path: Path) -> None:
    proc = run_cli("report", str(tmp_path / "nope.json"), "-o", f"html={tmp_path / 'r.html'}")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "nope.json" in proc.stderr


def test_controls_lists_every_catalog_with_coverage() -> None:
    proc = run_cli("controls")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "PCI DSS 4.0.1" in out and "SOC 2" in out
    line = next(row for row in out.splitlines() if row.split()[:1] == ["6.2.4"])
    assert "partial" in line and "sast" in line and "Coding techniques" in line
    manual = next(row for row in out.splitlines() if row.split()[:1] == ["12.10.1"])
    assert "none" in manual


def test_controls_for_one_framework_only_automated_as_json() -> None:
    proc = run_cli("controls", "--framework", "soc2", "--automated", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    (soc2,) = json.loads(proc.stdout)
    assert soc2["framework"] == "soc2"
    ids = {c["id"] for c in soc2["controls"]}
    assert {"CC6.1", "CC6.6", "CC6.7", "CC7.1", "CC8.1"} <= ids and "CC1.1" not in ids
    cc66 = next(c for c in soc2["controls"] if c["id"] == "CC6.6")
    assert cc66["evidence"] == ["config"] and "network-ingress-exposure" in cc66["categories"]
    text = run_cli("controls", "--framework", "soc2").stdout
    assert "PCI DSS" not in text and "CC1.1" in text


def test_controls_rejects_an_unknown_framework() -> None:
    proc = run_cli("controls", "--framework", "hipaa")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
