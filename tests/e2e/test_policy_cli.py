"""Policy as code through the CLI, as a pipeline or a developer runs it: config, waivers, baseline,
inline suppressions, --diff-base and --staged (real git repositories), exit codes and reports.

bandit alone keeps these fast and independent of the semgrep rules being written elsewhere."""

from __future__ import annotations

import json
import shutil
import textwrap
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import CLEAN_PY, EXAMPLE, VULNERABLE_PY, run_cli
from tests.e2e.test_scan_cli import assert_one_line_error
from tests.policy.helpers import commit_all, git, init_repo

SCHEMA = json.loads(resources.files("gatekeeper").joinpath("schemas/report.schema.json").read_text())
SOON = (date.today() + timedelta(days=30)).isoformat()
PAST = (date.today() - timedelta(days=1)).isoformat()
FAR = (date.today() + timedelta(days=800)).isoformat()
SHELL_LINE = 'subprocess.check_output("tar czf /tmp/r-%s.tgz /srv" % month, shell=True)'


def write_config(root: Path, text: str) -> None:
    (root / ".gatekeeper.yml").write_text(textwrap.dedent(text))


def scan_json(*args: str, cwd: Path | None = None) -> tuple[int, dict]:  # type: ignore[type-arg]
    proc = run_cli("scan", "--scanner", "bandit", "--format", "json", *args, cwd=cwd)
    assert proc.stdout, proc.stderr
    report = json.loads(proc.stdout)
    jsonschema.validate(report, SCHEMA, format_checker=jsonschema.FormatChecker())
    return proc.returncode, report


def by_rule(report: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {f["rule_id"]: f for f in report["findings"]}


# -- the file ---------------------------------------------------------------------------------


def test_config_error_exits_2_with_one_line_naming_file_line_and_key(vulnerable_tree: Path) -> None:
    write_config(vulnerable_tree, "version: 1\nfail_on:\n  severity: hgih\n")
    proc = run_cli("scan", str(vulnerable_tree), "--scanner", "bandit")
    assert proc.returncode == 2 and proc.stdout == ""
    assert_one_line_error(
        proc.stderr, ".gatekeeper.yml:3: fail_on.severity: 'hgih' is not one of critical, high, medium, low, info"
    )


def test_explicit_config_flag_and_its_errors(vulnerable_tree: Path, tmp_path: Path) -> None:
    policy = tmp_path / "ci-policy.yml"
    policy.write_text("fail_on: critical\n")
    code, report = scan_json(str(vulnerable_tree), "--config", str(policy))
    assert code == 0 and report["policy"]["source"] == str(policy)
    proc = run_cli("scan", str(vulnerable_tree), "--config", str(tmp_path / "nope.yml"))
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "nope.yml: config file not found")


def test_init_writes_a_starter_that_config_show_reads(tmp_path: Path) -> None:
    proc = run_cli("init", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / ".gatekeeper.yml").read_text().startswith("# gatekeeper policy.")
    again = run_cli("init", str(tmp_path))
    assert again.returncode == 2
    assert_one_line_error(again.stderr, ".gatekeeper.yml already exists (use --force to overwrite it)")
    shown = run_cli("config", "show", str(tmp_path))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("# effective configuration from .gatekeeper.yml\n# policy digest: sha256:")
    assert "fail_on:\n  severity: high\n" in shown.stdout
    as_json = json.loads(run_cli("config", "show", str(tmp_path), "--format", "json").stdout)
    assert as_json["inline_suppressions"] == {"allow": True, "require_reason": True}


def test_config_show_of_a_broken_file_exits_2(tmp_path: Path) -> None:
    write_config(tmp_path, "waivers:\n  - rule: B101\n    owner: me\n    reason: x\n")
    proc = run_cli("config", "show", str(tmp_path))
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, ".gatekeeper.yml:2: waivers[0]: missing required key 'expires'")


def test_pyproject_table_is_the_config(vulnerable_tree: Path) -> None:
    (vulnerable_tree / "pyproject.toml").write_text('[tool.gatekeeper]\nfail_on = "critical"\n')
    code, report = scan_json(str(vulnerable_tree))
    assert code == 0 and report["policy"]["source"] == "pyproject.toml"
    assert report["verdict"]["fail_on"] == "critical"


def test_command_line_threshold_overrides_the_file_and_says_so(vulnerable_tree: Path) -> None:
    write_config(vulnerable_tree, "fail_on: critical\n")
    code, report = scan_json(str(vulnerable_tree), "--fail-on", "low")
    assert code == 1 and report["policy"]["source"] == ".gatekeeper.yml with --fail-on low"
    assert report["policy"]["fail_on"]["severity"] == "low"


def test_scanners_rules_and_paths_from_the_file(vulnerable_tree: Path) -> None:
    (vulnerable_tree / "fixtures").mkdir()
    (vulnerable_tree / "fixtures" / "bad.py").write_text(VULNERABLE_PY)
    write_config(
        vulnerable_tree,
        """\
        scanners: {semgrep: false, dependencies: false, secrets: false, terraform: false, cloudformation: false,
                   render: false, kubernetes: false, taint: false}
        rules:
          disable: [B404]
        paths:
          exclude: ["fixtures/"]
        """,
    )
    proc = run_cli("scan", str(vulnerable_tree), "--format", "json")
    report = json.loads(proc.stdout)
    assert [s["name"] for s in report["scan"]["scanners"]] == ["bandit"]
    assert {f["rule_id"] for f in report["findings"]} == {"B602"}
    assert report["scan"]["coverage"]["paths"] == [".gatekeeper.yml", "app.py"]


def test_a_scope_makes_the_gate_stricter_inside_its_paths(tmp_path: Path) -> None:
    for directory in ("payments", "tools"):
        (tmp_path / directory).mkdir()
        (tmp_path / directory / "run.py").write_text("import subprocess\n")  # B404: low
    write_config(
        tmp_path,
        """\
        scopes:
          - name: cde
            paths: ["payments/"]
            fail_on: {severity: low}
        """,
    )
    code, report = scan_json(str(tmp_path))
    assert code == 1
    assert report["verdict"]["reasons"] == ["1 finding(s) in scope cde at or above low"]
    (blocking,) = report["verdict"]["blocking"]
    assert next(f for f in report["findings"] if f["fingerprint"] == blocking)["location"]["path"] == "payments/run.py"


# -- waivers ----------------------------------------------------------------------------------


def waiver_config(root: Path, expires: str, rule: str = "B602", extra: str = "") -> None:
    write_config(
        root,
        f"""\
        waivers:
          - id: PAY-7
            rule: {rule}
            paths: ["app.py"]
            reason: The month is validated by the router
            owner: payments@example.com
            ticket: PAY-7
            expires: {expires}
        {extra}""",
    )


def test_active_waiver_passes_and_the_finding_is_reported_waived(vulnerable_tree: Path) -> None:
    waiver_config(vulnerable_tree, SOON)
    code, report = scan_json(str(vulnerable_tree))
    assert code == 0 and report["verdict"]["status"] == "passed"
    suppression = by_rule(report)["B602"]["properties"]["suppression"]
    assert suppression == {
        "kind": "waiver",
        "id": "PAY-7",
        "justification": "The month is validated by the router",
        "owner": "payments@example.com",
        "expires": SOON,
        "ticket": "PAY-7",
        "origin": ".gatekeeper.yml:2",
    }
    (waiver,) = report["waivers"]
    assert waiver["status"] == "active" and waiver["findings"] == [by_rule(report)["B602"]["fingerprint"]]
    assert report["summary"]["suppressed"] == {"waiver": 1, "inline": 0, "baseline": 0}
    console = run_cli("scan", str(vulnerable_tree), "--scanner", "bandit")
    assert "WAIVED (1)" in console.stdout and "waiver PAY-7: The month is validated by the router" in console.stdout
    assert "PAY-7  active  rule B602 in app.py" in console.stdout
    # The waived finding is counted as waived, not as a finding: the summary agrees with the headings.
    assert console.stdout.rstrip().splitlines()[-1].startswith("PASSED: 1 findings (1 low); 1 waived")
    assert "HIGH (" not in console.stdout and "LOW (1)" in console.stdout


def test_expired_waiver_fails_the_gate_and_names_itself(vulnerable_tree: Path) -> None:
    waiver_config(vulnerable_tree, PAST)
    code, report = scan_json(str(vulnerable_tree))
    assert code == 1
    assert "suppression" not in by_rule(report)["B602"]["properties"]
    assert report["waivers"][0]["status"] == "expired"
    assert report["verdict"]["reasons"][1].startswith(f"waiver PAY-7 (.gatekeeper.yml:2) expired on {PAST}")


def test_waiver_longer_than_the_maximum_does_not_apply(vulnerable_tree: Path) -> None:
    waiver_config(vulnerable_tree, FAR)
    code, report = scan_json(str(vulnerable_tree))
    assert code == 1 and report["waivers"][0]["status"] == "over-maximum"
    assert report["waivers"][0]["max_days"] == 90


def test_waiver_created_in_the_future_is_a_configuration_error(vulnerable_tree: Path) -> None:
    # Counted from its created date this waiver runs 30 days (within waiver_max_days), forever.
    waiver_config(vulnerable_tree, "9999-12-31", extra="    created: 9999-12-01")
    proc = run_cli("scan", str(vulnerable_tree), "--scanner", "bandit")
    assert proc.returncode == 2 and proc.stdout == ""
    assert_one_line_error(
        proc.stderr,
        ".gatekeeper.yml:9: waivers[0].created: '9999-12-01' is in the future: "
        "it must be the date the risk was accepted",
    )


def test_stale_waiver_is_reported(clean_tree: Path) -> None:
    waiver_config(clean_tree, SOON)
    code, report = scan_json(str(clean_tree))
    assert code == 0 and report["waivers"][0]["status"] == "stale"
    console = run_cli("scan", str(clean_tree), "--scanner", "bandit").stdout
    assert "WAIVERS (1: 1 stale)" in console


# -- baseline ---------------------------------------------------------------------------------


def test_baseline_accepts_todays_findings_and_fails_on_new_ones(vulnerable_tree: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "accepted.json"
    created = run_cli("baseline", "create", str(vulnerable_tree), "-o", str(baseline), "--scanner", "bandit")
    assert created.returncode == 0, created.stderr
    assert created.stdout == f"baseline: 2 finding(s) recorded in {baseline}\n"
    code, report = scan_json(str(vulnerable_tree), "--baseline", str(baseline))
    assert code == 0 and report["summary"]["suppressed"]["baseline"] == 2
    assert report["baseline"]["matched"] == 2 and report["baseline"]["new"] == 0

    # Old code moved down, a copy of the vulnerable line added: only the copy fails.
    app = vulnerable_tree / "app.py"
    app.write_text(
        app.read_text().replace("def export", "\n\nCONSTANT = 1\n\n\ndef export")
        + f"\n\ndef again(month):\n    return {SHELL_LINE}\n"
    )
    code, report = scan_json(str(vulnerable_tree), "--baseline", str(baseline))
    assert code == 1
    (blocking,) = report["verdict"]["blocking"]
    new = next(f for f in report["findings"] if f["fingerprint"] == blocking)
    assert new["rule_id"] == "B602" and new["location"]["start_line"] == len(app.read_text().splitlines())
    assert report["baseline"]["fixed"] == []

    # The vulnerable code removed: reported fixed.
    app.write_text("import json\n")
    code, report = scan_json(str(vulnerable_tree), "--baseline", str(baseline))
    assert code == 0
    assert sorted(e["rule_id"] for e in report["baseline"]["fixed"]) == ["B404", "B602"]


def test_baseline_named_in_the_config_is_used_and_a_missing_one_is_an_error(vulnerable_tree: Path) -> None:
    write_config(vulnerable_tree, "baseline: .gatekeeper-baseline.json\n")
    proc = run_cli("scan", str(vulnerable_tree), "--scanner", "bandit")
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, ".gatekeeper-baseline.json: baseline file not found")
    assert run_cli("baseline", "create", str(vulnerable_tree), "--scanner", "bandit").returncode == 0
    assert (vulnerable_tree / ".gatekeeper-baseline.json").is_file()
    assert run_cli("scan", str(vulnerable_tree), "--scanner", "bandit").returncode == 0


def test_an_incomplete_scan_writes_no_baseline(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("def broken(:\n")
    proc = run_cli("baseline", "create", str(tmp_path), "--scanner", "bandit")
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "no baseline written: the scan is incomplete")
    assert not (tmp_path / ".gatekeeper-baseline.json").exists()


# -- inline suppressions ----------------------------------------------------------------------


def test_nosec_is_listed_as_suppressed_not_dropped(vulnerable_tree: Path) -> None:
    app = vulnerable_tree / "app.py"
    app.write_text(app.read_text().replace("shell=True)", "shell=True)  # nosec B602 -- month is an int"))
    code, report = scan_json(str(vulnerable_tree))
    assert code == 0
    assert by_rule(report)["B602"]["properties"]["suppression"] == {
        "kind": "inline",
        "form": "nosec",
        "line": 8,
        "justification": "month is an int",
    }
    console = run_cli("scan", str(vulnerable_tree), "--scanner", "bandit").stdout
    assert "SUPPRESSED INLINE (1)" in console and "nosec at line 8: month is an int" in console


def test_policy_can_require_a_reason_and_refuse_suppressions_in_a_scope(tmp_path: Path) -> None:
    for directory in ("payments", "tools"):
        (tmp_path / directory).mkdir()
        (tmp_path / directory / "app.py").write_text(VULNERABLE_PY.replace("shell=True)", "shell=True)  # nosec -- ok"))
    (tmp_path / "tools" / "bare.py").write_text(VULNERABLE_PY.replace("shell=True)", "shell=True)  # nosec"))
    write_config(
        tmp_path,
        """\
        inline_suppressions: {require_reason: true}
        scopes:
          - {name: cde, paths: ["payments/"], inline_suppressions: false}
        """,
    )
    code, report = scan_json(str(tmp_path))
    assert code == 1
    refused = {
        f["location"]["path"]: f["properties"].get("suppression_refused", {}).get("refused", "")
        for f in report["findings"]
        if f["rule_id"] == "B602"
    }
    assert refused["payments/app.py"].startswith("inline suppressions are not allowed in scope cde")
    assert refused["tools/bare.py"].startswith("no reason given")
    assert refused["tools/app.py"] == ""
    assert report["verdict"]["reasons"][1:] == [
        "inline suppression at payments/app.py:8 refused: " + refused["payments/app.py"],
        "inline suppression at tools/bare.py:8 refused: " + refused["tools/bare.py"],
    ]
    console = run_cli("scan", str(tmp_path), "--scanner", "bandit").stdout
    assert "suppression refused: nosec at line 8: no reason given" in console


# -- diff-aware and staged scans in a real repository -------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = init_repo(tmp_path / "repo")
    (repo / "legacy.py").write_text(VULNERABLE_PY)
    (repo / "app.py").write_text(CLEAN_PY)
    commit_all(repo, "base")
    git(repo, "checkout", "-q", "-b", "feature")
    return repo


def test_diff_base_reports_only_findings_on_changed_lines(repo: Path) -> None:
    # Untouched legacy findings do not fail a change that does not touch them.
    (repo / "app.py").write_text(CLEAN_PY + "\n\ndef sub(a: int, b: int) -> int:\n    return a - b\n")
    commit_all(repo, "clean change")
    code, report = scan_json(str(repo), "--diff-base", "main")
    assert code == 0 and report["findings"] == []
    assert report["changes"]["mode"] == "diff" and report["changes"]["base"] == "main"
    assert report["changes"]["outside"] == 2 and report["changes"]["files"] == 1

    # A vulnerable line added to app.py is reported; the whole file was still scanned.
    (repo / "app.py").write_text(VULNERABLE_PY + CLEAN_PY)
    code, report = scan_json(str(repo), "--diff-base", "main")
    assert code == 1
    assert sorted((f["location"]["path"], f["rule_id"]) for f in report["findings"]) == [
        ("app.py", "B404"),
        ("app.py", "B602"),
    ]
    assert "legacy.py" in report["scan"]["coverage"]["paths"]
    console = run_cli("scan", str(repo), "--scanner", "bandit", "--diff-base", "main").stdout
    assert "diff: only findings on lines changed since" in console and "2 finding(s) elsewhere not shown" in console


def test_diff_base_with_an_unknown_ref_exits_2(repo: Path) -> None:
    proc = run_cli("scan", str(repo), "--scanner", "bandit", "--diff-base", "origin/main")
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "--diff-base: unknown revision 'origin/main'")


def test_staged_scans_what_will_be_committed_with_repository_paths(repo: Path) -> None:
    (repo / "src").mkdir()
    (repo / "src" / "new.py").write_text(VULNERABLE_PY)
    git(repo, "add", "src/new.py")
    (repo / "src" / "new.py").write_text(CLEAN_PY)  # fixed in the working tree, but not staged
    (repo / "app.py").write_text(VULNERABLE_PY)  # vulnerable in the working tree, not staged
    code, report = scan_json("--staged", cwd=repo / "src")
    assert code == 1
    assert {f["location"]["path"] for f in report["findings"]} == {"src/new.py"}
    assert report["findings"][0]["snippet"]  # read from the staged content
    assert report["scan"]["target"] == "staged changes" and report["changes"]["mode"] == "staged"
    assert report["scan"]["coverage"]["paths"] == ["src/new.py"]

    git(repo, "add", "src/new.py")  # now the fixed version is staged
    code, report = scan_json("--staged", cwd=repo)
    assert code == 0 and report["findings"] == []


def test_staged_uses_the_repositorys_config(repo: Path) -> None:
    write_config(repo, "fail_on: critical\n")
    (repo / "app.py").write_text(VULNERABLE_PY)
    git(repo, "add", "app.py")
    code, report = scan_json("--staged", cwd=repo)
    assert code == 0 and report["policy"]["source"] == ".gatekeeper.yml"


def test_staged_and_diff_base_do_not_combine(repo: Path) -> None:
    proc = run_cli("scan", "--staged", "--diff-base", "main", cwd=repo)
    assert proc.returncode == 2 and "cannot be combined" in proc.stderr


# -- the example ------------------------------------------------------------------------------


def test_example_policy_shows_a_waiver_and_a_scope_and_still_fails(tmp_path: Path) -> None:
    copy = tmp_path / "payments-api"
    shutil.copytree(EXAMPLE, copy)
    code, report = scan_json(str(copy))
    assert code == 1
    (waiver,) = report["waivers"]
    assert (waiver["id"], waiver["status"]) == ("PAY-214", "active")
    assert by_rule(report)["B104"]["properties"]["suppression"]["id"] == "PAY-214"
    assert [s["name"] for s in report["policy"]["scopes"]] == ["cde"]
    assert report["verdict"]["blocking"] and report["findings"]
    shown = run_cli("config", "show", str(copy))
    assert shown.returncode == 0 and "PAY-214" in shown.stdout


def test_saved_json_report_renders_again_with_its_waivers(vulnerable_tree: Path, tmp_path: Path) -> None:
    waiver_config(vulnerable_tree, SOON)
    saved = tmp_path / "result.json"
    proc = run_cli("scan", str(vulnerable_tree), "--scanner", "bandit", "-o", f"json={saved}")
    assert proc.returncode == 0, proc.stderr
    again = run_cli("report", str(saved), "--format", "json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(saved.read_text())
