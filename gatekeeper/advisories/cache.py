"""Where gatekeeper keeps downloaded advisories and advisory indexes."""

from __future__ import annotations

from pathlib import Path

from gatekeeper.cache import cache_root


def database_dir(root: Path | None = None) -> Path:
    """Where `gatekeeper advisories update` puts the OSV PyPI export by default."""
    return (root or cache_root()) / "osv-pypi"


def index_dir(root: Path | None = None) -> Path:
    return (root or cache_root()) / "advisory-index"
