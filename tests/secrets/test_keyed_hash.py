"""The HMAC key: from the environment, or created once, private to the user, never shown."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from gatekeeper.secrets.keyed_hash import KEY_ENV, HmacKeyError, default_key_path, key_for_scan, keyed_hash, load_key


def test_the_environment_key_wins_and_its_text_is_the_key(tmp_path: Path) -> None:
    key = load_key({KEY_ENV: "a-long-enough-ci-secret"}, tmp_path / "hmac.key")
    assert key == b"a-long-enough-ci-secret"
    assert not (tmp_path / "hmac.key").exists()


def test_a_short_environment_key_is_refused_without_echoing_it(tmp_path: Path) -> None:
    with pytest.raises(HmacKeyError) as raised:
        load_key({KEY_ENV: "tiny-key"}, tmp_path / "hmac.key")
    assert "tiny-key" not in str(raised.value)
    assert KEY_ENV in str(raised.value)


def test_a_key_file_is_created_once_readable_by_the_user_only(tmp_path: Path) -> None:
    path = tmp_path / "config" / "gatekeeper" / "hmac.key"
    first = load_key({}, path)
    assert len(first) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_key({}, path) == first
    assert [p.name for p in path.parent.iterdir()] == ["hmac.key"]  # no temporary file left behind


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "hmac.key"
    load_key({}, path)
    path.chmod(0o644)
    with pytest.raises(HmacKeyError, match="chmod 600"):
        load_key({}, path)


def test_a_damaged_key_file_is_refused_without_echoing_it(tmp_path: Path) -> None:
    path = tmp_path / "hmac.key"
    path.write_text("not-hex-at-all\n")
    path.chmod(0o600)
    with pytest.raises(HmacKeyError) as raised:
        load_key({}, path)
    assert "not-hex-at-all" not in str(raised.value)


def test_the_default_location_follows_the_user_config_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if os.name != "posix" or os.uname().sysname == "Darwin":
        pytest.skip("XDG_CONFIG_HOME decides the location on Linux only")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert default_key_path() == tmp_path / "gatekeeper" / "hmac.key"


def test_keyed_hashes_correlate_under_one_key_only() -> None:
    value = "4111111111111111"
    assert keyed_hash(b"k" * 32, value) == keyed_hash(b"k" * 32, value)
    assert keyed_hash(b"k" * 32, value) != keyed_hash(b"j" * 32, value)
    assert keyed_hash(b"k" * 32, value).startswith("hmac-sha256:")
    assert value not in keyed_hash(b"k" * 32, value)


def test_a_scan_says_where_its_key_came_from_and_never_shows_it(tmp_path: Path) -> None:
    key, origin = key_for_scan({KEY_ENV: "a-long-enough-ci-secret"}, tmp_path / "hmac.key")
    assert origin == KEY_ENV and key == b"a-long-enough-ci-secret"
    key, origin = key_for_scan({}, tmp_path / "hmac.key")
    assert origin == "user config directory" and key.hex() not in origin


def test_a_key_file_that_cannot_be_made_gives_way_to_a_key_for_this_run(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    key, origin = key_for_scan({}, blocker / "gatekeeper" / "hmac.key")
    assert len(key) == 32 and origin.startswith("this run only (cannot create the HMAC key")


def test_a_configured_key_that_does_not_work_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(HmacKeyError):
        key_for_scan({KEY_ENV: "short"}, tmp_path / "hmac.key")
