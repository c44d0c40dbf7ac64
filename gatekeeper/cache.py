"""A content-addressed store of scan results: a key names everything that decides a result.

Entries are JSON files written atomically (a temporary file renamed into place), so two scans
running at once never see half an entry. Every entry carries its own key and a keyed MAC
(HMAC-SHA256) of its key and payload; anything that does not parse, or does not check out, is
treated as absent and rebuilt, never trusted. The MAC key is not kept in the cache directory
(see `cache_secret`): a cache restored from elsewhere (a shared CI cache) that someone edited,
emptying an entry's findings and recomputing a plain checksum, is a miss, never a pass. Entries
hold findings after redaction: no secret is ever written here.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import os
from pathlib import Path
from typing import Any, Mapping

from platformdirs import user_cache_path

from gatekeeper.atomic import write_atomically
from gatekeeper.errors import GatekeeperError
from gatekeeper.secrets.keyed_hash import HmacKeyError, default_key_path, key_from_environment, key_from_file

FORMAT = 3
CACHE_ENV = "GATEKEEPER_CACHE_DIR"
KEY_ENV = "GATEKEEPER_CACHE_KEY"
KEY_FILE_NAME = "cache.key"
_MIN_KEY_CHARS = 32
_log = logging.getLogger(__name__)


def cache_root() -> Path:
    """`GATEKEEPER_CACHE_DIR` (e.g. a CI cache mount), else the platform's user cache directory."""
    override = os.environ.get(CACHE_ENV)
    return Path(override).expanduser() if override else user_cache_path("gatekeeper", appauthor=False)


def cache_key_path() -> Path:
    """Beside the secrets' HMAC key in the user's config directory: outside every cache directory,
    so a cache restored from a shared CI cache never brings the key that would vouch for it."""
    return default_key_path().with_name(KEY_FILE_NAME)


def cache_secret(environ: Mapping[str, str] | None = None) -> bytes | None:
    """The key cache entries and advisory indexes are MACed with: `GATEKEEPER_CACHE_KEY` (set it
    from the CI secret store to reuse a cache across machines), else a random key made on first use
    in `cache_key_path()` (mode 0600). None when neither can be had (a read-only home): nothing is
    then reused or stored. Whoever can read the key can forge entries."""
    try:
        configured = key_from_environment(os.environ if environ is None else environ, KEY_ENV, _MIN_KEY_CHARS)
    except HmacKeyError as exc:
        raise GatekeeperError(str(exc)) from None
    if configured is not None:
        return configured
    try:
        return key_from_file(cache_key_path())
    except HmacKeyError as exc:
        note_once(f"cache not used: {exc}")
        return None


@functools.cache
def note_once(message: str) -> None:
    """A warning on standard error, once per process: a scan opens the cache (and the advisory
    index) more than once, and one note of each problem is enough."""
    _log.warning("%s", message)


def sign(secret: bytes, data: bytes) -> str:
    return hmac.new(secret, data, hashlib.sha256).hexdigest()


def signed(secret: bytes, data: bytes, mac: object) -> bool:
    return isinstance(mac, str) and hmac.compare_digest(sign(secret, data), mac)


def canonical(value: Any) -> bytes:
    """A JSON-able value as canonical JSON bytes (sorted keys, no spaces)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str).encode()


def digest(value: Any) -> str:
    """sha256 of a JSON-able value in canonical form."""
    return hashlib.sha256(canonical(value)).hexdigest()


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
    def __init__(self, directory: Path, secret: bytes | None = None) -> None:
        self.directory = directory / f"results-v{FORMAT}"
        self._secret = secret if secret is not None else cache_secret()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        if self._secret is None:
            return None
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
            return None
        payload = entry.get("payload")
        if not signed(self._secret, _signed_part(key, payload), entry.get("mac")):
            return None
        return payload

    def put(self, key: str, payload: Any) -> bool:
        """Store an entry; False when it could not be written (a cache is an optimisation, not a must)."""
        if self._secret is None:
            return False
        path = self._path(key)
        mac = sign(self._secret, _signed_part(key, payload))
        text = json.dumps({"format": FORMAT, "key": key, "mac": mac, "payload": payload})
        try:
            write_atomically(path, text, durable=False, private=True)
        except OSError:
            return False
        return True


def _signed_part(key: str, payload: Any) -> bytes:
    """What an entry's MAC covers: the format and key too, so an entry moved under another key
    (or read by another format) does not check out."""
    return canonical([FORMAT, key, payload])
