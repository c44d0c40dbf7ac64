"""Where gatekeeper keeps downloaded advisories and advisory indexes."""

from __future__ import annotations

from pathlib import Path

from gatekeeper.cache import cache_root


def database_dir(root: Path | None = None) -> Path:
    """The store `gatekeeper advisories update` / `import` fill by default: one directory per ecosystem."""
    return (root or cache_root()) / "osv"


def legacy_pypi_dir(root: Path | None = None) -> Path:
    """Where gatekeeper before issue 20 kept the PyPI export (still read until an update fills the store)."""
    return (root or cache_root()) / "osv-pypi"


def index_dir(root: Path | None = None) -> Path:
    return (root or cache_root()) / "advisory-index"
