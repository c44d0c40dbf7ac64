"""travis/gatekeeper.sh with simulated Travis variables: the command line it runs and its exit status."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.adapters.conftest import (
    ROOT,
    FakeGatekeeper,
    git,
    installed_bin,
    make_repo,
    option_value,
    orphan_commit,
    output_paths,
)
from tests.conftest import CLEAN_PY, VULNERABLE_PY

SCRIPT = ROOT / "travis" / "gatekeeper.sh"


def travis(repo: Path, bin_dir: Path, home: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{bin_dir}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TRAVIS": "true",
        "CI": "true",
        "TRAVIS_BUILD_DIR": str(repo),
        # Advisory data has tests of its own (test_adapter_advisories.py); here the policy decides.
        "GATEKEEPER_ADVISORIES_SOURCE": "config",
        **variables,
    }
    return subprocess.run(
        ["bash", str(SCRIPT)], cwd=repo, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


def push(branch: str = "main") -> dict[str, str]:
    return {
        "TRAVIS_PULL_REQUEST": "false",
        "TRAVIS_BRANCH": branch,
        "TRAVIS_EVENT_TYPE": "push",
        "TRAVIS_COMMIT_RANGE": "1111111...2222222",
    }


@pytest.fixture
def pr_repo(tmp_path: Path) -> tuple[Path, str, str]:
    repo = make_repo(tmp_path / "pr", {"app.py": "x = 1\n"})
    base = git(repo, "rev-parse", "HEAD")
    (repo / "app.py").write_text(VULNERABLE_PY)
    git(repo, "commit", "--quiet", "--all", "--message", "change")
    return repo, base, git(repo, "rev-parse", "HEAD")


def test_pull_request_build_scans_the_diff(
    pr_repo: tuple[Path, str, str], tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    repo, base, head = pr_repo
    proc = travis(
        repo,
        fake_gatekeeper.bin_dir,
        tmp_path,
        TRAVIS_PULL_REQUEST="42",
        TRAVIS_BRANCH="main",
        TRAVIS_EVENT_TYPE="pull_request",
        TRAVIS_COMMIT_RANGE=f"{base}...{head}",
        **fake_gatekeeper.env(),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (argv,) = fake_gatekeeper.calls()
    assert argv[:2] == ["scan", "."]
    assert option_value(argv, "--diff-base") == base
    assert f"pull request #42: scanning the changes since {base}" in proc.stdout


def test_pull_request_with_an_unknown_range_diffs_against_the_target_branch(
    pr_repo: tuple[Path, str, str], tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    repo, base, _head = pr_repo
    git(repo, "update-ref", "refs/remotes/origin/release", base)
    travis(
        repo,
        fake_gatekeeper.bin_dir,
        tmp_path,
        TRAVIS_PULL_REQUEST="7",
        TRAVIS_BRANCH="release",
        TRAVIS_COMMIT_RANGE="0123456789abcdef0123456789abcdef01234567..89abcdef0123456789abcdef0123456789abcdef",
        **fake_gatekeeper.env(),
    )
    (argv,) = fake_gatekeeper.calls()
    assert option_value(argv, "--diff-base") == "origin/release"


def test_pull_request_without_a_base_falls_back_to_a_full_scan(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    proc = travis(
        clean_repo,
        fake_gatekeeper.bin_dir,
        tmp_path,
        TRAVIS_PULL_REQUEST="9",
        TRAVIS_BRANCH="main",
        TRAVIS_COMMIT_RANGE="",
        **fake_gatekeeper.env(),
    )
    (argv,) = fake_gatekeeper.calls()
    assert "--diff-base" not in argv
    assert "pull request base not found" in proc.stdout


def test_pull_request_base_without_shared_history_falls_back_to_a_full_scan(
    pr_repo: tuple[Path, str, str], tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    repo, _base, head = pr_repo
    orphan = orphan_commit(repo)
    git(repo, "update-ref", "refs/remotes/origin/main", orphan)
    proc = travis(
        repo,
        fake_gatekeeper.bin_dir,
        tmp_path,
        TRAVIS_PULL_REQUEST="5",
        TRAVIS_BRANCH="main",
        TRAVIS_COMMIT_RANGE=f"{orphan}...{head}",
        **fake_gatekeeper.env(),
    )
    (argv,) = fake_gatekeeper.calls()
    assert "--diff-base" not in argv
    assert "pull request base not found" in proc.stdout


def test_real_pull_request_build_is_judged_on_its_changes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"app.py": VULNERABLE_PY})
    base = git(repo, "rev-parse", "HEAD")
    (repo / "util.py").write_text(CLEAN_PY)
    git(repo, "add", "util.py")
    git(repo, "commit", "--quiet", "--message", "clean change")
    proc = travis(
        repo,
        installed_bin(),
        tmp_path / "home",
        TRAVIS_PULL_REQUEST="3",
        TRAVIS_BRANCH="main",
        TRAVIS_COMMIT_RANGE=f"{base}...{git(repo, 'rev-parse', 'HEAD')}",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"--diff-base {base}" in proc.stdout


def test_push_build_scans_everything_with_the_settings(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    settings = {
        "GATEKEEPER_PATH": "src dir",
        "GATEKEEPER_FAIL_ON": "medium",
        "GATEKEEPER_CONFIG": "ci/gk.yml",
        "GATEKEEPER_BASELINE": "base.json",
        "GATEKEEPER_REPORT_DIR": str(tmp_path / "reports"),
    }
    proc = travis(
        clean_repo, fake_gatekeeper.bin_dir, tmp_path, **push("feature/x"), **settings, **fake_gatekeeper.env()
    )
    assert proc.returncode == 0
    (argv,) = fake_gatekeeper.calls()
    assert argv[:2] == ["scan", "src dir"]
    assert "--diff-base" not in argv
    assert option_value(argv, "--fail-on") == "medium"
    assert option_value(argv, "--config") == "ci/gk.yml"
    assert option_value(argv, "--baseline") == "base.json"
    outputs = output_paths(argv)
    assert outputs["json"] == str(tmp_path / "reports" / "gatekeeper.json")
    assert set(outputs) == {"json", "sarif", "junit", "console"}
    assert "branch build (feature/x): scanning everything" in proc.stdout


def test_defaults_write_reports_outside_the_build_directory(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    travis(clean_repo, fake_gatekeeper.bin_dir, tmp_path, **push(), **fake_gatekeeper.env())
    (argv,) = fake_gatekeeper.calls()
    assert all(not path.startswith(str(clean_repo)) for path in output_paths(argv).values())
    for flag in ("--fail-on", "--config", "--baseline"):
        assert flag not in argv


def test_markdown_summary_is_printed_when_gatekeeper_writes_one(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    env = fake_gatekeeper.env(
        FAKE_FORMATS="console, json, sarif, junit, markdown, html",
        FAKE_REPORT_MARKDOWN="# Compliance\n| control | status |\n",
    )
    proc = travis(clean_repo, fake_gatekeeper.bin_dir, tmp_path, **push(), **env)
    (argv,) = fake_gatekeeper.calls()
    assert {"markdown", "html"} <= set(output_paths(argv))
    assert "travis_fold:start:gatekeeper-summary" in proc.stdout
    assert "# Compliance\n| control | status |" in proc.stdout


@pytest.mark.parametrize(("status", "expected"), [(0, 0), (1, 1), (2, 2), (3, 2), (137, 2)])
def test_exit_status_follows_the_contract(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper, status: int, expected: int
) -> None:
    proc = travis(clean_repo, fake_gatekeeper.bin_dir, tmp_path, **push(), **fake_gatekeeper.env(FAKE_EXIT=str(status)))
    assert proc.returncode == expected


def test_missing_gatekeeper_is_an_error(clean_repo: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    proc = travis(clean_repo, empty, tmp_path, **push())
    assert proc.returncode == 2
    assert "'gatekeeper' was not found" in proc.stdout


def test_real_gatekeeper_on_a_push_build(tmp_path: Path) -> None:
    vulnerable = make_repo(tmp_path / "vulnerable", {"app.py": VULNERABLE_PY})
    clean = make_repo(tmp_path / "clean", {"util.py": CLEAN_PY})
    failed = travis(vulnerable, installed_bin(), tmp_path / "home-v", **push())
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "app.py" in failed.stdout and "gatekeeper: failed: policy violation" in failed.stdout
    assert (tmp_path / "home-v" / "gatekeeper-reports" / "gatekeeper.sarif").is_file()
    passed = travis(clean, installed_bin(), tmp_path / "home-c", **push())
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_a_shard_writes_its_result_and_never_fails_the_job(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    proc = travis(
        clean_repo,
        fake_gatekeeper.bin_dir,
        tmp_path,
        **push(),
        GATEKEEPER_SHARD="2/4",
        **fake_gatekeeper.env(FAKE_EXIT="1"),
    )
    assert proc.returncode == 0, proc.stdout  # a failed job would stop the build before the merge stage
    (argv,) = fake_gatekeeper.calls()
    assert argv[:4] == ["scan", ".", "--shard", "2/4"]
    assert output_paths(argv)["json"] == "gatekeeper-shards/shard-2.json"
    assert (clean_repo / "gatekeeper-shards" / "shard-2.json").is_file()  # the workspace's path
    assert "shard 2/4 exited 1" in proc.stdout and "the merge stage decides" in proc.stdout


def test_the_merge_stage_merges_every_result_and_gates(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    shards = clean_repo / "gatekeeper-shards"
    shards.mkdir()
    for k in (2, 1, 3):
        (shards / f"shard-{k}.json").write_text("{}")
    env = fake_gatekeeper.env(FAKE_EXIT="1", FAKE_FORMATS="console, json, sarif, junit, markdown, html")
    proc = travis(clean_repo, fake_gatekeeper.bin_dir, tmp_path, **push(), GATEKEEPER_MERGE="gatekeeper-shards", **env)
    assert proc.returncode == 1
    (argv,) = fake_gatekeeper.calls()
    assert argv[:4] == [
        "merge",
        "gatekeeper-shards/shard-1.json",
        "gatekeeper-shards/shard-2.json",
        "gatekeeper-shards/shard-3.json",
    ]
    assert {"json", "sarif", "junit", "console", "markdown", "html"} == set(output_paths(argv))
    assert "--diff-base" not in argv and "--advisories" not in argv


def test_a_merge_without_results_is_an_error(clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper) -> None:
    proc = travis(
        clean_repo,
        fake_gatekeeper.bin_dir,
        tmp_path,
        **push(),
        GATEKEEPER_MERGE="gatekeeper-shards",
        **fake_gatekeeper.env(),
    )
    assert proc.returncode == 2 and "no shard results" in proc.stdout
    assert fake_gatekeeper.calls() == []


def test_the_sharded_example_plans_each_shard_once_with_a_workspace() -> None:
    import yaml

    config = yaml.safe_load((ROOT / "travis" / "example-sharded.travis.yml").read_text(encoding="utf-8"))
    jobs = config["jobs"]["include"]
    shards = [j for j in jobs if str(j.get("env", "")).startswith("GATEKEEPER_SHARD=")]
    planned = sorted(j["env"].split("=", 1)[1] for j in shards)
    n = len(shards)
    assert planned == [f"{k}/{n}" for k in range(1, n + 1)]
    created = [j["workspaces"]["create"]["name"] for j in shards]
    (merge,) = [j for j in jobs if str(j.get("env", "")).startswith("GATEKEEPER_MERGE=")]
    assert sorted(merge["workspaces"]["use"]) == sorted(created)
    order = [s["name"] if isinstance(s, dict) else s for s in config["stages"]]
    assert order.index(shards[0]["stage"]) < order.index(merge["stage"])
    for job in [*shards, merge]:
        assert any("install/install.sh" in line for line in job["install"])
