"""The local OSV database: directory and zip layouts, digests, the cached index, corrupt and stale data."""

from __future__ import annotations

import json
import logging
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from gatekeeper.advisories import index as index_module
from gatekeeper.advisories import local as local_module
from gatekeeper.advisories.interface import AdvisoryError, PackageVersion, SourceIdentity
from gatekeeper.advisories.local import (
    MAX_ARCHIVE_BYTES,
    MAX_RECORD_BYTES,
    METADATA_FILE,
    LocalOsvSource,
    check_age,
    file_sha256,
)
from gatekeeper.advisories.osv import RecordError
from gatekeeper.cache import KEY_ENV
from tests.advisories.helpers import declare_sizes, edit_index, kept_index

MISSING_AFFECTED = "id: PYSEC-2099-50\ndetails: no affected list\nmodified: '2024-01-01T00:00:00Z'\n"
BAD_YAML = "id: PYSEC-2099-51\naffected: []\n  bad: indentation\n"


def ids(source: LocalOsvSource, name: str, version: str) -> list[str]:
    package = PackageVersion.of(name, version)
    return [v.id for v in source.query([package])[package]]


def zip_of(directory: Path, target: Path, flat: bool = True) -> Path:
    """An OSV export zip: the PyPI `all.zip` layout is every record, as JSON, at the top level."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(directory.rglob("*")):
            if path.suffix in (".json", ".yaml"):
                bundle.write(path, path.name if flat else path.relative_to(directory).as_posix())
    return target


def test_directory_database_matches_yaml_and_json_records(osv_dir: Path, isolated_cache: Path) -> None:
    source = LocalOsvSource(osv_dir, display="osv")
    try:
        assert ids(source, "Demo_Pkg", "1.0.0") == ["PYSEC-2099-1", "PYSEC-2099-2"]
        assert ids(source, "demo-pkg", "1.5") == []
        assert ids(source, "demo-pkg", "2.0.4") == ["PYSEC-2099-1"]
        assert ids(source, "listed-pkg", "1.1") == ["PYSEC-2099-4"]
        assert ids(source, "listed-pkg", "1.2") == []
        assert ids(source, "unknown-pkg", "1.0") == []
        identity = source.identity
        assert identity.kind == "osv-local"
        assert identity.location == "osv"
        assert identity.records == 5  # the withdrawn record is not indexed
        assert identity.date == "2024-05-02T00:00:00Z"  # the newest `modified`
        assert identity.digest is not None and identity.digest.startswith("sha256:") and len(identity.digest) == 71
        assert identity.describe() == f"osv-local 2024-05-02 {identity.digest[:19]}"
    finally:
        source.close()


def test_merged_finding_keeps_every_id(osv_dir: Path) -> None:
    source = LocalOsvSource(osv_dir)
    package = PackageVersion.of("demo-pkg", "1.0.0")
    vuln = source.query([package])[package][0]
    source.close()
    assert vuln.id == "PYSEC-2099-1"
    assert vuln.aliases == ("GHSA-demo-0001-aaaa", "CVE-2099-1001")
    assert vuln.severity == "critical" and vuln.cvss_score == 9.8
    assert vuln.cwe_ids == ("CWE-79", "CWE-80")
    assert vuln.fixed_versions == ("1.2.0", "2.0.5") and vuln.fix == "1.2.0"
    assert vuln.references[0] == "https://osv.dev/vulnerability/PYSEC-2099-1"


@pytest.mark.parametrize("flat", [True, False])
def test_zip_database_gives_the_same_answers(osv_dir: Path, tmp_path: Path, flat: bool) -> None:
    archive = zip_of(osv_dir, tmp_path / "all.zip", flat=flat)
    source = LocalOsvSource(archive)
    try:
        assert ids(source, "demo-pkg", "1.0.0") == ["PYSEC-2099-1", "PYSEC-2099-2"]
        assert source.identity.digest == "sha256:" + file_sha256(archive)
    finally:
        source.close()


def test_digest_changes_with_content(osv_dir: Path) -> None:
    before = LocalOsvSource(osv_dir)
    assert "PYSEC-2099-2" not in ids(before, "demo-pkg", "1.1.1")
    before.close()
    record = osv_dir / "demo-pkg" / "PYSEC-2099-2.yaml"
    record.write_text(record.read_text().replace("last_affected: 1.1.0", "last_affected: 1.1.1"))
    after = LocalOsvSource(osv_dir)
    try:
        assert after.identity.digest != before.identity.digest
        assert "PYSEC-2099-2" in ids(after, "demo-pkg", "1.1.1")  # the new content, not a stale index
    finally:
        after.close()


def test_index_is_built_once_and_reused(osv_dir: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    LocalOsvSource(osv_dir).close()
    kept_index(isolated_cache)

    def no_parsing(*_args: object) -> None:
        raise AssertionError("records were parsed again although the index was warm")

    monkeypatch.setattr(index_module, "decode_record", no_parsing)
    source = LocalOsvSource(osv_dir)
    try:
        assert ids(source, "demo-pkg", "1.0.0") == ["PYSEC-2099-1", "PYSEC-2099-2"]
    finally:
        source.close()


def test_index_holds_json_data_not_pickles(osv_dir: Path, isolated_cache: Path) -> None:
    LocalOsvSource(osv_dir).close()
    records = [row[0] for row in edit_index(kept_index(isolated_cache), "SELECT record FROM advisories")]
    assert records and all(isinstance(json.loads(r), dict) for r in records)


def test_damaged_or_foreign_index_is_rebuilt_not_trusted(osv_dir: Path, isolated_cache: Path) -> None:
    LocalOsvSource(osv_dir).close()
    path = kept_index(isolated_cache)
    path.write_bytes(b"not a database")
    source = LocalOsvSource(osv_dir)
    assert ids(source, "demo-pkg", "1.0.0") == ["PYSEC-2099-1", "PYSEC-2099-2"]
    source.close()
    edit_index(path, "UPDATE meta SET value = 'sha256:other' WHERE key = 'digest'")  # claims another digest
    source = LocalOsvSource(osv_dir)
    try:
        assert ids(source, "demo-pkg", "1.0.0") == ["PYSEC-2099-1", "PYSEC-2099-2"]
    finally:
        source.close()


def test_unwritable_cache_indexes_in_memory(osv_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    source = LocalOsvSource(osv_dir, cache_dir=blocker)
    try:
        assert source.index.path is None
        assert ids(source, "demo-pkg", "1.0.0") == ["PYSEC-2099-1", "PYSEC-2099-2"]
    finally:
        source.close()


@pytest.mark.parametrize(
    "tampering",
    [
        "DELETE FROM packages WHERE id = 'PYSEC-2099-1'",
        "DELETE FROM advisories WHERE id = 'PYSEC-2099-1'",
        "UPDATE advisories SET record = replace(record, '2099-1', '2099-9')",
    ],
)
def test_an_edited_index_fails_its_mac_and_is_rebuilt(osv_dir: Path, isolated_cache: Path, tampering: str) -> None:
    LocalOsvSource(osv_dir).close()
    edit_index(kept_index(isolated_cache), tampering)
    source = LocalOsvSource(osv_dir)
    try:
        assert ids(source, "demo-pkg", "1.0.0") == ["PYSEC-2099-1", "PYSEC-2099-2"]
    finally:
        source.close()
    assert edit_index(kept_index(isolated_cache), "SELECT count(*) FROM packages WHERE id = 'PYSEC-2099-1'") == [(1,)]


def test_an_index_kept_under_another_key_is_rebuilt(
    osv_dir: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_ENV, "k" * 32)
    LocalOsvSource(osv_dir).close()
    monkeypatch.setenv(KEY_ENV, "j" * 32)
    parsed: list[str] = []
    original = index_module.decode_record
    monkeypatch.setattr(
        index_module, "decode_record", lambda origin, raw: parsed.append(origin) or original(origin, raw)
    )
    LocalOsvSource(osv_dir).close()
    assert parsed


@pytest.mark.parametrize(
    "error", [OSError(28, "No space left on device"), index_module.sqlite3.OperationalError("disk I/O error")]
)
def test_an_index_that_cannot_be_kept_stays_in_memory_with_a_note(
    osv_dir: Path,
    isolated_cache: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    error: Exception,
) -> None:
    def fail(*_args: object) -> bytes:
        raise error

    monkeypatch.setattr(index_module, "_to_bytes", fail)
    with caplog.at_level(logging.WARNING):
        source = LocalOsvSource(osv_dir)
    try:
        assert source.index.path is None
        assert ids(source, "demo-pkg", "1.0.0") == ["PYSEC-2099-1", "PYSEC-2099-2"]
    finally:
        source.close()
    assert "advisory index not kept in" in caplog.text and "indexed in memory for this run" in caplog.text
    assert not list((isolated_cache / "advisory-index").glob("*"))


def test_without_serialize_the_index_is_kept_and_read_through_a_temporary_file(
    osv_dir: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "_IN_MEMORY", False)  # as on Python 3.10
    LocalOsvSource(osv_dir).close()
    monkeypatch.setattr(
        index_module, "decode_record", lambda *_args: pytest.fail("parsed again: the index was not reused")
    )
    source = LocalOsvSource(osv_dir)
    try:
        assert source.index.path == kept_index(isolated_cache)
        assert ids(source, "demo-pkg", "1.0.0") == ["PYSEC-2099-1", "PYSEC-2099-2"]
    finally:
        source.close()


def test_without_keep_index_no_index_is_read_or_kept(osv_dir: Path, isolated_cache: Path) -> None:
    LocalOsvSource(osv_dir).close()
    path = kept_index(isolated_cache)
    path.write_bytes(b"anything")
    source = LocalOsvSource(osv_dir, keep_index=False)
    try:
        assert source.index.path is None
        assert ids(source, "demo-pkg", "1.0.0") == ["PYSEC-2099-1", "PYSEC-2099-2"]
    finally:
        source.close()
    assert path.read_bytes() == b"anything"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("PYSEC-2099-51.yaml", BAD_YAML, "invalid YAML at line 3"),
        ("PYSEC-2099-50.yaml", MISSING_AFFECTED, "PYSEC-2099-50: missing 'affected'"),
        ("PYSEC-2099-52.json", '{"id": "PYSEC-2099-52", "affected": [}', "invalid JSON at line 1"),
    ],
)
def test_corrupt_record_is_an_error_naming_the_file(osv_dir: Path, name: str, content: str, problem: str) -> None:
    (osv_dir / "demo-pkg" / name).write_text(content)
    with pytest.raises(RecordError) as raised:
        LocalOsvSource(osv_dir, display="osv")
    message = str(raised.value)
    assert message.startswith(f"osv/demo-pkg/{name}: ")
    assert problem in message
    assert "\n" not in message


def test_corrupt_record_in_a_zip_names_the_member(osv_dir: Path, tmp_path: Path) -> None:
    (osv_dir / "demo-pkg" / "PYSEC-2099-50.yaml").write_text(MISSING_AFFECTED)
    archive = zip_of(osv_dir, tmp_path / "all.zip")
    with pytest.raises(RecordError, match=r"all\.zip:PYSEC-2099-50\.yaml: PYSEC-2099-50: missing 'affected'"):
        LocalOsvSource(archive)


def test_skip_invalid_skips_corrupt_records_and_says_so(osv_dir: Path) -> None:
    (osv_dir / "demo-pkg" / "PYSEC-2099-50.yaml").write_text(MISSING_AFFECTED)
    (osv_dir / "demo-pkg" / "PYSEC-2099-51.yaml").write_text(BAD_YAML)
    source = LocalOsvSource(osv_dir, display="osv", skip_invalid=True)
    try:
        assert ids(source, "demo-pkg", "1.0.0") == ["PYSEC-2099-1", "PYSEC-2099-2"]
        skipped = source.identity.skipped_records
        assert len(skipped) == 2 and skipped[0].startswith("osv/demo-pkg/PYSEC-2099-50.yaml: ")
        assert dict(source.identity.provenance())["advisory_skipped_records"].count("osv/demo-pkg/") == 2
    finally:
        source.close()
    # The same (cached) index without the option is an error again: skipping is a per-run choice.
    with pytest.raises(AdvisoryError, match=r"PYSEC-2099-50\.yaml.*--skip-invalid-advisories"):
        LocalOsvSource(osv_dir, display="osv")


def test_duplicate_ids_are_an_error(osv_dir: Path) -> None:
    copy = (osv_dir / "demo-pkg" / "PYSEC-2099-2.yaml").read_text()
    (osv_dir / "other" / "PYSEC-2099-2.yaml").write_text(copy)
    with pytest.raises(RecordError, match="duplicate advisory id PYSEC-2099-2"):
        LocalOsvSource(osv_dir)


def test_empty_or_missing_database_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("no records here")
    with pytest.raises(AdvisoryError, match="holds no valid OSV records"):
        LocalOsvSource(tmp_path / "empty", display="empty")
    with pytest.raises(AdvisoryError, match="advisory database nowhere does not exist"):
        LocalOsvSource(tmp_path / "nowhere", display="nowhere")


def test_a_file_that_is_not_a_zip_is_an_error(tmp_path: Path) -> None:
    bogus = tmp_path / "all.zip"
    bogus.write_text("<html>captive portal</html>")
    with pytest.raises(AdvisoryError, match=r"all\.zip: not a readable zip"):
        LocalOsvSource(bogus, display=str(bogus))


def test_a_zip_bomb_member_is_refused_before_it_is_inflated(
    osv_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = zip_of(osv_dir, tmp_path / "all.zip")
    with zipfile.ZipFile(archive, "a", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("PYSEC-2099-99.json", b" " * (MAX_RECORD_BYTES + 1))  # 32 MiB + 1 byte, 33 KB compressed
    inflated: list[str] = []
    real_inflate = local_module._inflate

    def spy(bundle: zipfile.ZipFile, info: zipfile.ZipInfo, origin: str) -> bytes:
        inflated.append(origin)
        return real_inflate(bundle, info, origin)

    monkeypatch.setattr(local_module, "_inflate", spy)
    with pytest.raises(
        AdvisoryError, match=r"all\.zip:PYSEC-2099-99\.json: larger than the 32 MiB an OSV record may hold"
    ):
        LocalOsvSource(archive, display="all.zip")
    assert inflated == []  # the central directory's sizes were checked first
    with pytest.raises(AdvisoryError, match="larger than the 32 MiB"):  # not a damaged record: never skipped
        LocalOsvSource(archive, display="all.zip", skip_invalid=True)


def test_a_zip_declaring_more_than_may_be_inflated_in_all_is_refused(osv_dir: Path, tmp_path: Path) -> None:
    archive = zip_of(osv_dir, tmp_path / "all.zip")
    with zipfile.ZipFile(archive, "a") as bundle:
        for number in range(70):
            bundle.writestr(f"pad-{number:02d}.json", "{}")
    declare_sizes(archive, "pad-", MAX_RECORD_BYTES - 1)  # each under the record limit, 70 of them over 2 GiB
    assert 70 * (MAX_RECORD_BYTES - 1) > MAX_ARCHIVE_BYTES
    with pytest.raises(AdvisoryError, match=r"all\.zip:pad-\d\d\.json: the zip's records reach more than 2 GiB"):
        LocalOsvSource(archive, display="all.zip")


@pytest.mark.slow
def test_a_member_is_never_inflated_past_the_limit_whatever_its_header_says(
    osv_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = zip_of(osv_dir, tmp_path / "all.zip")
    with zipfile.ZipFile(archive, "a", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("PYSEC-2099-99.json", b" " * (MAX_RECORD_BYTES + 1))
    declare_sizes(archive, "PYSEC-2099-99", 100)  # the header lies: 100 bytes
    with pytest.raises(AdvisoryError, match=r"all\.zip: not a readable zip \(Bad CRC-32"):
        LocalOsvSource(archive, display="all.zip")  # zipfile stops at the declared size; the CRC then fails
    monkeypatch.setattr(local_module, "_check_declared_sizes", lambda shown, members: None)
    declare_sizes(archive, "PYSEC-2099-99", MAX_RECORD_BYTES + 1)
    with pytest.raises(AdvisoryError, match=r"all\.zip:PYSEC-2099-99\.json: larger than the 32 MiB"):
        LocalOsvSource(archive, display="all.zip")  # without the check before: stopped while inflating


def test_an_oversized_record_file_is_refused(osv_dir: Path) -> None:
    with (osv_dir / "demo-pkg" / "PYSEC-2099-99.json").open("wb") as handle:
        handle.truncate(MAX_RECORD_BYTES + 1)
    with pytest.raises(AdvisoryError, match=r"^osv/demo-pkg/PYSEC-2099-99\.json: larger than the 32 MiB"):
        LocalOsvSource(osv_dir, display="osv")


@pytest.mark.parametrize("name", ["PYSEC-2099-53.json", "PYSEC-2099-53.yaml"])
def test_a_record_nested_100000_deep_is_invalid_and_can_be_skipped(osv_dir: Path, name: str) -> None:
    (osv_dir / "demo-pkg" / name).write_text(
        '{"id": "PYSEC-2099-53", "affected": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    with pytest.raises(RecordError, match=rf"^osv/demo-pkg/{name}: invalid (JSON|YAML)"):
        LocalOsvSource(osv_dir, display="osv")
    source = LocalOsvSource(osv_dir, display="osv", skip_invalid=True)
    try:
        assert ids(source, "demo-pkg", "1.0.0") == ["PYSEC-2099-1", "PYSEC-2099-2"]
        assert source.identity.skipped_records[0].startswith(f"osv/demo-pkg/{name}: invalid")
    finally:
        source.close()


def test_links_inside_the_database_are_followed_once(osv_dir: Path) -> None:
    (osv_dir / ".store").mkdir()
    (osv_dir / "demo-pkg").rename(osv_dir / ".store" / "demo-pkg")  # hidden: read only through the link
    (osv_dir / "demo-pkg").symlink_to(osv_dir / ".store" / "demo-pkg")
    (osv_dir / "demo-pkg-alias").symlink_to("demo-pkg")  # the same records under a second name: read once
    (osv_dir / "listed-pkg" / "PYSEC-2099-4-again.yaml").symlink_to("PYSEC-2099-4.yaml")
    (osv_dir / "listed-pkg" / "loop").symlink_to(osv_dir)  # a link back up: not walked again
    source = LocalOsvSource(osv_dir, display="osv")
    try:
        assert ids(source, "demo-pkg", "1.0.0") == ["PYSEC-2099-1", "PYSEC-2099-2"]
        assert ids(source, "listed-pkg", "1.1") == ["PYSEC-2099-4"]
        assert source.identity.skipped_records == ()
    finally:
        source.close()


@pytest.mark.parametrize("kind", ["directory", "file"])
def test_a_link_out_of_the_database_is_reported_never_skipped_silently(
    osv_dir: Path, tmp_path: Path, kind: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (osv_dir / "demo-pkg").rename(elsewhere)
    link, target = (
        (osv_dir / "demo-pkg", elsewhere)
        if kind == "directory"
        else (osv_dir / "listed-pkg" / "PYSEC-2099-1.yaml", elsewhere / "PYSEC-2099-1.yaml")
    )
    link.symlink_to(target)
    link_name = link.relative_to(osv_dir).as_posix()
    with pytest.raises(
        RecordError, match=rf"^osv/{link_name}: a link to {target}, outside the advisory database: not read"
    ):
        LocalOsvSource(osv_dir, display="osv")
    source = LocalOsvSource(osv_dir, display="osv", skip_invalid=True)
    try:
        assert source.identity.skipped_records[0].startswith(f"osv/{link_name}: a link to {target}, outside")
        assert ids(source, "listed-pkg", "1.1") == ["PYSEC-2099-4"]
    finally:
        source.close()


def test_managed_directory_checks_its_recorded_digest(osv_dir: Path, tmp_path: Path) -> None:
    managed = tmp_path / "managed"
    managed.mkdir()
    archive = zip_of(osv_dir, managed / "osv-pypi-0123.zip")
    metadata = {"format": 1, "archive": archive.name, "sha256": file_sha256(archive), "date": "2024-06-01T00:00:00Z"}
    (managed / METADATA_FILE).write_text(json.dumps(metadata))
    source = LocalOsvSource(managed)
    assert source.identity.date == "2024-06-01T00:00:00Z"  # the update's date, not the newest `modified`
    assert ids(source, "demo-pkg", "1.0.0") == ["PYSEC-2099-1", "PYSEC-2099-2"]
    source.close()
    with zipfile.ZipFile(archive, "a") as bundle:
        bundle.writestr("PYSEC-2099-99.json", '{"id": "PYSEC-2099-99", "affected": []}')
    with pytest.raises(AdvisoryError, match=r"osv-pypi-0123\.zip: content does not match the digest"):
        LocalOsvSource(managed)


def test_managed_metadata_may_not_point_outside_its_directory(tmp_path: Path) -> None:
    (tmp_path / METADATA_FILE).write_text(json.dumps({"format": 1, "archive": "../elsewhere.zip", "sha256": "0"}))
    with pytest.raises(AdvisoryError, match="'archive' must name a zip file in the same directory"):
        LocalOsvSource(tmp_path)


def test_stale_data_is_an_error_with_its_date() -> None:
    identity = SourceIdentity("osv-local", "osv", date="2020-01-01T00:00:00Z")
    now = datetime(2020, 3, 1, tzinfo=timezone.utc)
    check_age(identity, 60, now=now)
    check_age(identity, None, now=now)
    with pytest.raises(AdvisoryError) as raised:
        check_age(identity, 30, now=now)
    assert "advisory database osv is stale: its data is from 2020-01-01, 60 days old (max_age_days is 30)" in str(
        raised.value
    )
    with pytest.raises(AdvisoryError, match="has no date"):
        check_age(SourceIdentity("osv-local", "osv"), 30, now=now)


def test_old_indexes_are_pruned(osv_dir: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "KEEP_INDEXES", 2)
    record = osv_dir / "demo-pkg" / "PYSEC-2099-2.yaml"
    for n in range(4):  # four different databases, four indexes built
        record.write_text(record.read_text() + f"# revision {n}\n")
        LocalOsvSource(osv_dir).close()
    assert len(list((isolated_cache / "advisory-index").glob("osv-*.index"))) == 2


def test_a_record_in_two_ecosystem_exports_is_read_once(tmp_path: Path, isolated_cache: Path) -> None:
    # issue 20: OSV's per-ecosystem exports each carry a record that affects packages of both.
    record = {
        "id": "GHSA-both-0001-aaaa",
        "modified": "2024-01-01T00:00:00Z",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "twin"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}],
            },
            {
                "package": {"ecosystem": "npm", "name": "twin"},
                "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}],
            },
        ],
    }
    for ecosystem in ("PyPI", "npm"):
        (tmp_path / "db" / ecosystem).mkdir(parents=True)
        with zipfile.ZipFile(tmp_path / "db" / ecosystem / "all.zip", "w") as bundle:
            bundle.writestr("GHSA-both-0001-aaaa.json", json.dumps(record))
    source = LocalOsvSource(tmp_path / "db")
    try:
        pypi, npm = PackageVersion.of("twin", "1.0"), PackageVersion.of("twin", "1.0.0", "npm")
        answers = source.query([pypi, npm])
        assert source.identity.records == 1
    finally:
        source.close()
    assert [v.id for v in answers[pypi]] == [v.id for v in answers[npm]] == ["GHSA-both-0001-aaaa"]
    # A different record under the same id is still refused.
    record["summary"] = "changed"
    with zipfile.ZipFile(tmp_path / "db" / "npm" / "all.zip", "w") as bundle:
        bundle.writestr("GHSA-both-0001-aaaa.json", json.dumps(record))
    with pytest.raises(RecordError, match="duplicate advisory id GHSA-both-0001-aaaa"):
        LocalOsvSource(tmp_path / "db")


def test_freshness_is_checked_for_each_ecosystem_a_query_asks_about(osv_dir: Path, tmp_path: Path) -> None:
    """issue 20: the store's ecosystems each carry the date `update` recorded; stale Go data fails a
    Go audit (naming Go), not a PyPI one."""
    from datetime import timedelta

    from tests.advisories.test_gomod import GO_OSV

    today = datetime.now(timezone.utc).replace(microsecond=0)
    for ecosystem, records, date in (("PyPI", osv_dir, today), ("Go", GO_OSV, today - timedelta(days=400))):
        part = tmp_path / "store" / ecosystem
        part.mkdir(parents=True)
        with zipfile.ZipFile(part / "osv-x.zip", "w") as bundle:
            for path in sorted(records.rglob("*.json")) + sorted(records.rglob("*.yaml")):
                bundle.write(path, path.name)
        (part / METADATA_FILE).write_text(
            json.dumps(
                {
                    "format": 1,
                    "archive": "osv-x.zip",
                    "sha256": file_sha256(part / "osv-x.zip"),
                    "date": date.isoformat().replace("+00:00", "Z"),
                    "ecosystem": ecosystem,
                }
            )
        )
    source = LocalOsvSource(tmp_path / "store", max_age_days=30)
    try:
        assert source.query([PackageVersion.of("demo-pkg", "1.0.0")])  # PyPI: fresh
        with pytest.raises(AdvisoryError, match=r"store \(Go\) is stale: its data is from .*, 400 days old"):
            source.query([PackageVersion.of("golang.org/x/net", "v0.7.0", "Go")])
        evidence = {e.ecosystem: e for e in source.identity.ecosystems}
        assert evidence["Go"].digest == f"sha256:{file_sha256(tmp_path / 'store' / 'Go' / 'osv-x.zip')}"
    finally:
        source.close()
    assert source.identity.date is not None and source.identity.date.startswith(
        str((today - timedelta(days=400)).date())
    )
