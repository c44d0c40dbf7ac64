"""Calibrated blocking through the CLI (docs/blocking.md): bandit's pattern-level match that our
taint rules did not confirm is reported as unconfirmed and does not block by default; a confirmed
flow from request data blocks, as one merged finding; `fail_on.confidence: low` blocks both."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from tests.conftest import run_cli
from tests.e2e.test_scan_cli import assert_one_line_error

INTERNAL = """\
import subprocess

from flask import Flask

app = Flask(__name__)
BACKUP_DIR = "/srv/backups"


@app.post("/admin/backup")
def backup():
    cmd = "tar czf /tmp/nightly.tgz " + BACKUP_DIR
    subprocess.call(cmd, shell=True)
    return {"status": "started"}
"""

FROM_REQUEST = """\
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.get("/diagnostics/ping")
def ping():
    cmd = "ping -c 1 " + request.args["host"]
    subprocess.call(cmd, shell=True)
    return {"status": "sent"}
"""


def scan(root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    proc = run_cli("scan", str(root), "--scanner", "semgrep", "--scanner", "bandit", "--format", "json", *args)
    assert proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def project(tmp_path: Path, source: str, config: str = "") -> Path:
    (tmp_path / "app.py").write_text(source)
    if config:
        (tmp_path / ".gatekeeper.yml").write_text(textwrap.dedent(config))
    return tmp_path


def shell_finding(report: dict[str, Any], source: str = INTERNAL) -> dict[str, Any]:
    line = next(i for i, text in enumerate(source.splitlines(), 1) if "shell=True" in text)
    (finding,) = [f for f in report["findings"] if f["location"]["start_line"] == line]
    return finding


def test_an_unconfirmed_shell_call_is_reported_but_does_not_block(tmp_path: Path) -> None:
    code, report = scan(project(tmp_path, INTERNAL))
    finding = shell_finding(report)
    assert finding["rule_id"] == "B602" and finding["scanners"] == ["bandit"]
    assert finding["severity"] == "high" and finding["confidence"] == "low"
    assert finding["properties"]["unconfirmed"] == "command-injection"
    assert "unconfirmed" in finding["message"]
    assert code == 0, report["verdict"]
    assert report["verdict"]["blocking"] == []


def test_request_data_reaching_the_shell_blocks_as_one_confirmed_finding(tmp_path: Path) -> None:
    code, report = scan(project(tmp_path, FROM_REQUEST))
    finding = shell_finding(report, FROM_REQUEST)
    assert finding["rule_id"] == "python-command-injection"
    assert sorted(finding["scanners"]) == ["bandit", "semgrep"]
    assert finding["confidence"] == "high" and "unconfirmed" not in finding["properties"]
    assert code == 1
    assert report["verdict"]["blocking"] == [finding["fingerprint"]]


def test_fail_on_confidence_low_blocks_the_unconfirmed_finding_too(tmp_path: Path) -> None:
    code, report = scan(project(tmp_path, INTERNAL, "fail_on:\n  severity: high\n  confidence: low\n"))
    assert code == 1
    assert report["verdict"]["blocking"] == [shell_finding(report)["fingerprint"]]
    assert report["policy"]["fail_on"] == {"severity": "high", "confidence": "low"}


def test_bandit_alone_cannot_say_unconfirmed(tmp_path: Path) -> None:
    # Without the taint rules nothing confirmed or refuted the match: bandit's own rating stands.
    proc = run_cli("scan", str(project(tmp_path, INTERNAL)), "--scanner", "bandit", "--format", "json")
    report = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert shell_finding(report)["confidence"] == "high"


def test_a_misspelt_confidence_is_named_with_its_line(tmp_path: Path) -> None:
    proc = run_cli("scan", str(project(tmp_path, INTERNAL, "fail_on:\n  confidence: sure\n")), "--scanner", "bandit")
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, ".gatekeeper.yml:2: fail_on.confidence: 'sure' is not one of high, medium, low")
