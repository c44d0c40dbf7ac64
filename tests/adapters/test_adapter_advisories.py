"""Advisory data in every adapter: OSV's exports fetched at most once a day into the CI cache (here a
file:// mirror in OSV's layout stands in for OSV), a mirror URL, a store filled by `advisories
import` (air-gapped), and the scan's age limit honoured. The real gatekeeper scans a repository with
a requirements.txt, as a user's first CI run would."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.adapters.advisory_mirror import build_mirror, now
from tests.adapters.conftest import ROOT, FakeGatekeeper, installed_bin, make_repo, option_value
from tests.adapters.github_runner import ActionRun, run_action

ACTION = ROOT / "actions" / "action.yml"
TRAVIS = ROOT / "travis" / "gatekeeper.sh"
CLEAN_PIN = "demo-pkg==1.2.0\n"  # fixed for every fixture advisory
VULNERABLE_PIN = "demo-pkg==1.0.0\n"  # PYSEC-2099-1, critical


def action(workspace: Path, runner_temp: Path, bin_dir: Path, **inputs: str) -> ActionRun:
    # The mirrors here hold PyPI's export only (a repository of Python code needs no other).
    inputs = {"advisories-ecosystems": "PyPI", **inputs}
    env = {
        "PATH": f"{bin_dir}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        "HOME": str(runner_temp.parent / "home"),
        "LANG": "C.UTF-8",
        "GITHUB_EVENT_NAME": "push",
    }
    return run_action(ACTION, workspace, runner_temp, inputs=inputs, env=env, skip_steps=("install",))


def requirements_repo(tmp_path: Path, pin: str, name: str = "repo") -> Path:
    return make_repo(tmp_path / name, {"requirements.txt": pin})


def test_action_fetches_osv_once_a_day_and_the_scan_uses_it(tmp_path: Path) -> None:
    mirror = build_mirror(tmp_path / "mirror", modified=now())
    runner_temp = tmp_path / "runner-temp"  # what actions/cache restores between runs of a day
    clean = requirements_repo(tmp_path, CLEAN_PIN)

    first = action(clean, runner_temp, installed_bin(), **{"advisories-url": mirror})
    assert not first.failed and first.outputs["exit-code"] == "0", first.log
    assert "advisories update --dest" in first.log and f"--url {mirror}" in first.log
    store = first.step("prepare").outputs["advisory-store"]
    assert first.step("advisories").outputs["advisories"] == store
    assert (Path(store) / "PyPI" / "gatekeeper-osv.json").is_file()
    assert first.step("Cache advisory data").status == "recorded"
    assert first.step("Cache advisory data").with_["path"] == store

    # The same day, the cached data is used as it is: the mirror is not asked again.
    shutil.rmtree(tmp_path / "mirror")
    vulnerable = requirements_repo(tmp_path, VULNERABLE_PIN, "vulnerable")
    second = action(vulnerable, runner_temp, installed_bin(), **{"advisories-url": mirror})
    assert "fetched less than a day ago; not fetching again" in second.log
    assert "advisories update" not in second.log
    assert second.failed and second.outputs["exit-code"] == "1", second.log
    assert "PYSEC-2099-1" in Path(second.outputs["json-file"]).read_text(encoding="utf-8")


def test_action_cache_key_changes_daily_and_with_the_source(tmp_path: Path, fake_gatekeeper: FakeGatekeeper) -> None:
    repo = requirements_repo(tmp_path, CLEAN_PIN)
    env = fake_gatekeeper.env()
    runs = [
        run_action(
            ACTION,
            repo,
            tmp_path / f"temp-{index}",
            inputs=inputs,
            env={"PATH": f"{fake_gatekeeper.bin_dir}:/usr/bin:/bin", **env},
            skip_steps=("install",),
        )
        for index, inputs in enumerate([{}, {"advisories-url": "https://mirror.example/osv"}])
    ]
    keys = [run.step("Cache advisory data").with_ for run in runs]
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    assert all(key["key"].endswith(f"-{today}") for key in keys)
    assert keys[0]["restore-keys"] != keys[1]["restore-keys"]
    assert keys[0]["key"].startswith(keys[0]["restore-keys"])


def test_action_honours_the_age_limit(tmp_path: Path) -> None:
    # A mirror serving the records with their own (2024) dates: older than the default 5 days.
    mirror = build_mirror(tmp_path / "mirror")
    repo = requirements_repo(tmp_path, CLEAN_PIN)
    stale = action(repo, tmp_path / "t1", installed_bin(), **{"advisories-url": mirror})
    assert stale.failed and stale.outputs["exit-code"] == "2", stale.log
    assert "days old (max_age_days is 5)" in stale.log
    allowed = action(
        repo, tmp_path / "t2", installed_bin(), **{"advisories-url": mirror, "advisories-max-age": "36500"}
    )
    assert not allowed.failed and allowed.outputs["exit-code"] == "0", allowed.log


def test_action_without_reachable_data_fails_closed(tmp_path: Path) -> None:
    repo = requirements_repo(tmp_path, CLEAN_PIN)
    missing = (tmp_path / "no-mirror").as_uri()
    result = action(repo, tmp_path / "t", installed_bin(), **{"advisories-url": missing})
    assert result.failed and result.outputs["exit-code"] == "2", result.log
    warnings = [a["message"] for a in result.annotations if a["command"] == "warning"]
    assert any("advisory update failed" in w for w in warnings), result.annotations
    assert "no advisory database" in result.log


def test_action_air_gapped_store_from_advisories_import(tmp_path: Path) -> None:
    build_mirror(tmp_path / "carried-in", modified=now())
    store = tmp_path / "opt-osv"
    imported = subprocess.run(
        [str(installed_bin() / "gatekeeper"), "advisories", "import", str(tmp_path / "carried-in" / "PyPI" / "all.zip")]
        + ["--dest", str(store)],
        capture_output=True,
        text=True,
        env={**os.environ, "GATEKEEPER_CACHE_DIR": str(tmp_path / "cache")},
        stdin=subprocess.DEVNULL,
    )
    assert imported.returncode == 0, imported.stderr
    repo = requirements_repo(tmp_path, VULNERABLE_PIN)
    result = action(repo, tmp_path / "t", installed_bin(), advisories=str(store))
    assert result.step("Cache advisory data").status == "skipped"  # nothing to fetch
    assert "advisories update" not in result.log
    assert result.outputs["exit-code"] == "1", result.log  # the imported data found the advisory


def test_action_rejects_a_missing_advisory_path(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    env = {"PATH": f"{fake_gatekeeper.bin_dir}:/usr/bin:/bin", **fake_gatekeeper.env()}
    result = run_action(
        ACTION, clean_repo, tmp_path / "t", inputs={"advisories": "osv-data"}, env=env, skip_steps=("install",)
    )
    assert result.failed and result.exit_code == 2
    (error,) = [a for a in result.annotations if a["command"] == "error"]
    assert "advisories: osv-data does not exist" in error["message"]
    assert fake_gatekeeper.calls() == []  # no scan without the data asked for


@pytest.mark.parametrize(("value", "flag"), [("online", "online"), ("config", None)])
def test_action_passes_other_sources_on(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper, value: str, flag: str | None
) -> None:
    env = {"PATH": f"{fake_gatekeeper.bin_dir}:/usr/bin:/bin", **fake_gatekeeper.env()}
    run_action(ACTION, clean_repo, tmp_path / "t", inputs={"advisories": value}, env=env, skip_steps=("install",))
    (argv,) = fake_gatekeeper.calls()
    assert option_value(argv, "--advisories") == flag


def travis(repo: Path, home: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{installed_bin()}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TRAVIS": "true",
        "TRAVIS_PULL_REQUEST": "false",
        "TRAVIS_BRANCH": "main",
        "GATEKEEPER_ADVISORIES_ECOSYSTEMS": "PyPI",
        **variables,
    }
    return subprocess.run(
        ["bash", str(TRAVIS)], cwd=repo, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


def test_travis_fetches_into_its_cache_directory_once_a_day(tmp_path: Path) -> None:
    mirror = build_mirror(tmp_path / "mirror", modified=now())
    home = tmp_path / "home"  # $HOME/.cache/gatekeeper-advisories is what the Travis cache keeps
    first = travis(requirements_repo(tmp_path, CLEAN_PIN), home, GATEKEEPER_ADVISORIES_URL=mirror)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (home / ".cache" / "gatekeeper-advisories" / "PyPI" / "gatekeeper-osv.json").is_file()
    shutil.rmtree(tmp_path / "mirror")
    second = travis(requirements_repo(tmp_path, VULNERABLE_PIN, "v"), home, GATEKEEPER_ADVISORIES_URL=mirror)
    assert "not fetching again" in second.stderr
    assert second.returncode == 1, second.stdout + second.stderr


def test_travis_honours_the_age_limit(tmp_path: Path) -> None:
    mirror = build_mirror(tmp_path / "mirror")
    proc = travis(requirements_repo(tmp_path, CLEAN_PIN), tmp_path / "home", GATEKEEPER_ADVISORIES_URL=mirror)
    assert proc.returncode == 2 and "days old" in proc.stdout + proc.stderr
    allowed = travis(
        requirements_repo(tmp_path, CLEAN_PIN, "again"),
        tmp_path / "home",
        GATEKEEPER_ADVISORIES_URL=mirror,
        GATEKEEPER_ADVISORIES_MAX_AGE="36500",
    )
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr


def test_the_jenkins_library_carries_the_same_advisory_script() -> None:
    # libraryResource reads jenkins/resources/; the script is the one the other adapters run.
    shared = (ROOT / "install" / "advisories.sh").read_bytes()
    assert (ROOT / "jenkins" / "resources" / "gatekeeper" / "advisories.sh").read_bytes() == shared
