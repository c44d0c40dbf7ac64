"""Which files the gate reads, through the CLI: no file leaves the scan for its name or its place
(a suffix, a lock file, a submodule under a .gitignore line), binary content is not taken for
minified code, and gatekeeper's own reports are not scanned as if they were the project's."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from tests.reliability.helpers import AWS_KEY_ID, SECRET_RULE, gate, load_report, scanner_entry
from tests.secrets.helpers import ALNUM, rand


def findings_by_path(report: dict[str, object]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in report["findings"]:  # type: ignore[attr-defined]
        found.setdefault(finding["location"]["path"], []).append(finding["rule_id"])
    return found


# --- secrets by content, not by name (issue 16, point 7) -----------------------------------------


def test_a_secret_in_a_file_named_like_a_binary_or_a_lock_file_fails_the_gate(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "creds.pdf").write_text(f'aws_access_key_id = "{AWS_KEY_ID}"\n')
    (project / "deploy.bin").write_text(f'export AWS_ACCESS_KEY_ID="{AWS_KEY_ID}"\n')
    password = rand(ALNUM, 20, "lock")
    source = {"name": "corp", "url": f"https://deploy:{password}@pypi.corp.example/simple"}
    (project / "Pipfile.lock").write_text(json.dumps({"_meta": {"sources": [source]}}, indent=4))
    (project / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + zlib.compress(b"\x00" * 4096))
    report_file = tmp_path / "report.json"
    proc = gate("scan", str(project), "--scanner", "secrets", "-o", f"json={report_file}")
    assert proc.returncode == 1, proc.stderr
    report = load_report(report_file)
    assert findings_by_path(report) == {
        "Pipfile.lock": ["secrets-connection-string-password"],
        "creds.pdf": [SECRET_RULE],
        "deploy.bin": [SECRET_RULE],
    }
    secrets = scanner_entry(report, "secrets")
    assert secrets["not_applicable"] == [
        {"path": "logo.png", "reason": "binary content (image): the secrets scanner reads text only"}
    ]
    assert password not in proc.stdout + proc.stderr + report_file.read_text()
