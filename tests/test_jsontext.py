"""Indented JSON text: what the standard library writes, at C speed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gatekeeper.jsontext import dumps
from tests.conftest import EXAMPLE, run_cli


def standard(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.slow
def test_a_real_report_is_written_byte_for_byte_as_the_standard_encoder_writes_it() -> None:
    proc = run_cli("scan", str(EXAMPLE), "--format", "json", "--no-cache")
    report = json.loads(proc.stdout)
    assert report["findings"] and proc.stdout == dumps(report) == standard(report)


@pytest.mark.parametrize(
    "value",
    [
        {"name": "café – ü", "control": "\u0001\x7f", "quote": '"\\', "empty": [], "nested": {"a": {}}},
        [0, -1, 2**63 - 1, 0.1, 1e16, 3.5, True, None],
    ],
)
def test_values_are_written_as_the_standard_encoder_writes_them(value: Any) -> None:
    assert dumps(value) == standard(value)


@pytest.mark.parametrize("value", [{"big": 2**70}, {"path": "caf\udce9.py"}])
def test_what_orjson_refuses_is_still_written(value: Any) -> None:
    assert dumps(value) == standard(value)
