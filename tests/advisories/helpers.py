"""Shared by the advisory, dependency-scanner and CycloneDX tests: fixture paths and real-data lookup."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "deps"
OSV_FIXTURE = FIXTURES / "osv"
PROJECTS = FIXTURES / "projects"
REAL_DATA_ENV = "GATEKEEPER_TEST_ADVISORIES"


def isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the cache at `tmp_path` and forget any advisory settings of the developer's shell;
    the frozen fixtures are accepted at any age (the age check has tests of its own)."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("GATEKEEPER_CACHE_DIR", str(cache))
    monkeypatch.delenv("GATEKEEPER_ADVISORIES", raising=False)
    monkeypatch.setenv("GATEKEEPER_ADVISORIES_MAX_AGE", "unlimited")
    return cache


def kept_index(cache: Path) -> Path:
    """The one advisory index kept in `cache`."""
    (path,) = (cache / "advisory-index").glob("osv-*.index")
    return path


def edit_index(path: Path, sql: str) -> list[Any]:
    """What someone without the cache key can do to a kept index: run `sql` on its SQLite bytes
    and put them back under the header (and MAC) the file had. Returns the statement's rows."""
    from gatekeeper.advisories.index import _MAC_CHARS, _MAGIC

    data = path.read_bytes()
    header = len(_MAGIC) + _MAC_CHARS
    with tempfile.TemporaryDirectory() as private:
        database = Path(private, "index.sqlite")
        database.write_bytes(data[header:])
        with sqlite3.connect(database) as db:
            rows = db.execute(sql).fetchall()
        db.close()
        path.write_bytes(data[:header] + database.read_bytes())
    return rows


def real_advisories() -> Path:
    """The real PyPA snapshot named by GATEKEEPER_TEST_ADVISORIES: skip when unset, fail when wrong."""
    value = os.environ.get(REAL_DATA_ENV)
    if not value:
        pytest.skip(f"{REAL_DATA_ENV} is not set (point it at ../shared/advisories/pypa-vulns)")
    path = Path(value)
    assert path.is_dir(), f"{REAL_DATA_ENV}={value} is not a directory"
    assert (path / "jinja2" / "PYSEC-2019-217.yaml").is_file(), (
        f"{REAL_DATA_ENV}={value} is not the PyPA advisory snapshot"
    )
    return path


class LoopbackServer:
    """An HTTP server on 127.0.0.1 that a test starts and stops: the only network tests may use."""

    def __init__(self, handler: type) -> None:
        import http.server
        import threading

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def closed_port_url() -> str:
    """A loopback URL nothing listens on (connection refused): an unreachable service, offline."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def declare_sizes(archive: Path, prefix: str, size: int) -> None:
    """Rewrite the uncompressed size the zip's central directory declares for each member named
    `prefix...` (the data stays as it is): a zip whose headers claim what it does not hold."""
    data = bytearray(archive.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    count = int.from_bytes(data[end + 10 : end + 12], "little")
    at = int.from_bytes(data[end + 16 : end + 20], "little")
    for _ in range(count):
        assert data[at : at + 4] == b"PK\x01\x02", "not a central directory entry"
        name_len, extra_len, comment_len = (int.from_bytes(data[at + o : at + o + 2], "little") for o in (28, 30, 32))
        if data[at + 46 : at + 46 + name_len].decode().startswith(prefix):
            data[at + 24 : at + 28] = size.to_bytes(4, "little")
        at += 46 + name_len + extra_len + comment_len
    archive.write_bytes(bytes(data))
