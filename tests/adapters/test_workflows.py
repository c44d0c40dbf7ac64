"""The example workflows run whole, job by job, in the simulated GitHub Actions (github_workflow.py):
with a recording fake gatekeeper for the sharded plan, and with the real one on a repository with a
requirements.txt (OSV's export stood in for by a file:// mirror)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.adapters.advisory_mirror import build_mirror, now
from tests.adapters.conftest import ROOT, FakeGatekeeper, installed_bin, make_repo, output_paths
from tests.adapters.github_workflow import load, run_workflow
from tests.conftest import CLEAN_PY

ACTION = ROOT / "actions" / "action.yml"
EXAMPLES = ROOT / "actions" / "examples"
SHARDED = EXAMPLES / "gatekeeper-sharded.yml"


def env(bin_dir: Path, home: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": f"{bin_dir}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "GITHUB_EVENT_NAME": "push",
        **extra,
    }


def test_sharded_workflow_scans_each_shard_once_and_merges_them_all(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    fake = fake_gatekeeper.env(FAKE_FORMATS="console, json, sarif, junit, github, markdown, html", FAKE_EXIT="1")
    run = run_workflow(
        SHARDED,
        ACTION,
        clean_repo,
        tmp_path / "ci",
        env=env(fake_gatekeeper.bin_dir, tmp_path / "home", **fake),
        action_inputs={"advisories": "config"},
    )
    calls = fake_gatekeeper.calls()
    shards = [argv for argv in calls if argv[0] == "scan"]
    assert sorted(argv[argv.index("--shard") + 1] for argv in shards) == ["1/4", "2/4", "3/4", "4/4"]
    for argv in shards:
        assert set(output_paths(argv)) == {"json", "console"}  # a shard writes its result only

    # Each shard passes its JSON result on; it does not gate (the merge does), whatever it found.
    for job in run.runs("scan"):
        k = job.matrix["shard"]
        assert job.uploaded == {f"gatekeeper-shard-{k}": [f"shard-{k}.json"]}
        assert job.action is not None and not job.action.failed
        assert job.action.step("Gate").status == "skipped"
        assert job.action.step("Upload SARIF to code scanning").status == "skipped"

    ((merge_argv),) = [argv for argv in calls if argv[0] == "merge"]
    assert [Path(a).name for a in merge_argv[1:5]] == ["shard-1.json", "shard-2.json", "shard-3.json", "shard-4.json"]
    assert {"json", "sarif", "junit", "html", "markdown"} <= set(output_paths(merge_argv))
    (merge,) = run.runs("merge")
    assert merge.action is not None and merge.action.failed and merge.action.exit_code == 1
    assert merge.action.step("Upload SARIF to code scanning").with_ == {
        "sarif_file": merge.action.outputs["sarif-file"]
    }
    assert "gatekeeper.html" in merge.uploaded["gatekeeper-report"]
    assert merge.action.summary  # the merged Markdown summary is the job summary


def test_the_matrix_plans_every_shard_exactly_once() -> None:
    workflow = load(SHARDED)
    scan = workflow["jobs"]["scan"]
    shards = scan["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1))
    (step,) = [s for s in scan["steps"] if str(s.get("uses", "")).startswith("your-org/gatekeeper/actions@")]
    assert step["with"]["shard"] == "${{ matrix.shard }}/${{ strategy.job-total }}"
    merge = workflow["jobs"]["merge"]
    assert merge["needs"] == "scan" and merge["if"] == "${{ !cancelled() }}"
    assert merge["permissions"]["security-events"] == "write"


def test_example_workflow_scans_a_repository_with_requirements_and_passes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "app", {"app/util.py": CLEAN_PY, "requirements.txt": "demo-pkg==1.2.0\n"})
    mirror = build_mirror(tmp_path / "mirror", modified=now())
    run = run_workflow(
        EXAMPLES / "gatekeeper.yml",
        ACTION,
        repo,
        tmp_path / "ci",
        env=env(installed_bin(), tmp_path / "home"),
        # OSV itself is out of reach here: its stand-in, holding PyPI's export.
        action_inputs={"advisories-url": mirror, "advisories-ecosystems": "PyPI"},
    )
    (job,) = run.runs("security-gate")
    assert job.action is not None and not job.action.failed, job.action.log if job.action else ""
    assert job.action.outputs["exit-code"] == "0"
    report = json.loads(Path(job.action.outputs["json-file"]).read_text(encoding="utf-8"))
    assert report["summary"]["total"] == 0
    text = Path(job.action.outputs["json-file"]).with_name("gatekeeper.txt").read_text(encoding="utf-8")
    assert "advisory data 0 days old" in text and "1 PyPI requirements file" in text
    assert job.uploaded["gatekeeper-reports"]
