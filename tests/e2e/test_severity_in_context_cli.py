"""Severity in context through the CLI: MD5 for an ETag or a stored checksum is low and does not
block, even though bandit's B324 rates every MD5 high; MD5 for a signature is high and blocks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import run_cli

APP = """\
import hashlib

from flask import Flask, make_response

app = Flask(__name__)


@app.get("/report")
def report():
    body = b"..."
    response = make_response(body)
    response.headers["ETag"] = hashlib.md5(body).hexdigest()
    return response


def sign(secret: bytes, payload: bytes) -> str:
    signature = hashlib.md5(secret + payload).hexdigest()
    return signature
"""


def finding_on(report: dict[str, Any], text: str) -> dict[str, Any]:
    line = next(i for i, source in enumerate(APP.splitlines(), 1) if text in source)
    (finding,) = [f for f in report["findings"] if f["location"]["start_line"] == line]
    return finding


def test_a_weak_hash_is_rated_by_what_it_is_for(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    proc = run_cli("scan", str(tmp_path), "--scanner", "semgrep", "--scanner", "bandit", "--format", "json")
    report = json.loads(proc.stdout)
    etag = finding_on(report, '"ETag"')
    assert etag["rule_id"] == "python-weak-hash-checksum"
    assert dict(etag["source_rules"]) == {"semgrep": "python-weak-hash-checksum", "bandit": "B324"}
    assert etag["severity"] == "low"
    signature = finding_on(report, "signature =")
    assert signature["rule_id"] == "python-weak-hash-signature" and signature["severity"] == "high"
    assert report["verdict"]["blocking"] == [signature["fingerprint"]]
    assert proc.returncode == 1
