"""Every advisory test runs with its own cache and without the developer's advisory settings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.advisories.helpers import OSV_FIXTURE, isolate


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return isolate(tmp_path, monkeypatch)


@pytest.fixture
def osv_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture database, free to be damaged by a test."""
    copy = tmp_path / "osv"
    shutil.copytree(OSV_FIXTURE, copy)
    return copy
