"""The sharded templates end to end with the real gatekeeper: `gatekeeper scan --shard K/N` in every
shard job and `gatekeeper merge` in the merge job, through the GitHub workflow (simulated job by job),
Travis's stages and the Jenkins step. The merged verdict, findings and failing controls must be the
unsharded scan's. These tests drive the sharding interface of issue 22 (points 1-2), built on
another branch: they fail until it is merged."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.adapters.conftest import ROOT, installed_bin, make_repo
from tests.adapters.github_runner import run_action
from tests.adapters.github_workflow import run_workflow
from tests.adapters.test_jenkins import HARNESS, LIBRARY, Scenarios, groovy_command, groovy_env

ACTION = ROOT / "actions" / "action.yml"
SHARDED = ROOT / "actions" / "examples" / "gatekeeper-sharded.yml"
TRAVIS = ROOT / "travis" / "gatekeeper.sh"
EXAMPLE = ROOT / "examples" / "payments-api"


def payments_repo(tmp_path: Path) -> Path:
    """The demo payments service (its own policy and frozen advisory data): a real tree of code,
    dependencies, configuration and secrets."""
    files = {
        str(path.relative_to(EXAMPLE)): path.read_text(encoding="utf-8")
        for path in sorted(EXAMPLE.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
    return make_repo(tmp_path / "payments-api", files)


def env(home: Path) -> dict[str, str]:
    return {
        "PATH": f"{installed_bin()}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "GITHUB_EVENT_NAME": "push",
    }


def outcome(report_path: str | Path) -> tuple[set[str], set[str], Any]:
    report = json.loads(Path(report_path).read_text(encoding="utf-8"))
    findings = {f["fingerprint"] for f in report["findings"]}
    failing = {c["ref"] for f in report["controls"]["frameworks"] for c in f["controls"] if c["status"] == "failing"}
    return findings, failing, report["verdict"].get("blocking")


def test_github_sharded_workflow_equals_one_scan(tmp_path: Path) -> None:
    repo = payments_repo(tmp_path)
    single = run_action(
        ACTION,
        repo,
        tmp_path / "single",
        inputs={"advisories": "config"},
        env=env(tmp_path / "h1"),
        skip_steps=("install",),
    )
    assert single.outputs["exit-code"] == "1", single.log

    run = run_workflow(
        SHARDED, ACTION, repo, tmp_path / "ci", env=env(tmp_path / "h2"), action_inputs={"advisories": "config"}
    )
    for job in run.runs("scan"):
        assert job.action is not None and job.action.outputs["json-file"], job.action.log if job.action else job
    (merge,) = run.runs("merge")
    assert merge.action is not None
    assert merge.action.outputs["exit-code"] == "1" and merge.action.failed, merge.action.log
    assert outcome(merge.action.outputs["json-file"]) == outcome(single.outputs["json-file"])
    sarif = json.loads(Path(merge.action.outputs["sarif-file"]).read_text(encoding="utf-8"))
    assert sarif["runs"] and merge.action.step("Upload SARIF to code scanning").status == "recorded"
    assert "gatekeeper.html" in merge.uploaded["gatekeeper-report"]


def travis(repo: Path, home: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    variables = {"GATEKEEPER_ADVISORIES_SOURCE": "config", "TRAVIS_PULL_REQUEST": "false", **variables}
    return subprocess.run(
        ["bash", str(TRAVIS)],
        cwd=repo,
        env={**env(home), "TRAVIS": "true", **variables},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def test_travis_shard_stage_then_merge_stage_equals_one_scan(tmp_path: Path) -> None:
    repo = payments_repo(tmp_path)
    single = travis(repo, tmp_path / "single")
    assert single.returncode == 1, single.stdout + single.stderr

    # Each shard job runs on its own machine; their workspaces come together in the merge job.
    merged_workspace = tmp_path / "merge-job"
    shutil.copytree(repo, merged_workspace)
    for k in range(1, 4):
        shard_job = tmp_path / f"shard-job-{k}"
        shutil.copytree(repo, shard_job)
        proc = travis(shard_job, tmp_path / f"home-{k}", GATEKEEPER_SHARD=f"{k}/3")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        (merged_workspace / "gatekeeper-shards").mkdir(exist_ok=True)
        shutil.copy(shard_job / "gatekeeper-shards" / f"shard-{k}.json", merged_workspace / "gatekeeper-shards")
    merged = travis(merged_workspace, tmp_path / "home-merge", GATEKEEPER_MERGE="gatekeeper-shards")
    assert merged.returncode == 1, merged.stdout + merged.stderr
    single_report = tmp_path / "single" / "gatekeeper-reports" / "gatekeeper.json"
    merged_report = tmp_path / "home-merge" / "gatekeeper-reports" / "gatekeeper.json"
    assert outcome(merged_report) == outcome(single_report)


def test_travis_merge_with_a_missing_shard_is_an_error_naming_it(tmp_path: Path) -> None:
    repo = payments_repo(tmp_path)
    # Each shard job on its own copy of the tree, as on Travis; shard 2's result never arrives.
    merged_workspace = tmp_path / "merge-job"
    shutil.copytree(repo, merged_workspace)
    (merged_workspace / "gatekeeper-shards").mkdir()
    for k in (1, 3):
        shard_job = tmp_path / f"shard-job-{k}"
        shutil.copytree(repo, shard_job)
        assert travis(shard_job, tmp_path / f"h{k}", GATEKEEPER_SHARD=f"{k}/3").returncode == 0
        shutil.copy(shard_job / "gatekeeper-shards" / f"shard-{k}.json", merged_workspace / "gatekeeper-shards")
    merged = travis(merged_workspace, tmp_path / "hm", GATEKEEPER_MERGE="gatekeeper-shards")
    assert merged.returncode == 2, merged.stdout + merged.stderr
    # gatekeeper merge's own message (not the adapter's closing line) names shard 2.
    errors = [
        line
        for line in (merged.stdout + merged.stderr).splitlines()
        if line.startswith("gatekeeper: error:") and "the scan is incomplete or could not run" not in line
    ]
    assert errors and re.search(r"\b2\b", " ".join(errors)), merged.stdout + merged.stderr


def test_jenkins_parallel_shards_then_merge_equal_one_scan(tmp_path: Path) -> None:
    command = groovy_command()
    (tmp_path / "jenkins").mkdir()
    scenarios = Scenarios(tmp_path / "jenkins")
    files = {
        str(path.relative_to(EXAMPLE)): path.read_text(encoding="utf-8")
        for path in sorted(EXAMPLE.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
    stashes = str(tmp_path / "stashes")
    scenarios.add("single", {}, files=files)
    for k in (1, 2, 3):
        scenarios.add(f"shard-{k}", {"shard": f"{k}/3"}, files=files, stashes=stashes)
    scenarios.add("merge", {"merge": 3}, files=files, stashes=stashes)
    spec = tmp_path / "scenarios.json"
    spec.write_text(json.dumps(scenarios.items))
    proc = subprocess.run(
        [*command, str(HARNESS), str(LIBRARY), str(spec)],
        capture_output=True,
        text=True,
        env=groovy_env(),
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    results = {r["name"]: r for r in json.loads(proc.stdout)}
    for k in (1, 2, 3):
        assert results[f"shard-{k}"]["result"] == "SUCCESS", results[f"shard-{k}"]
    assert results["single"]["result"] == results["merge"]["result"] == "FAILURE"
    assert results["merge"]["error"].startswith("gatekeeper: policy violation")
    single = Path(scenarios.items[0]["workspace"]) / "gatekeeper-reports" / "gatekeeper.json"
    merged = Path(scenarios.items[-1]["workspace"]) / "gatekeeper-reports" / "gatekeeper.json"
    assert outcome(merged) == outcome(single)
