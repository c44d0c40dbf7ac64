"""The wheel carries the rule pack, so an installed gatekeeper works from any directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_wheel_ships_the_rule_pack_and_report_schema(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    source_rules = {
        "gatekeeper/_rules/" + p.relative_to(REPO / "rules").as_posix()
        for p in (REPO / "rules").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert source_rules and source_rules <= names, sorted(source_rules - names)[:5]
    assert "gatekeeper/schemas/report.schema.json" in names
    assert not any(n.startswith(("tests/", "examples/")) for n in names)
