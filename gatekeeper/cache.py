"""A content-addressed store of scan results: a key names everything that decides a result.

Entries are JSON files written atomically (a temporary file renamed into place), so two scans
running at once never see half an entry. Every entry carries its own key and a checksum of its
payload; anything that does not parse, or does not check out, is treated as absent and rebuilt,
never trusted. Entries hold findings after redaction: no secret is ever written here.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from platformdirs import user_cache_path

FORMAT = 1
CACHE_ENV = "GATEKEEPER_CACHE_DIR"


def cache_root() -> Path:
    """`GATEKEEPER_CACHE_DIR` (e.g. a CI cache mount), else the platform's user cache directory."""
    override = os.environ.get(CACHE_ENV)
    return Path(override).expanduser() if override else user_cache_path("gatekeeper", appauthor=False)


def digest(value: Any) -> str:
    """sha256 of a JSON-able value in canonical form."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, separators=(",", ":"), default=str).encode()).hexdigest()


def file_digest(path: Path) -> str | None:
    """sha256 of a file's bytes; None when it cannot be read (the scanners will say why)."""
    hasher = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                hasher.update(block)
    except OSError:
        return None
    return hasher.hexdigest()


class ResultCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory / f"results-v{FORMAT}"

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
            return None
        payload = entry.get("payload")
        if entry.get("checksum") != digest(payload):
            return None
        return payload

    def put(self, key: str, payload: Any) -> bool:
        """Store an entry; False when it could not be written (a cache is an optimisation, not a must)."""
        path = self._path(key)
        text = json.dumps({"format": FORMAT, "key": key, "checksum": digest(payload), "payload": payload})
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".entry-", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(temp, path)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError:
            return False
        return True
