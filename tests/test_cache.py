from __future__ import annotations

import json
import threading
from pathlib import Path

from gatekeeper.cache import ResultCache, digest, file_digest


def test_round_trip_and_miss(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    assert cache.get("ab" * 32) is None
    assert cache.put("ab" * 32, {"findings": [1, 2]})
    assert cache.get("ab" * 32) == {"findings": [1, 2]}


def test_truncated_entry_is_ignored_then_rebuilt(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    key = "cd" * 32
    cache.put(key, {"x": 1})
    [entry] = list(tmp_path.rglob(f"{key}.json"))
    entry.write_text(entry.read_text()[:20])
    assert cache.get(key) is None
    cache.put(key, {"x": 2})
    assert cache.get(key) == {"x": 2}


def test_tampered_payload_fails_its_checksum(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    key = "ef" * 32
    cache.put(key, {"findings": ["real"]})
    [entry] = list(tmp_path.rglob(f"{key}.json"))
    data = json.loads(entry.read_text())
    data["payload"]["findings"] = []
    entry.write_text(json.dumps(data))
    assert cache.get(key) is None


def test_entry_under_another_key_is_not_trusted(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    a, b = "01" * 32, "02" * 32
    cache.put(a, {"v": "a"})
    [entry] = list(tmp_path.rglob(f"{a}.json"))
    target = entry.parent.parent / b[:2] / f"{b}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(entry.read_text())
    assert cache.get(b) is None


def test_unwritable_directory_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = ResultCache(blocker)
    assert cache.put("ab" * 32, {"x": 1}) is False
    assert cache.get("ab" * 32) is None


def test_concurrent_writers_leave_a_whole_entry(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    key = "77" * 32
    payloads = [{"n": i, "pad": "x" * 50_000} for i in range(8)]
    threads = [threading.Thread(target=cache.put, args=(key, p)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.get(key) in payloads
    assert not list(tmp_path.rglob(".entry-*"))


def test_digests(tmp_path: Path) -> None:
    assert digest({"a": 1, "b": 2}) == digest({"b": 2, "a": 1})
    assert digest({"a": 1}) != digest({"a": 2})
    (tmp_path / "f").write_bytes(b"hello")
    assert file_digest(tmp_path / "f") == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    assert file_digest(tmp_path / "missing") is None
