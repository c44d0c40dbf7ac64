"""The composite action's steps, run in bash with a simulated GitHub environment."""

from __future__ import annotations

import json
import os
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
from tests.adapters.github_runner import ActionRun, run_action, substitute, workflow_commands
from tests.conftest import CLEAN_PY, VULNERABLE_PY

ACTION = ROOT / "actions" / "action.yml"
PUSH = {"GITHUB_EVENT_NAME": "push", "GITHUB_REF": "refs/heads/main", "GITHUB_REPOSITORY": "acme/payments"}
PULL_REQUEST = {
    "GITHUB_EVENT_NAME": "pull_request",
    "GITHUB_BASE_REF": "main",
    "GITHUB_HEAD_REF": "feature",
    "GITHUB_REF": "refs/pull/7/merge",
    "GITHUB_REPOSITORY": "acme/payments",
}


def run(
    workspace: Path,
    tmp_path: Path,
    bin_dir: Path,
    *,
    inputs: dict[str, str] | None = None,
    event: dict[str, str] = PUSH,
    extra_env: dict[str, str] | None = None,
) -> ActionRun:
    env = {
        "PATH": f"{bin_dir}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "LANG": "C.UTF-8",
        **event,
        **(extra_env or {}),
    }
    # Advisory data has tests of its own (test_adapter_advisories.py); here the policy decides.
    inputs = {"advisories": "config", **(inputs or {})}
    return run_action(ACTION, workspace, tmp_path / "runner-temp", inputs=inputs, env=env, skip_steps=("install",))


# The real gatekeeper against fixture repositories.


def test_vulnerable_repository_fails_with_annotations_summary_and_outputs(
    vulnerable_repo: Path, tmp_path: Path
) -> None:
    result = run(vulnerable_repo, tmp_path, installed_bin(), inputs={"upload-sarif": "true"})

    assert result.failed and result.exit_code == 1, result.log
    assert result.step("scan").status == "success"  # the scan step reports; the gate step fails
    assert result.step("Gate").status == "failure"
    assert result.outputs["exit-code"] == "1"

    report = json.loads(Path(result.outputs["json-file"]).read_text(encoding="utf-8"))
    assert result.outputs["findings"] == str(report["summary"]["total"]) != "0"
    failing = sorted(
        c["ref"] for f in report["controls"]["frameworks"] for c in f["controls"] if c["status"] == "failing"
    )
    assert failing and result.outputs["failing-controls"] == ",".join(failing)

    errors = [a for a in result.annotations if a["command"] == "error"]
    assert errors and errors[0]["properties"]["file"] == "app.py" and int(errors[0]["properties"]["line"]) > 0

    assert "fail" in result.summary.lower() and "app.py" in result.summary
    assert result.outputs["summary-file"]

    sarif = json.loads(Path(result.outputs["sarif-file"]).read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]
    assert Path(result.outputs["junit-file"]).read_text(encoding="utf-8").startswith("<?xml")

    upload = result.step("Upload SARIF to code scanning")
    assert upload.status == "recorded" and upload.with_ == {"sarif_file": result.outputs["sarif-file"]}


def test_clean_repository_passes(clean_repo: Path, tmp_path: Path) -> None:
    result = run(clean_repo, tmp_path, installed_bin())
    assert not result.failed, result.log
    assert result.outputs["exit-code"] == "0"
    assert result.outputs["findings"] == "0"
    assert result.outputs["failing-controls"] == ""
    assert [a for a in result.annotations if a["command"] == "error"] == []
    assert "passed" in result.summary.lower()
    assert result.step("Upload SARIF to code scanning").status == "skipped"  # upload-sarif defaults to false
    assert result.step("Gate").status == "success"


def test_scan_error_fails_and_is_not_uploaded(clean_repo: Path, tmp_path: Path) -> None:
    result = run(clean_repo, tmp_path, installed_bin(), inputs={"path": "no-such-dir", "upload-sarif": "true"})
    assert result.failed and result.exit_code == 2
    assert result.outputs["exit-code"] == "2"
    assert "target not found: no-such-dir" in result.log
    assert "error" in result.summary.lower() and "no-such-dir" in result.summary
    # Uploading an incomplete analysis would close alerts in code scanning.
    assert result.step("Upload SARIF to code scanning").status == "skipped"


# Command lines and outputs, with a fake gatekeeper that records its argv.


def test_inputs_become_flags(clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper) -> None:
    inputs = {
        "path": "src dir",
        "config": "ci/.gatekeeper.yml",
        "fail-on": "medium",
        "baseline": "base line.json",
        "sarif-file": "out/gk.sarif",
    }
    result = run(clean_repo, tmp_path, fake_gatekeeper.bin_dir, inputs=inputs, extra_env=fake_gatekeeper.env())
    assert not result.failed, result.log
    (argv,) = fake_gatekeeper.calls()
    assert argv[:4] == ["scan", "src dir", "--format", "github"]
    assert option_value(argv, "--config") == "ci/.gatekeeper.yml"
    assert option_value(argv, "--fail-on") == "medium"
    assert option_value(argv, "--baseline") == "base line.json"
    assert "--diff-base" not in argv  # a push builds scans everything
    outputs = output_paths(argv)
    assert outputs["sarif"] == "out/gk.sarif" and (clean_repo / "out" / "gk.sarif").exists()
    assert set(outputs) == {"json", "sarif", "junit", "console"}  # this fake writes no markdown or html
    assert result.outputs["sarif-file"] == "out/gk.sarif"


def test_defaults_leave_the_policy_alone(clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper) -> None:
    run(clean_repo, tmp_path, fake_gatekeeper.bin_dir, extra_env=fake_gatekeeper.env())
    (argv,) = fake_gatekeeper.calls()
    assert argv[1] == "."
    for flag in ("--config", "--fail-on", "--baseline", "--diff-base"):
        assert flag not in argv


def pr_repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "pr", {"app.py": "x = 1\n"})
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    (repo / "app.py").write_text(VULNERABLE_PY)
    git(repo, "commit", "--quiet", "--all", "--message", "change")
    return repo


def test_pull_request_scans_the_diff_against_its_base(tmp_path: Path, fake_gatekeeper: FakeGatekeeper) -> None:
    result = run(
        pr_repo(tmp_path), tmp_path, fake_gatekeeper.bin_dir, event=PULL_REQUEST, extra_env=fake_gatekeeper.env()
    )
    assert not result.failed, result.log
    (argv,) = fake_gatekeeper.calls()
    assert option_value(argv, "--diff-base") == "origin/main"


def test_explicit_diff_base_wins(tmp_path: Path, fake_gatekeeper: FakeGatekeeper) -> None:
    run(
        pr_repo(tmp_path),
        tmp_path,
        fake_gatekeeper.bin_dir,
        event=PULL_REQUEST,
        inputs={"diff-base": "v1.2.0"},
        extra_env=fake_gatekeeper.env(),
    )
    (argv,) = fake_gatekeeper.calls()
    assert option_value(argv, "--diff-base") == "v1.2.0"


def test_pull_request_without_its_base_falls_back_to_a_full_scan(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    result = run(clean_repo, tmp_path, fake_gatekeeper.bin_dir, event=PULL_REQUEST, extra_env=fake_gatekeeper.env())
    (argv,) = fake_gatekeeper.calls()
    assert "--diff-base" not in argv
    (warning,) = [a for a in result.annotations if a["command"] == "warning"]
    assert "origin/main not found; scanning everything" in warning["message"]


def test_pull_request_base_without_shared_history_falls_back_to_a_full_scan(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    git(clean_repo, "update-ref", "refs/remotes/origin/main", orphan_commit(clean_repo))
    result = run(clean_repo, tmp_path, fake_gatekeeper.bin_dir, event=PULL_REQUEST, extra_env=fake_gatekeeper.env())
    (argv,) = fake_gatekeeper.calls()
    assert "--diff-base" not in argv
    (warning,) = [a for a in result.annotations if a["command"] == "warning"]
    assert "no merge-base with origin/main" in warning["message"]


def test_real_pull_request_is_judged_on_its_changes(tmp_path: Path) -> None:
    # The base branch already has a critical finding; the pull request only adds clean code.
    repo = make_repo(tmp_path / "repo", {"app.py": VULNERABLE_PY})
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    (repo / "util.py").write_text(CLEAN_PY)
    git(repo, "add", "util.py")
    git(repo, "commit", "--quiet", "--message", "clean change")
    result = run(repo, tmp_path, installed_bin(), event=PULL_REQUEST)
    assert "--diff-base origin/main" in result.log
    assert not result.failed and result.outputs["exit-code"] == "0", result.log
    assert [a for a in result.annotations if a["command"] == "error"] == []


def test_markdown_report_is_the_summary_and_controls_come_from_the_report(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    report = {
        "summary": {"total": 3},
        "verdict": {"blocking": ["a:0"]},
        "findings": [{"fingerprint": "a:0", "controls": ["pci-dss:6.2.4"]}],
        "controls": {
            "frameworks": [
                {
                    "id": "pci-dss",
                    "controls": [
                        {"ref": "pci-dss:6.2.4", "status": "failing"},
                        {"ref": "pci-dss:6.3.1", "status": "passing"},
                    ],
                },
                {
                    "id": "soc2",
                    "controls": [
                        {"ref": "soc2:CC7.1", "status": "failing"},
                        {"ref": "soc2:CC8.1", "status": "not_assessed"},
                    ],
                },
            ]
        },
    }
    env = fake_gatekeeper.env(
        FAKE_FORMATS="console, json, sarif, junit, github, markdown, html",
        FAKE_EXIT="1",
        FAKE_REPORT_JSON=json.dumps(report),
        FAKE_REPORT_MARKDOWN="# Compliance summary\n\n| x |\n",
    )
    result = run(clean_repo, tmp_path, fake_gatekeeper.bin_dir, extra_env=env)
    (argv,) = fake_gatekeeper.calls()
    outputs = output_paths(argv)
    assert {"markdown", "html"} <= set(outputs)
    assert result.summary == "# Compliance summary\n\n| x |\n"
    assert result.outputs["summary-file"] == outputs["markdown"]
    assert result.outputs["html-file"] == outputs["html"]
    assert result.outputs["findings"] == "3"
    assert result.outputs["failing-controls"] == "pci-dss:6.2.4,soc2:CC7.1"
    assert result.failed and result.exit_code == 1


def test_text_summary_fence_cannot_be_closed_by_the_report(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    env = fake_gatekeeper.env(FAKE_REPORT_CONSOLE="x\n````\n# not a heading\n")
    result = run(clean_repo, tmp_path, fake_gatekeeper.bin_dir, extra_env=env)
    assert "`````text\nx\n````\n# not a heading\n\n`````\n" in result.summary


def test_hostile_stderr_cannot_issue_workflow_commands(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    env = fake_gatekeeper.env(
        FAKE_EXIT="2", FAKE_STDERR="gatekeeper: error: bad\n::error::forged\n  ::set-output name=exit-code::0\n"
    )
    result = run(clean_repo, tmp_path, fake_gatekeeper.bin_dir, extra_env=env)
    assert "::error::forged" in result.log  # shown to the reader…
    assert all(a["message"] != "forged" for a in result.annotations)  # …but not acted on
    assert result.outputs["exit-code"] == "2" and result.failed and result.exit_code == 2


@pytest.mark.parametrize(("status", "expected"), [(0, "0"), (1, "1"), (2, "2"), (137, "2"), (3, "2")])
def test_exit_codes_map_to_the_contract(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper, status: int, expected: str
) -> None:
    result = run(clean_repo, tmp_path, fake_gatekeeper.bin_dir, extra_env=fake_gatekeeper.env(FAKE_EXIT=str(status)))
    assert result.outputs["exit-code"] == expected
    assert result.failed == (expected != "0")
    assert result.exit_code == int(expected)


def test_missing_gatekeeper_is_an_error(clean_repo: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    result = run(clean_repo, tmp_path, empty)
    assert result.outputs["exit-code"] == "2" and result.failed and result.exit_code == 2
    assert "the gatekeeper command was not found" in result.log


# The simulation itself must read commands and expressions as GitHub does.


def test_simulated_runner_honours_stop_commands_and_escapes() -> None:
    log = "::error file=a%2Cb.py,line=3::x%0Ay\n::stop-commands::tok\n::error::no\n::tok::\n  ::warning::yes\n"
    assert workflow_commands(log) == [
        {"command": "error", "properties": {"file": "a,b.py", "line": "3"}, "message": "x\ny"},
        {"command": "warning", "properties": {}, "message": "yes"},
    ]
    context = {"inputs": {"a": "true"}, "steps": {}, "github": {"action_path": "/x"}}
    assert substitute("${{ inputs.a == 'true' && steps.s.outputs.o != '2' }}", context) == "true"
    with pytest.raises(KeyError):
        substitute("${{ inputs.nope }}", context)


def test_failing_controls_fall_back_to_blocking_findings(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    report = {
        "summary": {"total": 2},
        "verdict": {"blocking": ["a:0"]},
        "findings": [
            {"fingerprint": "a:0", "controls": ["soc2:CC7.1", "pci-dss:6.2.4"]},
            {"fingerprint": "b:0", "controls": ["pci-dss:6.3.1"]},
        ],
    }
    env = fake_gatekeeper.env(FAKE_EXIT="1", FAKE_REPORT_JSON=json.dumps(report))
    result = run(clean_repo, tmp_path, fake_gatekeeper.bin_dir, extra_env=env)
    assert result.outputs["findings"] == "2"
    assert result.outputs["failing-controls"] == "pci-dss:6.2.4,soc2:CC7.1"


def test_findings_without_an_annotation_go_to_the_summary(
    clean_repo: Path, tmp_path: Path, fake_gatekeeper: FakeGatekeeper
) -> None:
    stdout = "".join(f"::error file=a.py,line={i}::x\n" for i in range(10))
    stdout += "gatekeeper: 2 more finding(s) not annotated\ngatekeeper:   LOW a.py:11 B404 one\ngatekeeper:   LOW a.py:12 B404 two\n"
    result = run(
        clean_repo, tmp_path, fake_gatekeeper.bin_dir, extra_env=fake_gatekeeper.env(FAKE_STDOUT=stdout, FAKE_EXIT="1")
    )
    assert len([a for a in result.annotations if a["command"] == "error"]) == 10
    assert "### Findings without an annotation" in result.summary
    assert "```text\nLOW a.py:11 B404 one\nLOW a.py:12 B404 two\n\n```" in result.summary
    assert result.outputs["exit-code"] == "1" and result.exit_code == 1
