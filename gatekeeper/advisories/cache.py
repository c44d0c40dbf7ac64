"""Where gatekeeper keeps downloaded advisories and advisory indexes."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path

CACHE_ENV = "GATEKEEPER_CACHE_DIR"


def cache_root() -> Path:
    """`GATEKEEPER_CACHE_DIR` (e.g. a CI cache mount), else the platform's user cache directory."""
    override = os.environ.get(CACHE_ENV)
    return Path(override).expanduser() if override else user_cache_path("gatekeeper", appauthor=False)


def database_dir(root: Path | None = None) -> Path:
    """Where `gatekeeper advisories update` puts the OSV PyPI export by default."""
    return (root or cache_root()) / "osv-pypi"


def index_dir(root: Path | None = None) -> Path:
    return (root or cache_root()) / "advisory-index"
