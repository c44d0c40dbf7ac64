"""The cache cannot be turned into a pass: through the CLI, a result cache and an advisory index
edited by someone without the cache key (a poisoned CI cache) are misses, a file edited while it
is scanned is not cached under its old content, and an index that cannot be written is kept in
memory while the scan goes on.

Simulated, and said so: the edit during the scan is made by a wrapper around the real bandit
(`GATEKEEPER_BANDIT`) at the moment bandit starts, so the race is deterministic."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

from gatekeeper.cache import KEY_ENV, digest
from tests.advisories.helpers import OSV_FIXTURE, edit_index, kept_index
from tests.conftest import CLEAN_PY, VULNERABLE_PY
from tests.reliability.helpers import can_mount, error_line, gate, load_report, no_crash, tmpfs
from tests.reliability.test_faults import _fill

BANDIT = str(Path(sys.executable).parent / "bandit")


def scan(tree: Path, cache: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    return gate(
        "scan",
        str(tree),
        "--format",
        "json",
        "--cache-dir",
        str(cache),
        *args,
        env={"GATEKEEPER_CACHE_DIR": str(cache), **(env or {})},
    )


def forge(cache: Path, change: Callable[[Any], Any]) -> int:
    """Change every cache entry's payload with `change` and recompute its checksum as anyone
    can: a plain sha256 (of the payload; of the format, key and payload where a MAC now is).
    Returns how many entries changed."""
    changed = 0
    for path in sorted(cache.glob("results-v*/*/*.json")):
        entry = json.loads(path.read_text())
        payload = change(entry["payload"])
        if payload == entry["payload"]:
            continue
        entry["payload"] = payload
        entry["checksum"] = digest(payload)
        if "mac" in entry:
            entry["mac"] = digest([entry["format"], entry["key"], payload])
        path.write_text(json.dumps(entry))
        changed += 1
    return changed


def without_findings(payload: Any) -> Any:
    """Every list of findings in an entry emptied (per-file slices, whole results, finished findings)."""
    if isinstance(payload, list) and payload and all(isinstance(f, dict) and "fingerprint" in f for f in payload):
        return []
    if isinstance(payload, dict):
        return {k: [] if k == "findings" else without_findings(v) for k, v in payload.items()}
    return payload


def without_rules(payload: Any) -> Any:
    """The parsed rule pack (a list of semgrep rules) replaced by no rules."""
    if isinstance(payload, list) and payload and all(isinstance(r, dict) and "languages" in r for r in payload):
        return []
    return payload


@pytest.fixture
def vulnerable(tmp_path: Path) -> Path:
    tree = tmp_path / "vulnerable"
    tree.mkdir()
    (tree / "app.py").write_text(VULNERABLE_PY)
    return tree


@pytest.fixture
def pinned(tmp_path: Path) -> Path:
    tree = tmp_path / "pinned"
    tree.mkdir()
    (tree / "requirements.txt").write_text("demo-pkg==1.0.0\n")
    return tree


def test_an_entry_emptied_with_its_checksum_recomputed_is_a_miss(vulnerable: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert scan(vulnerable, cache, "--scanner", "bandit").returncode == 1
    assert forge(cache, without_findings) >= 2  # the file's entry and the finished findings
    again = scan(vulnerable, cache, "--scanner", "bandit")
    assert again.returncode == 1, again.stderr
    assert "B602" in {f["rule_id"] for f in json.loads(again.stdout)["findings"]}


def test_a_rule_pack_replaced_by_no_rules_is_a_miss(vulnerable: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "util.py").write_text(CLEAN_PY)
    assert scan(clean, cache, "--scanner", "semgrep").returncode == 0
    assert forge(cache, without_rules) == 1
    proc = scan(vulnerable, cache, "--scanner", "semgrep")
    assert proc.returncode == 1, proc.stderr
    assert any(f["location"]["path"] == "app.py" for f in json.loads(proc.stdout)["findings"])


@pytest.mark.parametrize("next_scan", ["--no-cache", "another manifest"])
def test_an_index_with_rows_deleted_is_a_miss(pinned: Path, tmp_path: Path, next_scan: str) -> None:
    cache = tmp_path / "cache"
    args = ("--scanner", "dependencies", "--advisories", str(OSV_FIXTURE))
    assert scan(pinned, cache, *args).returncode == 1
    assert edit_index(kept_index(cache), "DELETE FROM packages RETURNING name")
    if next_scan == "--no-cache":  # the index is neither read nor kept
        proc = scan(pinned, cache, *args, "--no-cache")
    else:  # a manifest no entry describes: the index is read
        (pinned / "requirements.txt").write_text("demo-pkg==1.0.0  # pinned\n")
        proc = scan(pinned, cache, *args)
    assert proc.returncode == 1, proc.stderr
    assert "PYSEC-2099-1" in {f["rule_id"] for f in json.loads(proc.stdout)["findings"]}


def bandit_wrapper(tmp_path: Path, before: str) -> tuple[str, Path]:
    """The real bandit, behind a script that runs `before` (shell) first on every scan and logs it."""
    log = tmp_path / "bandit-runs.log"
    script = tmp_path / "bandit-wrapper"
    script.write_text(
        f'#!/bin/sh\nif [ "$1" != --version ]; then echo scan >> "{log}"; {before}; fi\nexec "{BANDIT}" "$@"\n'
    )
    script.chmod(0o755)
    return str(script), log


def test_a_file_edited_while_it_is_scanned_is_not_cached_under_its_old_content(
    vulnerable: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    trigger = tmp_path / "edit-during-scan"
    clean = tmp_path / "clean.py"
    clean.write_text(CLEAN_PY)
    wrapper, log = bandit_wrapper(tmp_path, f'[ -e "{trigger}" ] && cp "{clean}" "{vulnerable / "app.py"}"; true')
    env = {"GATEKEEPER_BANDIT": wrapper}
    trigger.touch()
    # gatekeeper hashes the vulnerable file; bandit then reads the clean one, and finds nothing.
    assert scan(vulnerable, cache, "--scanner", "bandit", env=env).returncode == 0
    trigger.unlink()
    (vulnerable / "app.py").write_text(VULNERABLE_PY)
    proc = scan(vulnerable, cache, "--scanner", "bandit", env=env)
    assert proc.returncode == 1, proc.stderr
    assert log.read_text().split() == ["scan", "scan"]


def test_the_key_is_kept_outside_the_cache_and_a_shared_key_reuses_a_cache(vulnerable: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    wrapper, log = bandit_wrapper(tmp_path, "true")
    machine = {"GATEKEEPER_BANDIT": wrapper, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    assert scan(vulnerable, cache, "--scanner", "bandit", env=machine).returncode == 1
    key = tmp_path / "config" / "gatekeeper" / "cache.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert not [p for p in cache.rglob("*") if p.name.endswith(".key")]
    # Another machine restores the cache without the key: nothing is reused.
    other = {**machine, "XDG_CONFIG_HOME": str(tmp_path / "other-config")}
    assert scan(vulnerable, cache, "--scanner", "bandit", env=other).returncode == 1
    assert log.read_text().split() == ["scan", "scan"]
    # With the key from the CI secret store on both, it is.
    shared = {KEY_ENV: "ci-secret-" + "k" * 32}
    assert scan(vulnerable, cache, "--scanner", "bandit", env={**machine, **shared}).returncode == 1
    assert scan(vulnerable, cache, "--scanner", "bandit", env={**other, **shared}).returncode == 1
    assert log.read_text().split() == ["scan"] * 3


def test_a_short_cache_key_is_refused_in_one_line(vulnerable: Path, tmp_path: Path) -> None:
    proc = scan(vulnerable, tmp_path / "cache", "--scanner", "bandit", env={KEY_ENV: "short"})
    assert proc.returncode == 2
    error_line(proc, KEY_ENV, "too short")


def test_a_full_disk_under_the_index_keeps_it_in_memory_and_reports(
    pinned: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A 64 KiB tmpfs, filled, as the cache (needs the privilege to mount). Without it, the
    failure is injected where the index file is renamed into place (ENOSPC), and said so."""
    cache = tmp_path / "cache"
    prelude = None
    if can_mount():
        mounted = tmpfs(cache, "size=64k")
        mounted.__enter__()
        request.addfinalizer(lambda: mounted.__exit__(None, None, None))
        _fill(cache)
    else:
        prelude = (
            "import errno, os; _replace = os.replace\n"
            "def replace(src, dst, *a, **k):\n"
            "    if 'advisory-index' in os.fspath(dst): raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))\n"
            "    return _replace(src, dst, *a, **k)\n"
            "os.replace = replace"
        )
    report = tmp_path / "report.json"
    proc = gate(
        "scan",
        str(pinned),
        "--scanner",
        "dependencies",
        "--advisories",
        str(OSV_FIXTURE),
        "-o",
        f"json={report}",
        env={"GATEKEEPER_CACHE_DIR": str(cache)},
        prelude=prelude,
    )
    no_crash(proc)
    assert proc.returncode == 1, proc.stderr
    assert "advisory index not kept in" in proc.stderr and "indexed in memory for this run" in proc.stderr
    assert "PYSEC-2099-1" in {f["rule_id"] for f in load_report(report)["findings"]}
    assert not list(cache.glob("advisory-index/*"))  # no index, no temporary file left
