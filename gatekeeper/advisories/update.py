"""`gatekeeper advisories update` and `import`: OSV's per-ecosystem exports into the store, verified
and atomically.

The store (by default gatekeeper.advisories.cache.database_dir) holds one directory per ecosystem,
each with one export zip and the metadata file naming it (its sha256, date and source). An export is
downloaded (or, for `import`, copied or zipped from a directory) to a temporary file next to its
destination and checked: every record must read and validate, and it must hold records of the
ecosystem it is installed as. Only when every requested ecosystem is staged is each moved into place,
its metadata replaced last; a failed or interrupted update leaves the previous data in use. The
recorded date is the newest record's `modified` time (the server's Last-Modified is kept too, but a
mirror's copy time says nothing about the data). Size and zip-bomb limits are local.py's.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from gatekeeper.advisories.interface import AdvisoryError
from gatekeeper.advisories.local import (
    METADATA_FILE,
    METADATA_FORMAT,
    LocalOsvSource,
    OsvLocation,
)
from gatekeeper.atomic import write_atomically

OSV_EXPORTS = "https://osv-vulnerabilities.storage.googleapis.com"
ECOSYSTEMS = ("PyPI", "npm", "Maven", "Go")
"""What `update` fetches by default: the ecosystems gatekeeper audits."""
DEFAULT_URL = f"{OSV_EXPORTS}/PyPI/all.zip"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Installed:
    directory: Path
    archive: Path
    sha256: str
    date: str
    records: int
    url: str
    ecosystem: str | None = None


@dataclass(frozen=True)
class _Staged:
    temp: Path
    metadata: dict[str, object]

    @property
    def ecosystem(self) -> str | None:
        value = self.metadata.get("ecosystem")
        return str(value) if value else None


def export_url(base: str, ecosystem: str) -> str:
    """OSV's layout: `{base}/{Ecosystem}/all.zip` (a mirror keeps it)."""
    return f"{base.rstrip('/')}/{ecosystem}/all.zip"


def update_store(
    base: str,
    store: Path,
    ecosystems: tuple[str, ...] = ECOSYSTEMS,
    *,
    cache_dir: Path | None = None,
    timeout: float = 300.0,
    skip_invalid: bool = False,
    now: datetime | None = None,
) -> list[Installed]:
    """Each ecosystem's export from `base` into `store/<Ecosystem>`: all verified, then all swapped in."""
    staged: list[_Staged] = []
    try:
        if base.endswith(".zip"):  # one export named in full: installed as the ecosystem its records name
            wanted: tuple[str | None, ...] = ecosystems if len(ecosystems) == 1 else (None,)
            staged.append(
                _stage(base, store, wanted[0], timeout=timeout, skip_invalid=skip_invalid, now=now, require_one=True)
            )
        else:
            for ecosystem in ecosystems:
                staged.append(
                    _stage(
                        export_url(base, ecosystem),
                        store,
                        ecosystem,
                        timeout=timeout,
                        skip_invalid=skip_invalid,
                        now=now,
                    )
                )
        installed = [_install(item, store / str(item.ecosystem)) for item in staged]
    finally:
        for item in staged:
            item.temp.unlink(missing_ok=True)
    _warm(store, cache_dir, skip_invalid)
    return installed


def import_data(
    source: Path,
    store: Path,
    ecosystem: str | None = None,
    *,
    cache_dir: Path | None = None,
    skip_invalid: bool = False,
    now: datetime | None = None,
) -> Installed:
    """An export zip or a directory of OSV records carried in by hand, into `store/<Ecosystem>` (the
    ecosystem its records name, or `ecosystem` when they name several)."""
    if not source.exists():
        raise AdvisoryError(f"{source} does not exist")
    with tempfile.TemporaryDirectory(prefix="gatekeeper-import-") as private:
        archive = source if source.is_file() else _zip_directory(source, Path(private) / "records.zip")
        probe = LocalOsvSource(archive, display=str(source), skip_invalid=skip_invalid, keep_index=False)
        held = sorted(probe.index.ecosystems)
        probe.close()
        if ecosystem is None:
            if len(held) != 1:
                raise AdvisoryError(
                    f"{source} holds advisories for {', '.join(held) or 'no ecosystem'}: "
                    "name the one to import with --ecosystem"
                )
            ecosystem = held[0]
        staged = _stage(
            archive.resolve().as_uri(),
            store,
            ecosystem,
            timeout=60.0,
            skip_invalid=skip_invalid,
            now=now,
            shown=str(source),
        )
        try:
            installed = _install(staged, store / ecosystem)
        finally:
            staged.temp.unlink(missing_ok=True)
    _warm(store, cache_dir, skip_invalid)
    return installed


def update(
    url: str,
    dest: Path,
    *,
    cache_dir: Path | None = None,
    timeout: float = 300.0,
    skip_invalid: bool = False,
    now: datetime | None = None,
    ecosystem: str | None = "PyPI",
) -> Installed:
    """One export of `ecosystem` from `url` into `dest` (a directory of its own)."""
    staged = _stage(url, dest, ecosystem, timeout=timeout, skip_invalid=skip_invalid, now=now)
    try:
        installed = _install(staged, dest)
    finally:
        staged.temp.unlink(missing_ok=True)
    _warm(dest, cache_dir, skip_invalid)
    return installed


def _stage(
    url: str,
    dest: Path,
    ecosystem: str | None,
    *,
    timeout: float,
    skip_invalid: bool,
    now: datetime | None,
    shown: str | None = None,
    require_one: bool = False,
) -> _Staged:
    """Download `url` into a temporary file in `dest` and validate it; nothing is replaced yet."""
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
        # Reading every record validates the download.
        source = LocalOsvSource(temp, display=shown or url, skip_invalid=skip_invalid, keep_index=False)
        records, newest, held = source.identity.records or 0, source.index.newest_modified, source.index.ecosystems
        source.close()
        if ecosystem is None and len(held) == 1:
            ecosystem = next(iter(held))
        if ecosystem is None and require_one:
            raise AdvisoryError(
                f"{shown or url} holds advisories for {', '.join(sorted(held)) or 'no ecosystem'}: "
                "name the one to install with --ecosystem"
            )
        if ecosystem is not None and ecosystem not in held:
            raise AdvisoryError(
                f"{shown or url} holds no {ecosystem} advisories "
                f"(it holds: {', '.join(sorted(held)) or 'none'}): not installed as {ecosystem}"
            )
        if ecosystem is not None:
            newest = held[ecosystem].get("newest_modified") or newest
        fetched = (now or datetime.now(timezone.utc)).replace(microsecond=0)
        # The data is as fresh as its newest record, whatever the server's clock or a mirror's copy
        # time says: when the two differ, the older date is the one a max_age_days check must see.
        date = newest or last_modified or _iso(fetched)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    metadata: dict[str, object] = {
        "format": METADATA_FORMAT,
        "archive": f"{_prefix(ecosystem)}{digest[:16]}.zip",
        "sha256": digest,
        "url": shown or url,
        "date": date,
        "last_modified": last_modified,
        "downloaded_at": _iso(fetched),
        "records": records,
    }
    if ecosystem is not None:
        metadata["ecosystem"] = ecosystem
    return _Staged(temp, metadata)


def _install(staged: _Staged, dest: Path) -> Installed:
    """Move a staged export into `dest` (same file system), its metadata last."""
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AdvisoryError(f"cannot write to {dest}: {exc.strerror or exc}") from None
    archive = dest / str(staged.metadata["archive"])
    os.replace(staged.temp, archive)
    write_atomically(dest / METADATA_FILE, json.dumps(staged.metadata, indent=2) + "\n")
    for old in dest.glob("osv-*.zip"):
        if old != archive:
            old.unlink(missing_ok=True)
    meta = staged.metadata
    ecosystem = meta.get("ecosystem")
    return Installed(
        dest,
        archive,
        str(meta["sha256"]),
        str(meta["date"]),
        int(str(meta["records"])),
        str(meta["url"]),
        str(ecosystem) if ecosystem else None,
    )


def _warm(store: Path, cache_dir: Path | None, skip_invalid: bool) -> None:
    """Index the store as scans will read it, so that the first scan after an update finds it built."""
    try:
        LocalOsvSource(store, cache_dir=cache_dir, skip_invalid=skip_invalid).close()
    except AdvisoryError:
        pass  # each export was verified alone; a scan reports any problem of the whole


def _prefix(ecosystem: str | None) -> str:
    return f"osv-{(ecosystem or 'export').lower()}-"


def _zip_directory(directory: Path, target: Path) -> Path:
    """The directory's OSV records (the walk scans use: links out refused) as one zip."""
    location = OsvLocation(directory)
    problems = location.links_out()
    if problems:
        raise AdvisoryError(problems[0])
    top = len(location.display) + 1
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        for origin, raw in location.records():
            bundle.writestr(origin[top:].replace(":", "/"), raw)  # `x.zip:member` for a zip in the directory
    return target


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
