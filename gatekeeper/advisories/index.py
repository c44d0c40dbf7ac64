"""The advisory index: every valid record of one database, keyed by package, in SQLite.

Parsing the full PyPA database (thousands of YAML files) takes seconds; looking up a few hundred
packages in the index takes milliseconds. An index is built once per database digest and reused.
It holds data only (JSON text in SQLite, never pickle), and is checked against the digest it was
built for, so a stale or foreign index file is rebuilt rather than trusted.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from gatekeeper.advisories.cache import index_dir
from gatekeeper.advisories.interface import AdvisoryError
from gatekeeper.advisories.osv import Advisory, RecordError, decode_record, parse_record, parse_timestamp

if TYPE_CHECKING:
    from gatekeeper.advisories.local import OsvLocation

INDEX_FORMAT = "2"
KEEP_INDEXES = 8
"""Index files kept in the cache (the most recently used); older ones are deleted when one is built."""
_QUERY_CHUNK = 500


class AdvisoryIndex:
    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self._db = connection
        self.path = path
        """The index file; None when it lives in memory (the cache directory was not writable)."""
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        self.meta = meta
        self.digest = meta.get("digest", "")
        self.records = int(meta.get("records", "0"))
        self.newest_modified = meta.get("newest_modified") or None
        self.problems: tuple[str, ...] = tuple(json.loads(meta.get("problems", "[]")))

    def advisories_for(self, names: Iterable[str]) -> dict[str, list[Advisory]]:
        wanted = sorted(set(names))
        found: dict[str, list[Advisory]] = {}
        parsed: dict[str, Advisory] = {}
        for start in range(0, len(wanted), _QUERY_CHUNK):
            chunk = wanted[start : start + _QUERY_CHUNK]
            rows = self._db.execute(
                "SELECT p.name, a.id, a.record FROM packages p JOIN advisories a ON a.id = p.id "
                f"WHERE p.name IN ({','.join('?' * len(chunk))}) ORDER BY p.name, a.id",
                chunk,
            ).fetchall()
            for name, advisory_id, record in rows:
                if advisory_id not in parsed:
                    parsed[advisory_id] = Advisory.from_json(json.loads(record))
                found.setdefault(name, []).append(parsed[advisory_id])
        return found

    def close(self) -> None:
        self._db.close()


def open_index(location: "OsvLocation", cache_dir: Path | None, *, skip_invalid: bool) -> AdvisoryIndex:
    """The index for this database's digest: reused when a valid one exists, else built (and cached)."""
    digest = location.digest()
    directory = index_dir(cache_dir)
    path = directory / f"osv-{digest.removeprefix('sha256:')[:32]}-v{INDEX_FORMAT}.sqlite"
    index = _open_existing(path, digest)
    if index is None:
        index = _build(location, digest, directory, path, skip_invalid)
    if index.problems and not skip_invalid:
        index.close()
        raise AdvisoryError(f"{index.problems[0]} (pass --skip-invalid-advisories to skip corrupt records)")
    return index


def _open_existing(path: Path, digest: str) -> AdvisoryIndex | None:
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        index = AdvisoryIndex(connection, path)
    except (sqlite3.Error, ValueError, TypeError):
        return None  # damaged or foreign: rebuilt below
    if index.meta.get("format") != INDEX_FORMAT or index.digest != digest:
        index.close()
        return None
    try:
        os.utime(path)  # marks it used, for pruning
    except OSError:
        pass
    return index


def _prune(directory: Path) -> None:
    """Delete all but the KEEP_INDEXES most recently used indexes (best effort: another run may hold one)."""
    try:
        indexes = sorted(directory.glob("osv-*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in indexes[KEEP_INDEXES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _build(location: "OsvLocation", digest: str, directory: Path, path: Path, skip_invalid: bool) -> AdvisoryIndex:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=directory)
        os.close(fd)
    except OSError:
        temp_name = None  # no writable cache: index in memory for this run only
    connection = sqlite3.connect(temp_name or ":memory:", check_same_thread=False)
    try:
        _fill(connection, location, digest, skip_invalid)
        if temp_name is None:
            return AdvisoryIndex(connection, None)
        connection.close()
        os.replace(temp_name, path)  # readers see a complete index or none
        _prune(directory)
    except BaseException:
        connection.close()
        if temp_name:
            Path(temp_name).unlink(missing_ok=True)
        raise
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    return AdvisoryIndex(connection, path)


def _fill(connection: sqlite3.Connection, location: "OsvLocation", digest: str, skip_invalid: bool) -> None:
    connection.executescript(
        """
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE advisories (id TEXT PRIMARY KEY, record TEXT NOT NULL);
        CREATE TABLE packages (name TEXT NOT NULL, id TEXT NOT NULL);
        """
    )
    problems: list[str] = []
    origins: dict[str, str] = {}
    newest: tuple[datetime, str] | None = None
    withdrawn = 0
    for problem in location.links_out():
        if not skip_invalid:
            raise RecordError(problem)
        problems.append(problem)
    for origin, raw in location.records():
        try:
            advisory = parse_record(decode_record(origin, raw), origin)
        except RecordError as exc:
            if not skip_invalid:
                raise
            problems.append(str(exc))
            continue
        if advisory is None:
            withdrawn += 1
            continue
        if advisory.id in origins:
            problem = f"{origin}: duplicate advisory id {advisory.id} (also in {origins[advisory.id]})"
            if not skip_invalid:
                raise RecordError(problem)
            problems.append(problem)
            continue
        origins[advisory.id] = origin
        modified = parse_timestamp(advisory.modified) if advisory.modified else None
        if modified is not None and (newest is None or modified > newest[0]):
            newest = (modified, advisory.modified or "")
        connection.execute(
            "INSERT INTO advisories VALUES (?, ?)", (advisory.id, json.dumps(advisory.to_json(), separators=(",", ":")))
        )
        connection.executemany("INSERT INTO packages VALUES (?, ?)", [(name, advisory.id) for name in advisory.packages])
    if not origins and not withdrawn:
        raise AdvisoryError(f"advisory database {location.display} holds no valid OSV records (*.json, *.yaml)")
    connection.execute("CREATE INDEX packages_by_name ON packages (name)")
    meta = {
        "format": INDEX_FORMAT,
        "digest": digest,
        "records": str(len(origins)),
        "withdrawn": str(withdrawn),
        "newest_modified": newest[1] if newest else "",
        "problems": json.dumps(problems),
    }
    connection.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    connection.commit()
