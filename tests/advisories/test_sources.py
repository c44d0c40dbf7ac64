"""Which advisory source a scan uses: the order, the config-file keys, and no source as an error."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from gatekeeper.advisories.interface import AdvisoryError
from gatekeeper.advisories.local import METADATA_FILE, LocalOsvSource, file_sha256
from gatekeeper.advisories.online import OnlineSource
from gatekeeper.advisories.sources import SourceOptions, open_source


def managed_cache(osv_dir: Path, cache: Path, date: str = "2024-07-01T00:00:00Z") -> Path:
    """What `gatekeeper advisories update` leaves in the cache."""
    target = cache / "osv" / "PyPI"  # issue 20: the store holds one directory per ecosystem
    target.mkdir(parents=True)
    archive = target / "osv-pypi-test.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(osv_dir.rglob("*.json")) + sorted(osv_dir.rglob("*.yaml")):
            bundle.write(path, path.name)
    (target / METADATA_FILE).write_text(
        json.dumps(
            {"format": 1, "archive": archive.name, "sha256": file_sha256(archive), "date": date, "ecosystem": "PyPI"}
        )
    )
    return target.parent


def opened(root: Path, **options: object) -> LocalOsvSource:
    source = open_source(root, SourceOptions(**options))  # type: ignore[arg-type]
    source.close()
    assert isinstance(source, LocalOsvSource)
    return source


def test_no_source_is_an_error_that_says_how_to_get_one(tmp_path: Path, isolated_cache: Path) -> None:
    with pytest.raises(AdvisoryError) as raised:
        open_source(tmp_path, SourceOptions())
    message = str(raised.value)
    assert "no advisory database" in message
    assert "gatekeeper advisories update" in message and str(isolated_cache / "osv") in message
    assert "--advisories" in message and "GATEKEEPER_ADVISORIES" in message


def test_the_update_cache_is_the_fallback(tmp_path: Path, osv_dir: Path, isolated_cache: Path) -> None:
    cache_db = managed_cache(osv_dir, isolated_cache)
    source = opened(tmp_path)
    assert source.identity.location == str(cache_db)
    assert source.identity.date == "2024-07-01T00:00:00Z"


def test_order_option_then_environment_then_config_then_cache(
    tmp_path: Path, osv_dir: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    managed_cache(osv_dir, isolated_cache)
    root = tmp_path / "project"
    (root / "vendored").mkdir(parents=True)
    shutil.copytree(osv_dir, root / "vendored" / "osv")
    (root / ".gatekeeper.yml").write_text("dependencies:\n  advisories: vendored/osv\n")
    assert opened(root).identity.location == "vendored/osv"  # relative to the config file, not the cwd
    env_db = tmp_path / "env-osv"
    shutil.copytree(osv_dir, env_db)
    monkeypatch.setenv("GATEKEEPER_ADVISORIES", str(env_db))
    assert opened(root).identity.location == str(env_db)
    assert opened(root, advisories=str(osv_dir)).identity.location == str(osv_dir)


def test_a_configured_path_that_does_not_exist_is_an_error_naming_where_it_was_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GATEKEEPER_ADVISORIES", str(tmp_path / "gone"))
    with pytest.raises(AdvisoryError, match=r"gone \(from GATEKEEPER_ADVISORIES\) does not exist"):
        open_source(tmp_path, SourceOptions())


def test_max_age_from_option_environment_or_config(
    tmp_path: Path, osv_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fixture's newest record is from 2024-05-02: years old by any clock running these tests.
    with pytest.raises(AdvisoryError, match=r"stale: its data is from 2024-05-02, \d+ days old \(max_age_days is 30\)"):
        open_source(tmp_path, SourceOptions(advisories=str(osv_dir), max_age_days=30))
    opened(tmp_path, advisories=str(osv_dir), max_age_days=100_000)
    monkeypatch.setenv("GATEKEEPER_ADVISORIES_MAX_AGE", "7")
    with pytest.raises(AdvisoryError, match=r"max_age_days is 7"):
        open_source(tmp_path, SourceOptions(advisories=str(osv_dir)))
    monkeypatch.setenv("GATEKEEPER_ADVISORIES_MAX_AGE", "soon")
    with pytest.raises(AdvisoryError, match="GATEKEEPER_ADVISORIES_MAX_AGE='soon' is not a whole number"):
        open_source(tmp_path, SourceOptions(advisories=str(osv_dir)))
    monkeypatch.delenv("GATEKEEPER_ADVISORIES_MAX_AGE")
    (tmp_path / ".gatekeeper.yml").write_text("dependencies:\n  max_age_days: 10\n")
    with pytest.raises(AdvisoryError, match=r"max_age_days is 10"):
        open_source(tmp_path, SourceOptions(advisories=str(osv_dir)))


def test_online_only_when_asked(tmp_path: Path) -> None:
    source = open_source(tmp_path, SourceOptions(advisories="online"))
    assert isinstance(source, OnlineSource) and source.identity.kind == "osv-online"
    assert open_source(tmp_path, SourceOptions(advisories="online:pypi")).identity.kind == "pypi-online"
    with pytest.raises(AdvisoryError, match="unknown advisory source 'online:nvd'"):
        open_source(tmp_path, SourceOptions(advisories="online:nvd"))


def test_config_file_errors_are_advisory_errors_naming_file_and_line(tmp_path: Path) -> None:
    (tmp_path / ".gatekeeper.yml").write_text("dependencies:\n  advisory: db\n")
    with pytest.raises(AdvisoryError, match=r"^\.gatekeeper\.yml:2: dependencies\.advisory"):
        open_source(tmp_path, SourceOptions())


def test_an_explicit_config_file_is_used(tmp_path: Path, osv_dir: Path) -> None:
    named = tmp_path / "ci" / "gatekeeper.yml"
    named.parent.mkdir()
    named.write_text(f"dependencies:\n  advisories: {osv_dir}\n")
    assert opened(tmp_path, config=named).identity.location == str(osv_dir)


def test_the_pypi_export_an_earlier_version_fetched_is_still_read(
    tmp_path: Path, osv_dir: Path, isolated_cache: Path
) -> None:
    legacy = managed_cache(osv_dir, isolated_cache) / "PyPI"
    legacy.rename(isolated_cache / "osv-pypi")  # the layout before one store for every ecosystem
    assert opened(tmp_path).identity.location == str(isolated_cache / "osv-pypi")
