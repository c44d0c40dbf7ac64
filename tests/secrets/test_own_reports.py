"""gatekeeper's own JSON report left in the scanned tree: its record of each secret (keyed hash,
masked value, type, card brand) is not a secret, but nothing else in it, or in a file that only
looks like one, is set aside."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gatekeeper import engine
from gatekeeper.config import Policy
from gatekeeper.gate import verdict
from gatekeeper.reports import renderer
from gatekeeper.secrets.keyed_hash import KEY_ENV
from tests.reliability.helpers import AWS_KEY_ID
from tests.scanners.test_secrets import KEY, TREE, scan
from tests.secrets.helpers import ALNUM, rand

# Each test reads a real report of a scan: the slow tier (tests/conftest.py).
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def hmac_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, KEY)


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    """A real JSON report of the fixture tree (keys, tokens, passwords, card numbers)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KEY_ENV, KEY)
        result = engine.run(engine.ScanRequest(paths=(TREE,), scanners=("secrets",), jobs=1))
    data: dict[str, Any] = json.loads(renderer("json")(result, verdict(result, Policy()), Policy()))
    assert any("secret_detail" in f["properties"] for f in data["findings"])  # a card brand among them
    return data


def scan_report(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    # As gatekeeper writes it: UTF-8, not \u-escaped.
    (tmp_path / "report.json").write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    result = scan(tmp_path, ["report.json"])
    assert result.scanned == ("report.json",)
    return [f.rule_id for f in result.findings]


def first_secret(data: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = next(f["properties"] for f in data["findings"] if "secret_hmac" in f["properties"])
    return properties


def test_a_report_of_ours_is_read_and_its_records_of_secrets_are_not_secrets(
    tmp_path: Path, report: dict[str, Any]
) -> None:
    assert scan_report(tmp_path, report) == []


def test_a_file_that_is_not_a_whole_report_gets_no_allowance(tmp_path: Path, report: dict[str, Any]) -> None:
    # The same content without one required key is any JSON file: its `secret_*` values are reported.
    broken = {k: v for k, v in report.items() if k != "verdict"}
    assert scan_report(tmp_path, broken)


def test_a_secret_with_a_format_is_found_even_as_a_record(tmp_path: Path, report: dict[str, Any]) -> None:
    data = json.loads(json.dumps(report))
    first_secret(data)["secret_detail"] = AWS_KEY_ID
    assert scan_report(tmp_path, data) == ["secrets-aws-access-key"]


def test_a_secret_under_any_other_name_in_a_report_is_found(tmp_path: Path, report: dict[str, Any]) -> None:
    data = json.loads(json.dumps(report))
    first_secret(data)["db_password"] = rand(ALNUM, 20, "own-report")
    assert scan_report(tmp_path, data) == ["secrets-password"]
