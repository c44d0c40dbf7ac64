"""`gatekeeper advisories update` against a loopback HTTP server: verified, atomic, dated, digested."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from gatekeeper.advisories.interface import AdvisoryError, PackageVersion
from gatekeeper.advisories.local import METADATA_FILE
from gatekeeper.advisories.sources import SourceOptions, open_source
from gatekeeper.advisories.update import update
from tests.advisories.helpers import LoopbackServer, closed_port_url, real_advisories
from tests.conftest import run_cli

SERVED_AT = datetime(2024, 9, 1, 12, 0, tzinfo=timezone.utc)
MISSING_AFFECTED = '{"id": "PYSEC-2099-50", "details": "no affected list"}'


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass


def serve(directory: Path) -> LoopbackServer:
    return LoopbackServer(functools.partial(Quiet, directory=str(directory)))


def export(records: Path, target: Path, extra: dict[str, str] | None = None) -> Path:
    """A zip in the OSV export layout, its mtime (and so the server's Last-Modified) fixed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(records.rglob("*")):
            if path.suffix in (".json", ".yaml"):
                bundle.write(path, path.relative_to(records).as_posix())
        for name, content in (extra or {}).items():
            bundle.writestr(name, content)
    os.utime(target, (SERVED_AT.timestamp(), SERVED_AT.timestamp()))
    return target


def test_update_installs_a_verified_dated_database_that_scans_then_use(
    osv_dir: Path, tmp_path: Path, isolated_cache: Path
) -> None:
    served = export(osv_dir, tmp_path / "www" / "PyPI" / "all.zip")
    dest = isolated_cache / "osv" / "PyPI"  # issue 20: the store holds one directory per ecosystem
    with serve(tmp_path / "www") as server:
        installed = update(f"{server.url}/PyPI/all.zip", dest)
    digest = hashlib.sha256(served.read_bytes()).hexdigest()
    assert installed.sha256 == digest
    assert installed.records == 5
    assert installed.date == "2024-05-02T00:00:00Z"  # the newest record, not the server's clock
    metadata = json.loads((dest / METADATA_FILE).read_text())
    assert metadata["sha256"] == digest and metadata["date"] == installed.date
    assert metadata["last_modified"] == "2024-09-01T12:00:00Z"
    assert metadata["url"].endswith("/PyPI/all.zip")
    assert (dest / metadata["archive"]).read_bytes() == served.read_bytes()
    assert [p.name for p in dest.iterdir() if p.name.startswith(".")] == []  # no temporary files left

    source = open_source(tmp_path, SourceOptions())  # nothing named: the cache the update filled
    package = PackageVersion.of("demo-pkg", "1.0.0")
    try:
        assert [v.id for v in source.query([package])[package]] == ["PYSEC-2099-1", "PYSEC-2099-2"]
        pypi = {e.ecosystem: e for e in source.identity.ecosystems}["PyPI"]  # issue 20: digest and date per ecosystem
        assert (pypi.ecosystem, pypi.digest, pypi.date) == ("PyPI", f"sha256:{digest}", "2024-05-02T00:00:00Z")
        assert source.identity.date == "2024-05-02T00:00:00Z"
    finally:
        source.close()


def test_failed_update_keeps_the_previous_database(osv_dir: Path, tmp_path: Path, isolated_cache: Path) -> None:
    export(osv_dir, tmp_path / "www" / "all.zip")
    export(osv_dir, tmp_path / "www" / "corrupt.zip", extra={"PYSEC-2099-50.json": MISSING_AFFECTED})
    (tmp_path / "www" / "html.zip").write_text("<html>proxy login</html>")
    dest = isolated_cache / "osv-pypi"
    with serve(tmp_path / "www") as server:
        first = update(f"{server.url}/all.zip", dest)
        before = sorted(p.name for p in dest.iterdir())
        with pytest.raises(AdvisoryError, match=r"HTTP 404"):
            update(f"{server.url}/missing.zip", dest)
        with pytest.raises(AdvisoryError, match=r"corrupt\.zip:PYSEC-2099-50\.json: PYSEC-2099-50: missing 'affected'"):
            update(f"{server.url}/corrupt.zip", dest)
        with pytest.raises(AdvisoryError, match=r"html\.zip: not a readable zip"):
            update(f"{server.url}/html.zip", dest)
        assert sorted(p.name for p in dest.iterdir()) == before
        assert json.loads((dest / METADATA_FILE).read_text())["sha256"] == first.sha256
        # Asked to, it accepts the export without the corrupt record, and replaces the old one.
        second = update(f"{server.url}/corrupt.zip", dest, skip_invalid=True)
    assert second.records == 5
    assert sorted(p.name for p in dest.glob("*.zip")) == [f"osv-pypi-{second.sha256[:16]}.zip"]


def test_unreachable_url_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AdvisoryError, match="cannot download advisories from http://127.0.0.1"):
        update(f"{closed_port_url()}/all.zip", tmp_path / "dest", timeout=5)


@pytest.mark.slow
def test_cli_update_with_dest(osv_dir: Path, tmp_path: Path) -> None:
    export(osv_dir, tmp_path / "www" / "all.zip")
    dest = tmp_path / "mirror"
    with serve(tmp_path / "www") as server:
        proc = run_cli(
            "advisories",
            "update",
            "--url",
            f"{server.url}/all.zip",
            "--ecosystem",
            "PyPI",
            "--dest",
            str(dest),
            env={"GATEKEEPER_CACHE_DIR": str(tmp_path / "cache")},
        )
        failed = run_cli(
            "advisories",
            "update",
            "--url",
            f"{server.url}/nothing.zip",
            "--dest",
            str(dest),
            env={"GATEKEEPER_CACHE_DIR": str(tmp_path / "cache")},
        )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("advisories: PyPI: 5 records dated 2024-05-02, sha256:")
    assert (dest / "PyPI" / METADATA_FILE).is_file()  # issue 20: one directory per ecosystem
    assert failed.returncode == 2
    assert failed.stderr.strip().splitlines() == [
        f"gatekeeper: error: cannot download advisories from {server.url}/nothing.zip: HTTP 404 File not found"
    ]


@pytest.mark.slow
def test_update_with_the_real_pypa_snapshot(tmp_path: Path, isolated_cache: Path) -> None:
    records = real_advisories()
    export(records, tmp_path / "www" / "all.zip")
    dest = isolated_cache / "osv" / "PyPI"
    with serve(tmp_path / "www") as server:
        installed = update(f"{server.url}/all.zip", dest)
    assert installed.records > 2500  # 2,661 advisories less the withdrawn ones
    source = open_source(tmp_path, SourceOptions())
    jinja = PackageVersion.of("jinja2", "2.10")
    try:
        vulns = source.query([jinja])[jinja]
    finally:
        source.close()
    assert [v.id for v in vulns] == ["PYSEC-2019-217", "PYSEC-2021-66"]
    assert vulns[0].fix == "2.10.1"


# --- issue 20: every ecosystem in one store ---------------------------------------------------------------


def go_and_pypi_mirror(osv_dir: Path, www: Path) -> Path:
    """A mirror in OSV's layout: {url}/{Ecosystem}/all.zip."""
    from tests.advisories.test_gomod import GO_OSV

    export(osv_dir, www / "PyPI" / "all.zip")
    export(GO_OSV, www / "Go" / "all.zip")
    return www


def test_update_fetches_each_ecosystem_into_the_store_and_scans_use_them(
    osv_dir: Path, tmp_path: Path, isolated_cache: Path
) -> None:
    from gatekeeper.advisories.update import update_store

    go_and_pypi_mirror(osv_dir, tmp_path / "www")
    store = isolated_cache / "osv"
    with serve(tmp_path / "www") as server:
        installed = update_store(server.url, store, ("PyPI", "Go"))
    assert [(i.ecosystem, i.directory) for i in installed] == [("PyPI", store / "PyPI"), ("Go", store / "Go")]
    assert installed[1].records == 4
    for item in installed:
        metadata = json.loads((item.directory / METADATA_FILE).read_text())
        assert metadata["ecosystem"] == item.ecosystem and metadata["sha256"] == item.sha256
    source = open_source(tmp_path, SourceOptions())  # nothing named: the store the update filled
    net = PackageVersion.of("golang.org/x/net", "v0.7.0", "Go")
    demo = PackageVersion.of("demo-pkg", "1.0.0")
    try:
        answers = source.query([net, demo])
        evidence = {e.ecosystem: e for e in source.identity.ecosystems}
    finally:
        source.close()
    assert [v.id for v in answers[net]] == ["GO-2023-1988", "GO-2023-2102"]
    assert [v.id for v in answers[demo]] == ["PYSEC-2099-1", "PYSEC-2099-2"]
    assert evidence["Go"].digest == f"sha256:{installed[1].sha256}" and evidence["Go"].records == 4
    assert evidence["PyPI"].digest == f"sha256:{installed[0].sha256}"
    # Go's records carry the zero `modified` (no date): the export's Last-Modified dates them.
    shown = dict(source.identity.provenance())["advisory_ecosystems"]
    assert f"Go 2024-09-01 sha256:{installed[1].sha256[:12]} (4 records)" in shown
    assert f"PyPI 2024-05-02 sha256:{installed[0].sha256[:12]}" in shown


def test_an_ecosystem_that_fails_leaves_every_ecosystem_as_it_was(
    osv_dir: Path, tmp_path: Path, isolated_cache: Path
) -> None:
    from gatekeeper.advisories.update import update_store

    www = go_and_pypi_mirror(osv_dir, tmp_path / "www")
    store = isolated_cache / "osv"
    with serve(www) as server:
        update_store(server.url, store, ("PyPI",))
        before = sorted(str(p.relative_to(store)) for p in store.rglob("*"))
        (www / "Go" / "all.zip").write_text("<html>proxy login</html>")
        with pytest.raises(AdvisoryError, match=r"Go/all\.zip: not a readable zip"):
            update_store(server.url, store, ("PyPI", "Go"))
        with pytest.raises(AdvisoryError, match=r"HTTP 404"):
            update_store(server.url, store, ("Maven",))
        # A PyPI export served as Go's is not Go's data.
        export(osv_dir, www / "Go" / "all.zip")
        with pytest.raises(AdvisoryError, match=r"holds no Go advisories \(it holds: PyPI, npm\)"):
            update_store(server.url, store, ("Go",))
    assert sorted(str(p.relative_to(store)) for p in store.rglob("*")) == before


def test_cli_update_and_import(osv_dir: Path, tmp_path: Path) -> None:
    from tests.advisories.test_gomod import GO_OSV

    www = go_and_pypi_mirror(osv_dir, tmp_path / "www")
    env = {"GATEKEEPER_CACHE_DIR": str(tmp_path / "cache")}
    store = tmp_path / "cache" / "osv"
    with serve(www) as server:
        proc = run_cli("advisories", "update", "--url", server.url, "--ecosystem", "go,PyPI", env=env)
        unknown = run_cli("advisories", "update", "--url", server.url, "--ecosystem", "cargo", env=env)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("advisories: Go: 4 records dated ") and lines[0].endswith(f"in {store / 'Go'}")
    assert lines[1].startswith("advisories: PyPI: 5 records dated 2024-05-02")
    assert unknown.returncode == 2
    assert (
        unknown.stderr.strip()
        == "gatekeeper: error: --ecosystem: unknown ecosystem 'cargo' (known: PyPI, npm, Maven, Go)"
    )

    # Carried in by hand: a directory of records, or an export zip; the ecosystem is the one they name.
    other = tmp_path / "other"
    imported = run_cli("advisories", "import", str(GO_OSV), "--dest", str(other), env=env)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("advisories: Go: 4 records") and (other / "Go" / METADATA_FILE).is_file()
    mixed = run_cli("advisories", "import", str(www / "PyPI" / "all.zip"), "--dest", str(other), env=env)
    assert mixed.returncode == 2
    assert "holds advisories for PyPI, npm: name the one to import with --ecosystem" in mixed.stderr
    chosen = run_cli(
        "advisories", "import", str(www / "PyPI" / "all.zip"), "--ecosystem", "pypi", "--dest", str(other), env=env
    )
    assert chosen.returncode == 0, chosen.stderr
    assert sorted(p.name for p in other.iterdir()) == ["Go", "PyPI"]

    # A scan of a Go module then reads the imported store.
    project = tmp_path / "svc"
    project.mkdir()
    (project / "go.mod").write_text("module m\n\nrequire golang.org/x/text v0.3.7\n")
    scan = run_cli(
        "scan",
        str(project),
        "--scanner",
        "dependencies",
        "--advisories",
        str(other),
        env={**env, "GATEKEEPER_ADVISORIES_MAX_AGE": "unlimited"},
    )
    assert scan.returncode == 1, scan.stderr
    assert "go.mod:3  GO-2022-1059" in scan.stdout
