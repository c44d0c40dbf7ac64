from __future__ import annotations

import json
import stat
import threading
from pathlib import Path

import pytest

from gatekeeper.cache import KEY_ENV, ResultCache, cache_key_path, cache_secret, digest, file_digest
from gatekeeper.errors import GatekeeperError


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


def test_a_payload_with_its_plain_checksum_recomputed_is_not_trusted(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, secret=b"k" * 32)
    key = "ef" * 32
    cache.put(key, {"findings": ["real"]})
    [entry] = list(tmp_path.rglob(f"{key}.json"))
    data = json.loads(entry.read_text())
    data["payload"]["findings"] = []
    data["mac"] = digest([data["format"], key, data["payload"]])
    entry.write_text(json.dumps(data))
    assert cache.get(key) is None


def test_entries_made_under_another_secret_are_misses(tmp_path: Path) -> None:
    ResultCache(tmp_path, secret=b"k" * 32).put("ab" * 32, {"x": 1})
    assert ResultCache(tmp_path, secret=b"j" * 32).get("ab" * 32) is None
    assert ResultCache(tmp_path, secret=b"k" * 32).get("ab" * 32) == {"x": 1}


def test_the_secret_comes_from_the_environment_or_a_private_file_outside_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(KEY_ENV, raising=False)
    made = cache_secret()
    assert made is not None and cache_key_path() == tmp_path / "config" / "gatekeeper" / "cache.key"
    assert stat.S_IMODE(cache_key_path().stat().st_mode) == 0o600
    assert cache_secret() == made
    assert cache_secret({KEY_ENV: "x" * 32}) == b"x" * 32
    with pytest.raises(GatekeeperError, match=f"{KEY_ENV} is too short"):
        cache_secret({KEY_ENV: "short"})


def test_without_a_secret_nothing_is_stored_or_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file where the config directory should be")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    monkeypatch.delenv(KEY_ENV, raising=False)
    cache = ResultCache(tmp_path / "cache")
    assert cache.put("ab" * 32, {"x": 1}) is False
    assert cache.get("ab" * 32) is None
    assert not (tmp_path / "cache").exists()


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
