"""The CLI as a subprocess: exit codes, messages and outputs exactly as a pipeline sees them."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Callable

import pytest

from gatekeeper import __version__
from gatekeeper.rulepack import RulePack, default_rules_dir
from tests.conftest import EXAMPLE, run_cli


def assert_one_line_error(stderr: str, *needles: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    errors = [line for line in lines if line.startswith("gatekeeper: error:")]
    assert len(errors) == 1, stderr
    for needle in needles:
        assert needle in errors[0], errors[0]
    return errors[0]


@pytest.fixture(scope="module")
def example_json(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict]:  # type: ignore[type-arg]
    copy = tmp_path_factory.mktemp("example") / "payments-api"
    shutil.copytree(EXAMPLE, copy)
    proc = run_cli("scan", str(copy), "--format", "json")
    return proc.returncode, json.loads(proc.stdout)


def test_example_fails_with_findings_from_both_scanners_deduplicated(example_json: tuple[int, dict]) -> None:  # type: ignore[type-arg]
    code, report = example_json
    assert code == 1
    by_rule = {f["rule_id"]: f for f in report["findings"]}
    for rule in (
        "python-sql-injection",
        "python-command-injection",
        "python-unsafe-yaml-load",
        "python-tls-verification-disabled",
    ):
        assert by_rule[rule]["scanners"] == ["semgrep", "bandit"], rule
    assert by_rule["python-sql-injection"]["source_rules"]["bandit"] == "B608"
    # bandit's B602 (shell=True) was merged into the semgrep finding, not reported twice.
    assert not any(f["rule_id"] == "B602" for f in report["findings"])
    assert any(f["scanners"] == ["bandit"] for f in report["findings"])
    assert report["verdict"]["status"] == "failed"


def test_example_console_output_names_place_rule_and_fix() -> None:
    proc = run_cli("scan", str(EXAMPLE))
    assert proc.returncode == 1
    assert re.search(r"app\.py:\d+\s+python-sql-injection\s+\[semgrep, bandit\]", proc.stdout)
    remediation = next(
        r["metadata"]["remediation"]
        for r in RulePack(default_rules_dir()).semgrep_rules
        if r["id"] == "python-sql-injection"
    )
    assert "fix: " + " ".join(remediation.split()) in proc.stdout
    assert proc.stdout.rstrip().splitlines()[-1].startswith("FAILED:")
    # stderr is the progress a CI log shows (one prefixed line per scanner start and finish), no error.
    assert all(line.startswith("gatekeeper: ") for line in proc.stderr.splitlines())
    assert "error" not in proc.stderr


def test_clean_tree_passes(clean_tree: Path) -> None:
    proc = run_cli("scan", str(clean_tree))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "PASSED" in proc.stdout


def test_findings_below_the_threshold_pass_and_lower_threshold_fails(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("import subprocess\n")  # bandit B404: low
    assert run_cli("scan", str(tmp_path)).returncode == 0
    assert run_cli("scan", str(tmp_path), "--fail-on", "low").returncode == 1


def test_nonexistent_target_exits_2_with_one_line(tmp_path: Path) -> None:
    proc = run_cli("scan", str(tmp_path / "missing"))
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "target not found", "missing")


def test_missing_scanner_exits_2_naming_it(vulnerable_tree: Path) -> None:
    proc = run_cli("scan", str(vulnerable_tree), env={"GATEKEEPER_BANDIT": "/nonexistent/bandit"})
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "bandit not found at /nonexistent/bandit")
    # Partial results are still reported.
    assert "python-command-injection" in proc.stdout


def test_scanner_missing_from_path_exits_2(clean_tree: Path, tmp_path: Path) -> None:
    """No semgrep next to the interpreter nor on PATH: simulated with an interpreter-less bin dir."""
    proc = run_cli("scan", str(clean_tree), env={"GATEKEEPER_SEMGREP": str(tmp_path / "bin" / "semgrep")})
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "semgrep not found")


def test_killed_scanner_exits_2(clean_tree: Path, fake_tool: Callable[[str], str]) -> None:
    killer = fake_tool('[ "$1" = --version ] && { echo 1.0; exit 0; }\nkill -KILL $$')
    proc = run_cli("scan", str(clean_tree), env={"GATEKEEPER_SEMGREP": killer})
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "semgrep was killed by SIGKILL")


def test_hanging_scanner_is_killed_at_the_timeout(clean_tree: Path, fake_tool: Callable[[str], str]) -> None:
    hang = fake_tool('[ "$1" = --version ] && { echo 1.0; exit 0; }\nexec sleep 120')
    proc = run_cli("scan", str(clean_tree), "--timeout", "2", env={"GATEKEEPER_SEMGREP": hang})
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "semgrep timed out after 2s")


def test_unparseable_file_exits_2_unless_partial_is_allowed(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("def broken(:\n    pass\n")
    proc = run_cli("scan", str(tmp_path))
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "bandit: could not scan 1 file(s), e.g. broken.py")
    assert run_cli("scan", str(tmp_path), "--allow-partial").returncode == 0


def test_scan_of_named_files_only(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text((EXAMPLE / "app.py").read_text())
    (tmp_path / "good.py").write_text("x = 1\n")
    proc = run_cli("scan", "good.py", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0
    report = json.loads(proc.stdout)
    assert report["scan"]["coverage"]["files"] == 1
    assert run_cli("scan", "bad.py", cwd=tmp_path).returncode == 1


def test_several_reports_in_one_run(vulnerable_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli(
        "scan", str(vulnerable_tree), "--quiet", "-o", f"json={out}/r.json", "--output", f"console={out}/r.txt"
    )
    assert proc.returncode == 1
    assert json.loads((out / "r.json").read_text())["summary"]["total"] >= 1
    assert "python-command-injection" in (out / "r.txt").read_text()
    # --quiet: only the summary on stdout.
    assert proc.stdout.strip().startswith("FAILED")
    assert "python-command-injection" not in proc.stdout
    assert not list(out.glob(".*.tmp"))


def test_unwritable_report_exits_2_naming_the_file(vulnerable_tree: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    proc = run_cli("scan", str(vulnerable_tree), "-o", f"json={blocker}/r.json")
    assert proc.returncode == 2
    assert "cannot write json report to" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--output", "json"], "not FORMAT=FILE"),
        (["--output", "pdf=x.pdf"], "unknown format 'pdf'"),
        (["--fail-on", "hgih"], "hgih"),
        (["--scanner", "nessus"], "unknown scanner 'nessus'"),
    ],
)
def test_bad_flags_exit_2(clean_tree: Path, args: list[str], needle: str) -> None:
    proc = run_cli("scan", str(clean_tree), *args)
    assert proc.returncode == 2
    assert needle in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("second", ["r.json", "./r.json", "sub/../r.json", "link.json"])
def test_two_reports_to_one_file_exit_2_before_scanning(clean_tree: Path, tmp_path: Path, second: str) -> None:
    """The second report would silently replace the first: refused, naming both, before any scan."""
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    (out / "link.json").symlink_to(out / "r.json")
    proc = run_cli("scan", str(clean_tree), "-o", "json=r.json", "-o", f"sarif={second}", cwd=out)
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "--output", "json=r.json", f"sarif={Path(second)}", "same file")
    assert not (out / "r.json").exists()


def test_report_command_refuses_two_reports_to_one_file(vulnerable_tree: Path, tmp_path: Path) -> None:
    saved = tmp_path / "result.json"
    assert run_cli("scan", str(vulnerable_tree), "--quiet", "-o", f"json={saved}").returncode == 1
    proc = run_cli("report", str(saved), "-o", f"html={tmp_path}/r.html", "-o", f"markdown={tmp_path}/r.html")
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, f"html={tmp_path}/r.html", f"markdown={tmp_path}/r.html", "same file")
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(("flag", "blocker"), [("cache", "cache"), ("cache/sub", "cache")])
def test_cache_dir_that_is_a_file_exits_2_naming_the_flag_and_path(
    clean_tree: Path, tmp_path: Path, flag: str, blocker: str
) -> None:
    (tmp_path / "cache").write_text("not a directory\n")
    proc = run_cli("scan", str(clean_tree), "--cache-dir", str(tmp_path / flag))
    assert proc.returncode == 2
    line = assert_one_line_error(proc.stderr, f"--cache-dir {tmp_path / flag}", "not a directory")
    assert proc.stderr.count("\n") == 1, proc.stderr  # no usage text around it
    assert str(tmp_path / blocker) in line
    assert (tmp_path / "cache").read_text() == "not a directory\n"


def test_cache_dir_from_the_environment_that_is_a_file_exits_2_naming_the_variable(
    clean_tree: Path, tmp_path: Path
) -> None:
    (tmp_path / "cache").write_text("")
    proc = run_cli("scan", str(clean_tree), env={"GATEKEEPER_CACHE_DIR": str(tmp_path / "cache")})
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, f"$GATEKEEPER_CACHE_DIR {tmp_path / 'cache'}", "not a directory")
    # --no-cache reads and writes no cache: nothing to refuse.
    assert (
        run_cli("scan", str(clean_tree), "--no-cache", env={"GATEKEEPER_CACHE_DIR": str(tmp_path / "cache")}).returncode
        == 0
    )


def test_version_lists_each_scanner() -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0] == f"gatekeeper {__version__}"
    assert any(re.fullmatch(r"semgrep 1\.182\.\d+", line) for line in lines)
    assert any(re.fullmatch(r"bandit \d+\.\d+\.\d+", line) for line in lines)


def test_no_progress_noise_when_not_a_terminal(clean_tree: Path) -> None:
    proc = run_cli("scan", str(clean_tree), "--format", "json")
    assert proc.stderr == ""
    json.loads(proc.stdout)


def test_scanner_selection(vulnerable_tree: Path) -> None:
    report = json.loads(run_cli("scan", str(vulnerable_tree), "--scanner", "bandit", "--format", "json").stdout)
    assert [s["name"] for s in report["scan"]["scanners"]] == ["bandit"]
    assert {s for f in report["findings"] for s in f["scanners"]} == {"bandit"}


def test_runs_from_another_directory_without_the_checkout(tmp_path: Path, vulnerable_tree: Path) -> None:
    elsewhere, home = tmp_path / "elsewhere", tmp_path / "home"
    elsewhere.mkdir()
    home.mkdir()
    proc = run_cli(
        "scan",
        str(vulnerable_tree),
        "--quiet",
        "--scanner",
        "semgrep",
        "--scanner",
        "bandit",
        cwd=elsewhere,
        env={"HOME": str(home)},
    )
    assert proc.returncode == 1
    # Neither the working directory nor the home directory is written to (tools keep their state in the scan's workdir).
    assert os.listdir(elsewhere) == [] and os.listdir(home) == []


def test_a_ci_log_of_the_console_report_shows_each_scanner_start_and_finish(vulnerable_tree: Path) -> None:
    proc = run_cli("scan", str(vulnerable_tree), "--scanner", "bandit", "--scanner", "secrets")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0] == "gatekeeper: scanning 1 file with bandit, secrets"
    for name in ("bandit", "secrets"):
        running = lines.index(f"gatekeeper: {name}: running on 1 file")
        finished = next(i for i, line in enumerate(lines) if line.startswith(f"gatekeeper: {name}: finished, "))
        assert running < finished
    assert "PCI DSS 4.0.1: " in proc.stdout and "next steps:" in proc.stdout
    quiet = run_cli("scan", str(vulnerable_tree), "--scanner", "bandit", "--progress", "off")
    assert "running on" not in quiet.stderr
