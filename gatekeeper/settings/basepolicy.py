"""Where a base policy (`extends:`) is read from: a file beside the repository's, or an https URL
pinned by its sha256 and fetched only when asked (`gatekeeper config fetch`), into the cache.

A scan never goes to the network for its policy: an unfetched URL is an error that says how to
fetch it, and what was fetched is checked against its pin each time it is read, so a cache that
was tampered with, or a URL whose content changed, cannot hand a scan another policy.
"""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gatekeeper.atomic import write_atomically
from gatekeeper.cache import cache_root
from gatekeeper.errors import GatekeeperError
from gatekeeper.settings.document import Document

FETCH_TIMEOUT = 30.0
"""Seconds a policy download may take: a policy is a few KiB."""

MAX_POLICY_BYTES = 1_000_000


@dataclass(frozen=True)
class BaseRef:
    """What `extends:` names, resolved against the file that names it."""

    source: str
    """An absolute path, or an https URL."""
    sha256: str | None
    """The pin (hex): required for URLs, optional for files."""
    where: str
    """`file:line` of the `extends:` that named it, for messages."""

    @property
    def is_url(self) -> bool:
        return self.source.startswith("https://")

    @property
    def cached(self) -> Path:
        return cache_root() / "policies" / f"{self.sha256}.yml"


def reference(doc: Document, location: str | Path | None) -> BaseRef | None:
    """The base `doc` extends, if any; `location` is where doc itself was read from (its file, its
    URL, or None for a document without one: relative paths then resolve from the working directory)."""
    value = doc.data.get("extends") if isinstance(doc.data, dict) else None
    if value is None:
        return None
    source, pin = (value, None) if isinstance(value, str) else (value["source"], value.get("sha256"))
    where = doc.where(("extends",))
    if source.startswith("http://"):
        raise GatekeeperError(f"{where}: extends: '{source}': only https:// URLs (or files) can be a base policy")
    if isinstance(location, str):  # a base read from a URL: what it extends is relative to that URL
        source = urllib.parse.urljoin(location, source)
        if not source.startswith("https://"):
            raise GatekeeperError(f"{where}: extends: '{source}': a policy fetched from a URL can only extend URLs")
    elif not source.startswith("https://"):
        base_dir = location.parent if location is not None else Path.cwd()
        source = str((base_dir / source).resolve())
    if source.startswith("https://") and pin is None:
        raise GatekeeperError(
            f"{where}: extends: '{source}': a URL needs its sha256 pin "
            "(extends: {source: URL, sha256: HEX}), so a changed file is refused, never applied"
        )
    return BaseRef(source, pin, where)


def read(ref: BaseRef) -> bytes:
    """The base policy's bytes: the file, or the fetched copy of the URL, checked against the pin."""
    if ref.is_url:
        if not ref.cached.is_file():
            raise GatekeeperError(
                f"{ref.where}: extends: {ref.source} is not fetched yet: run 'gatekeeper config fetch' "
                "(a scan never downloads its policy)"
            )
        data = _read_file(ref.cached, ref)
    else:
        data = _read_file(Path(ref.source), ref)
    _check_pin(ref, data, "the file read")
    return data


def fetch(ref: BaseRef, timeout: float = FETCH_TIMEOUT) -> tuple[bytes, bool]:
    """Download a URL base into the cache (once: a pinned file never changes); (bytes, downloaded)."""
    if ref.cached.is_file():
        data = ref.cached.read_bytes()
        if hashlib.sha256(data).hexdigest() == ref.sha256:
            return data, False
    request = urllib.request.Request(ref.source, headers={"User-Agent": "gatekeeper-config-fetch"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_POLICY_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise GatekeeperError(f"{ref.where}: cannot fetch {ref.source}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise GatekeeperError(f"{ref.where}: cannot fetch {ref.source}: {exc.reason}") from None
    except (OSError, ValueError) as exc:
        raise GatekeeperError(f"{ref.where}: cannot fetch {ref.source}: {exc}") from None
    if len(data) > MAX_POLICY_BYTES:
        raise GatekeeperError(f"{ref.where}: {ref.source}: over {MAX_POLICY_BYTES:,} bytes: not a policy file")
    _check_pin(ref, data, "the download")
    write_atomically(ref.cached, data)
    return data, True


def _read_file(path: Path, ref: BaseRef) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GatekeeperError(f"{ref.where}: extends: {path}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_POLICY_BYTES:
        raise GatekeeperError(f"{ref.where}: extends: {path}: over {MAX_POLICY_BYTES:,} bytes: not a policy file")
    return data


def _check_pin(ref: BaseRef, data: bytes, what: str) -> None:
    actual = hashlib.sha256(data).hexdigest()
    if ref.sha256 is not None and actual != ref.sha256:
        raise GatekeeperError(
            f"{ref.where}: extends: {ref.source}: sha256 of {what} is {actual}, the pin says {ref.sha256}: refused"
        )


def text_of(data: bytes, ref: BaseRef) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise GatekeeperError(f"{ref.where}: extends: {ref.source}: not UTF-8 text") from None


def layer_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def describe(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
