"""The advisory index: every valid record of one database, keyed by (ecosystem, package), in SQLite.

Parsing the full PyPA database (thousands of YAML files) takes seconds; looking up a few hundred
packages in the index takes milliseconds. An index is built in memory, then kept in the cache (once
per database digest) as one file: a header, an HMAC-SHA256 of the SQLite bytes under the cache key
(gatekeeper.cache.cache_secret), and those bytes. A scan reads the file, checks the MAC and opens
exactly the bytes it checked, in memory: an index with rows deleted or records edited, a stale or
foreign one, is rebuilt rather than trusted. It holds data only (JSON text in SQLite, never pickle).
Keeping it is best effort: when the index cannot be written (a full disk, a read-only cache), or
`persist` is off (`--no-cache`), the scan goes on with the index in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from gatekeeper.advisories.cache import index_dir
from gatekeeper.advisories.interface import AdvisoryError
from gatekeeper.advisories.osv import Advisory, RecordError, decode_record, parse_record, parse_timestamp
from gatekeeper.atomic import write_atomically
from gatekeeper.cache import cache_secret, note_once, sign, signed

if TYPE_CHECKING:
    from gatekeeper.advisories.local import OsvLocation

INDEX_FORMAT = "4"
_MAGIC = b"gatekeeper advisory index %s\n" % INDEX_FORMAT.encode()
_MAC_CHARS = 64
_IN_MEMORY = hasattr(sqlite3.Connection, "serialize")
"""Python 3.11+ copies a database to and from bytes directly; 3.10 goes through a private temporary file."""
KEEP_INDEXES = 8
"""Index files kept in the cache (the most recently used); older ones are deleted when one is built."""
_QUERY_CHUNK = 500


class AdvisoryIndex:
    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self._db = connection
        self.path = path
        """The cache file it was read from or written to; None when it was not kept (see above)."""
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        self.meta = meta
        self.digest = meta.get("digest", "")
        self.records = int(meta.get("records", "0"))
        self.newest_modified = meta.get("newest_modified") or None
        self.problems: tuple[str, ...] = tuple(json.loads(meta.get("problems", "[]")))
        self.ecosystems: dict[str, dict[str, Any]] = json.loads(meta.get("ecosystems", "{}"))
        """Per ecosystem: its records, newest `modified` and a digest of its records' content."""

    def advisories_for(self, packages: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[Advisory]]:
        """The records naming each (ecosystem, name)."""
        wanted = sorted({f"{ecosystem}\0{name}" for ecosystem, name in packages})
        found: dict[tuple[str, str], list[Advisory]] = {}
        parsed: dict[str, Advisory] = {}
        for start in range(0, len(wanted), _QUERY_CHUNK):
            chunk = wanted[start : start + _QUERY_CHUNK]
            rows = self._db.execute(
                "SELECT p.name, a.id, a.record FROM packages p JOIN advisories a ON a.id = p.id "
                f"WHERE p.name IN ({','.join('?' * len(chunk))}) ORDER BY p.name, a.id",
                chunk,
            ).fetchall()
            for package, advisory_id, record in rows:
                if advisory_id not in parsed:
                    parsed[advisory_id] = Advisory.from_json(json.loads(record))
                ecosystem, name = package.split("\0", 1)
                found.setdefault((ecosystem, name), []).append(parsed[advisory_id])
        return found

    def close(self) -> None:
        self._db.close()


def open_index(
    location: OsvLocation, cache_dir: Path | None, *, skip_invalid: bool, persist: bool = True
) -> AdvisoryIndex:
    """The index for this database's digest: a kept one whose MAC checks out, else built (and kept
    when `persist` and a cache key allow it)."""
    digest = location.digest()
    secret = cache_secret() if persist else None
    path = index_dir(cache_dir) / f"osv-{digest.removeprefix('sha256:')[:32]}-v{INDEX_FORMAT}.index"
    index = _open_existing(path, digest, secret) if secret is not None else None
    if index is None:
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            _fill(connection, location, digest, skip_invalid)
        except sqlite3.Error as exc:  # out of memory, say: the scanner's error, never a crash
            connection.close()
            raise AdvisoryError(f"cannot index advisory database {location.display}: {exc}") from None
        except BaseException:
            connection.close()
            raise
        kept = secret is not None and _keep(connection, path, secret)
        index = AdvisoryIndex(connection, path if kept else None)
    if index.problems and not skip_invalid:
        index.close()
        raise AdvisoryError(f"{index.problems[0]} (pass --skip-invalid-advisories to skip corrupt records)")
    return index


def _open_existing(path: Path, digest: str, secret: bytes) -> AdvisoryIndex | None:
    """The kept index when its MAC and digest check out; None (rebuilt) for anything else."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + _MAC_CHARS
    body = data[header:]
    if not data.startswith(_MAGIC) or not signed(secret, body, data[len(_MAGIC) : header].decode("ascii", "replace")):
        return None
    try:
        connection = _from_bytes(body)
    except sqlite3.Error:
        return None
    try:
        index = AdvisoryIndex(connection, path)
    except (sqlite3.Error, ValueError, TypeError):
        connection.close()
        return None
    if index.meta.get("format") != INDEX_FORMAT or index.digest != digest:
        index.close()
        return None
    try:
        os.utime(path)  # marks it used, for pruning
    except OSError:
        pass
    return index


def _keep(connection: sqlite3.Connection, path: Path, secret: bytes) -> bool:
    """Write the index to the cache, atomically; False (a note, and the scan goes on with the
    index in memory) on any failure: a full disk, a read-only or damaged cache directory."""
    try:
        body = _to_bytes(connection)
        # Readers see a complete index or none.
        write_atomically(path, _MAGIC + sign(secret, body).encode("ascii") + body, durable=False, private=True)
    except (OSError, sqlite3.Error) as exc:
        note_once(
            f"advisory index not kept in {path.parent} ({getattr(exc, 'strerror', None) or exc}): "
            "indexed in memory for this run"
        )
        return False
    _prune(path.parent)
    return True


def _to_bytes(connection: sqlite3.Connection) -> bytes:
    if _IN_MEMORY:
        return bytes(connection.serialize())
    with tempfile.TemporaryDirectory(prefix="gatekeeper-index-") as private:
        target = sqlite3.connect(os.path.join(private, "index"))
        try:
            connection.backup(target)
        finally:
            target.close()
        return Path(private, "index").read_bytes()


def _from_bytes(body: bytes) -> sqlite3.Connection:
    """An in-memory database holding exactly `body` (the bytes whose MAC was checked)."""
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        if _IN_MEMORY:
            connection.deserialize(body)
            return connection
        with tempfile.TemporaryDirectory(prefix="gatekeeper-index-") as private:
            Path(private, "index").write_bytes(body)
            source = sqlite3.connect(os.path.join(private, "index"))
            try:
                source.backup(connection)
            finally:
                source.close()
        return connection
    except BaseException:
        connection.close()
        raise


def _prune(directory: Path) -> None:
    """Delete all but the KEEP_INDEXES most recently used indexes (best effort: another run may
    hold one), and any index of an earlier format."""
    try:
        for old in directory.glob("osv-*.sqlite"):
            old.unlink(missing_ok=True)
        indexes = sorted(directory.glob("osv-*.index"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in indexes[KEEP_INDEXES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _fill(connection: sqlite3.Connection, location: OsvLocation, digest: str, skip_invalid: bool) -> None:
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
    contents: dict[str, bytes] = {}
    newest: tuple[datetime, str] | None = None
    withdrawn = 0
    ecosystems: dict[str, dict[str, Any]] = {}
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
        content = hashlib.sha256(json.dumps({**advisory.to_json(), "origin": ""}, sort_keys=True).encode()).digest()
        if advisory.id in origins and contents[advisory.id] == content and _other_export(origins[advisory.id], origin):
            continue  # OSV puts a record for several ecosystems in each one's export: the same record, once
        if advisory.id in origins:
            problem = f"{origin}: duplicate advisory id {advisory.id} (also in {origins[advisory.id]})"
            if not skip_invalid:
                raise RecordError(problem)
            problems.append(problem)
            continue
        origins[advisory.id] = origin
        contents[advisory.id] = content
        modified = parse_timestamp(advisory.modified) if advisory.modified else None
        if modified is not None and (newest is None or modified > newest[0]):
            newest = (modified, advisory.modified or "")
        record = json.dumps(advisory.to_json(), separators=(",", ":"))
        connection.execute("INSERT INTO advisories VALUES (?, ?)", (advisory.id, record))
        connection.executemany(
            "INSERT INTO packages VALUES (?, ?)", [(f"{eco}\0{name}", advisory.id) for eco, name in advisory.packages]
        )
        for eco in {eco for eco, _ in advisory.packages}:
            _count(ecosystems, eco, advisory, record)
    if not origins and not withdrawn:
        raise AdvisoryError(f"advisory database {location.display} holds no valid OSV records (*.json, *.yaml)")
    connection.execute("CREATE INDEX packages_by_name ON packages (name)")  # `<ecosystem>\0<name>`
    meta = {
        "format": INDEX_FORMAT,
        "digest": digest,
        "records": str(len(origins)),
        "withdrawn": str(withdrawn),
        "newest_modified": newest[1] if newest else "",
        "problems": json.dumps(problems),
        "ecosystems": json.dumps({eco: _summary(entry) for eco, entry in sorted(ecosystems.items())}),
    }
    connection.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    connection.commit()


def _other_export(first: str, second: str) -> bool:
    """Whether two records come from two different export zips (`<zip>:<member>` origins)."""
    return ".zip:" in first and ".zip:" in second and first.split(".zip:", 1)[0] != second.split(".zip:", 1)[0]


def _count(ecosystems: dict[str, dict[str, Any]], ecosystem: str, advisory: Advisory, record: str) -> None:
    """Per ecosystem: records, the newest `modified`, and a digest of the records (in id order)."""
    entry = ecosystems.setdefault(ecosystem, {"records": 0, "newest": None, "ids": []})
    entry["records"] += 1
    entry["ids"].append((advisory.id, hashlib.sha256(record.encode()).hexdigest()))
    modified = parse_timestamp(advisory.modified) if advisory.modified else None
    if modified is not None and (entry["newest"] is None or modified > entry["newest"][0]):
        entry["newest"] = (modified, advisory.modified)


def _summary(entry: dict[str, Any]) -> dict[str, Any]:
    digest = hashlib.sha256()
    for advisory_id, record_digest in sorted(entry["ids"]):
        digest.update(f"{advisory_id}\0{record_digest}\n".encode())
    return {
        "records": entry["records"],
        "newest_modified": entry["newest"][1] if entry["newest"] else None,
        "digest": "sha256:" + digest.hexdigest(),
    }
