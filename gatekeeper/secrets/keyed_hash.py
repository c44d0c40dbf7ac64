"""Keyed hashes (HMAC-SHA256) of secrets and card numbers, so findings of the same value can be
correlated without a report ever holding the value or an unkeyed hash of it.

An unkeyed hash of a PAN is brute-forced in seconds from its first six and last four digits,
which is why PCI DSS 3.5.1.1 allows only keyed hashes. The key never enters a report: it comes
from `GATEKEEPER_HMAC_KEY` (set it from the CI secret store to correlate across runs and
machines) or else from a random key kept, readable by the user only, in the user's config directory.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path
from typing import Mapping

import platformdirs

KEY_ENV = "GATEKEEPER_HMAC_KEY"
KEY_FILE_NAME = "hmac.key"
_MIN_KEY_CHARS = 16
_KEY_BYTES = 32


class HmacKeyError(Exception):
    """The HMAC key cannot be loaded or created; the message never contains the key."""


def default_key_path() -> Path:
    return Path(platformdirs.user_config_dir("gatekeeper", appauthor=False)) / KEY_FILE_NAME


def key_from_environment(env: Mapping[str, str], name: str, minimum: int) -> bytes | None:
    """The key set in the variable `name` (None when unset); a short one is refused, not padded."""
    configured = env.get(name)
    if configured is None:
        return None
    if len(configured) < minimum:
        raise HmacKeyError(f"{name} is too short (needs at least {minimum} characters)")
    return configured.encode("utf-8")


def load_key(environ: Mapping[str, str] | None = None, path: Path | None = None) -> bytes:
    configured = key_from_environment(os.environ if environ is None else environ, KEY_ENV, _MIN_KEY_CHARS)
    return configured if configured is not None else key_from_file(path or default_key_path())


def key_for_scan(environ: Mapping[str, str] | None = None, path: Path | None = None) -> tuple[bytes, str]:
    """The key and where it came from (for the report's provenance, never the key itself).

    A key the user configured must work (a wrong one is an error). Without one, a key file that
    cannot be created or read (a read-only home in a CI container, a file others can read) gives
    way to a key for this run only: findings still correlate within the run, and the report says so.
    """
    env = os.environ if environ is None else environ
    if env.get(KEY_ENV) is not None:
        return load_key(env, path), KEY_ENV
    try:
        return load_key(env, path), "user config directory"
    except HmacKeyError as exc:
        return secrets.token_bytes(_KEY_BYTES), f"this run only ({exc})"


def keyed_hash(key: bytes, value: str) -> str:
    return "hmac-sha256:" + hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def key_from_file(path: Path) -> bytes:
    """A random key kept in `path` (made on first use, readable by the user only)."""
    if not path.exists():
        _create(path)
    try:
        mode = path.stat().st_mode
        # Windows has no such bits (every file reports 0o666); its ACLs follow the user profile.
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise HmacKeyError(
                f"{path} is readable by other users (mode {stat.S_IMODE(mode):04o}); run chmod 600 on it"
            )
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise HmacKeyError(
            f"cannot read the HMAC key {path}: {getattr(exc, 'strerror', None) or type(exc).__name__}"
        ) from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < _KEY_BYTES:
        raise HmacKeyError(f"{path} does not hold a {_KEY_BYTES}-byte hex key; delete it to have a new one made")
    return key


def _create(path: Path) -> None:
    """Write the key to a private temporary file, then link it into place: a concurrent run
    either wins the race or reads the complete key of the run that did."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(_KEY_BYTES) + "\n")
            try:
                os.link(temp, path)
            except FileExistsError:
                pass
        finally:
            temp.unlink(missing_ok=True)
    except OSError as exc:
        raise HmacKeyError(f"cannot create the HMAC key {path}: {exc.strerror or type(exc).__name__}") from None
