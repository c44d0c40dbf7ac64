from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
def test_import_failure_is_exit_2_with_one_line(tmp_path: Path) -> None:
    # A module named like a dependency that raises on import stands in for a broken installation.
    (tmp_path / "rich").mkdir()
    (tmp_path / "rich" / "__init__.py").write_text("raise ImportError('rich is broken')\n")
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys; sys.path.insert(0, {str(tmp_path)!r}); from gatekeeper.entry import main; main()",
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "gatekeeper: error: installation is broken: ImportError: rich is broken"
