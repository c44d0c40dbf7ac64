"""`gatekeeper advisories update`: fetch the OSV PyPI export into the cache, verified and atomically.

The zip is downloaded to a temporary file next to its destination, checked (every record must
read and validate, which also builds the scan index), then moved into place; the metadata file
that names it (with its sha256 and date) is replaced last. A failed or interrupted update leaves
the previous database in use. The recorded date is the newest record's `modified` time (the
server's Last-Modified is kept too, but a mirror's copy time says nothing about the data).
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from gatekeeper.advisories.interface import AdvisoryError
from gatekeeper.advisories.local import METADATA_FILE, METADATA_FORMAT, LocalOsvSource
from gatekeeper.atomic import write_atomically

DEFAULT_URL = "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip"
ARCHIVE_PREFIX = "osv-pypi-"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Installed:
    directory: Path
    archive: Path
    sha256: str
    date: str
    records: int
    url: str


def update(
    url: str,
    dest: Path,
    *,
    cache_dir: Path | None = None,
    timeout: float = 300.0,
    skip_invalid: bool = False,
    now: datetime | None = None,
) -> Installed:
    try:
        dest.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=".download-", suffix=".zip", dir=dest)
    except OSError as exc:
        raise AdvisoryError(f"cannot write to {dest}: {exc.strerror or exc}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            digest, last_modified = _download(url, out, timeout)
            out.flush()
            os.fsync(out.fileno())
        # Reading every record validates the download and builds the index scans will reuse.
        source = LocalOsvSource(temp, display=url, cache_dir=cache_dir, skip_invalid=skip_invalid)
        records, newest = source.identity.records or 0, source.index.newest_modified
        source.close()
        fetched = (now or datetime.now(timezone.utc)).replace(microsecond=0)
        # The data is as fresh as its newest record, whatever the server's clock or a mirror's copy
        # time says: when the two differ, the older date is the one a max_age_days check must see.
        date = newest or last_modified or _iso(fetched)
        archive = dest / f"{ARCHIVE_PREFIX}{digest[:16]}.zip"
        os.replace(temp, archive)
        metadata = {
            "format": METADATA_FORMAT,
            "archive": archive.name,
            "sha256": digest,
            "url": url,
            "date": date,
            "last_modified": last_modified,
            "downloaded_at": _iso(fetched),
            "records": records,
        }
        write_atomically(dest / METADATA_FILE, json.dumps(metadata, indent=2) + "\n")
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    for old in dest.glob(f"{ARCHIVE_PREFIX}*.zip"):
        if old != archive:
            old.unlink(missing_ok=True)
    return Installed(dest, archive, digest, date, records, url)


def _download(url: str, out: BinaryIO, timeout: float) -> tuple[str, str | None]:
    """Stream `url` into `out`; (sha256 hex, Last-Modified as ISO 8601 or None)."""
    digest = hashlib.sha256()
    request = urllib.request.Request(url, headers={"User-Agent": "gatekeeper-advisories-update"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            while chunk := response.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
            last_modified = response.headers.get("Last-Modified")
    except urllib.error.HTTPError as exc:
        raise AdvisoryError(f"cannot download advisories from {url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise AdvisoryError(f"cannot download advisories from {url}: {exc.reason}") from None
    except (OSError, ValueError) as exc:
        raise AdvisoryError(f"cannot download advisories from {url}: {exc}") from None
    return digest.hexdigest(), _http_date(last_modified)


def _http_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return _iso(moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc))


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")

