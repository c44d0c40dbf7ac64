"""The Jenkins shared-library step under real Groovy, with the pipeline steps mocked (harness.groovy).

All scenarios run in one Groovy process (a JVM start is the expensive part); each test then checks
its scenario. `sh` runs for real, against the installed gatekeeper or a recording fake.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from gatekeeper.reports import FORMATS
from tests import system_tools
from tests.adapters.advisory_mirror import build_mirror, now
from tests.adapters.conftest import FAKE_GATEKEEPER, ROOT, installed_bin, make_repo
from tests.conftest import CLEAN_PY, VULNERABLE_PY

HARNESS = Path(__file__).parent / "jenkins" / "harness.groovy"
LIBRARY = ROOT / "jenkins"
DEBIAN_JDK = Path("/usr/lib/jvm/java-17-openjdk-amd64")
HOSTILE_PATH = 'it\'s a "dir" $(touch pwned) `touch pwned2`'
FAKE_FORMATS = "console, json, cyclonedx, sarif, junit, github, markdown, html, html-external"


def groovy_command() -> list[str]:
    # The Jenkins step is tested under real Groovy: skipped without it, required in CI.
    return [
        system_tools.tool(
            "groovy",
            install=(
                "`apt-get update && apt-get install -y --no-install-recommends groovy` and set "
                f"JAVA_HOME={DEBIAN_JDK} (Debian's OpenJDK 17)"
            ),
        )
    ]


def groovy_env() -> dict[str, str]:
    env = dict(os.environ)
    if "JAVA_HOME" not in env and DEBIAN_JDK.is_dir():
        env["JAVA_HOME"] = str(DEBIAN_JDK)
    return env


class Scenarios:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.items: list[dict[str, Any]] = []
        self.fake_bin = root / "fake-bin"
        self.fake_bin.mkdir()
        fake = self.fake_bin / "gatekeeper"
        fake.write_text(FAKE_GATEKEEPER.format(python=shutil.which("python3")))
        fake.chmod(0o755)

    def add(
        self,
        name: str,
        args: dict[str, Any],
        *,
        files: dict[str, str] | None = None,
        fake: dict[str, str] | None = None,
        **extra: Any,
    ) -> Path:
        workspace = make_repo(self.root / name, files or {"util.py": CLEAN_PY})
        if fake is None:
            path = f"{installed_bin()}{os.pathsep}/usr/bin:/bin"
            env = {"PATH": path, "HOME": str(self.root), "LANG": "C.UTF-8"}
        else:
            env = {
                "PATH": f"{self.fake_bin}{os.pathsep}/usr/bin:/bin",
                "HOME": str(self.root),
                "FAKE_GATEKEEPER_LOG": str(workspace / ".fake.log"),
                "FAKE_FORMATS": FAKE_FORMATS,
                **fake,
            }
        # Advisory data has scenarios of their own; elsewhere the policy decides.
        args = {"advisories": "config", **args}
        self.items.append({"name": name, "args": args, "workspace": str(workspace), "env": env, **extra})
        return workspace


@pytest.fixture(scope="module")
def jenkins(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    command = groovy_command()
    root = tmp_path_factory.mktemp("jenkins")
    s = Scenarios(root)
    # The real gatekeeper on fixture repositories.
    s.add("clean", {"path": ".", "failOn": "high"})
    s.add("vulnerable", {"path": ".", "failOn": "high"}, files={"app.py": VULNERABLE_PY})
    s.add("unstable", {"failOn": "medium", "unstableOn": "low"}, files={"imports.py": "import subprocess\n"})
    s.add("missing-target", {"path": "no-such-dir"})
    # Exact command lines and the mapping of every exit code, with a fake gatekeeper.
    s.add(
        "argv",
        {
            "path": HOSTILE_PATH,
            "config": ".gatekeeper.yml",
            "failOn": "high",
            "unstableOn": "medium",
            "baseline": "baseline.json",
            "diffBase": "origin/main",
            "allowPartial": True,
            "extraArgs": ["--scanner", "bandit"],
        },
        fake={"FAKE_EXIT": "0"},
    )
    s.add("defaults", {}, fake={"FAKE_EXIT": "0", "FAKE_FORMATS": "console, json, sarif, junit"})
    s.add("error-2", {}, fake={"FAKE_EXIT": "2", "FAKE_STDERR": "gatekeeper: error: semgrep timed out after 900s\n"})
    s.add(
        "violation-unreadable-report", {"unstableOn": "medium"}, fake={"FAKE_EXIT": "1", "FAKE_REPORT_JSON": "not json"}
    )
    s.add("killed", {}, fake={"FAKE_EXIT": "137", "FAKE_STDERR": "Killed\n"})
    s.add("plugins-absent", {}, fake={"FAKE_EXIT": "0"}, absent=["publishHTML", "recordIssues", "sarif"])
    s.add("plugins-no-such-method", {}, fake={"FAKE_EXIT": "0"}, noSuchMethod=["publishHTML", "recordIssues"])
    s.add("no-gatekeeper", {"gatekeeper": "/nonexistent/gatekeeper"}, fake={})
    s.add("unknown-argument", {"failon": "high"}, fake={})
    s.add("thresholds-inverted", {"failOn": "medium", "unstableOn": "high"}, fake={})
    s.add("windows", {}, fake={}, unix=False)
    # Advisory data: the library's copy of install/advisories.sh against a mirror of OSV's layout.
    mirror = build_mirror(root / "mirror", modified=now())
    s.add(
        "advisories-mirror",
        {
            "advisories": "osv",
            "advisoriesUrl": mirror,
            "advisoriesEcosystems": "PyPI",
            "advisoryStore": str(root / "agent-cache" / "osv"),
        },
        files={"requirements.txt": "demo-pkg==1.0.0\n"},
    )
    # The same agent store later that day: not fetched again (the mirror is gone), and a clean pin passes.
    s.add(
        "advisories-cached",
        {
            "advisories": "osv",
            "advisoriesUrl": (root / "gone").as_uri(),
            "advisoriesEcosystems": "PyPI",
            "advisoryStore": str(root / "agent-cache" / "osv"),
        },
        files={"requirements.txt": "demo-pkg==1.2.0\n"},
    )
    s.add(
        "advisories-stale",
        {
            "advisories": "osv",
            "advisoriesUrl": build_mirror(root / "old-mirror"),
            "advisoriesEcosystems": "PyPI",
            "advisoryStore": str(root / "old-cache"),
        },
        files={"requirements.txt": "demo-pkg==1.2.0\n"},
    )
    s.add("advisories-missing-path", {"advisories": "no-such-osv"}, fake={"FAKE_EXIT": "0"})
    s.add("advisories-max-age", {"advisories": "online", "advisoriesMaxAge": 3}, fake={"FAKE_EXIT": "0"})
    # Shards hand their results to the merge through stash/unstash (one directory for the pipeline).
    stashes = str(root / "stashes")
    for k in (1, 2):
        s.add(f"shard-{k}", {"shard": f"{k}/3"}, fake={"FAKE_EXIT": "1"}, stashes=stashes)
    s.add(
        "merge",
        {"merge": 3},
        fake={"FAKE_EXIT": "2", "FAKE_STDERR": "gatekeeper: error: merge: shard 3/3 is missing\n"},
        stashes=stashes,
    )
    s.add("shard-and-merge", {"shard": "1/2", "merge": 2}, fake={})
    s.add("shard-malformed", {"shard": "0/2"}, fake={})
    s.items.append({"name": "Jenkinsfile", "parse": str(LIBRARY / "Jenkinsfile")})
    s.items.append({"name": "Jenkinsfile.sharded", "parse": str(LIBRARY / "Jenkinsfile.sharded")})
    broken = root / "Broken.Jenkinsfile"
    broken.write_text("pipeline { stages { stage('x') { steps { sh 'x' } }\n")
    s.items.append({"name": "broken-Jenkinsfile", "parse": str(broken)})
    spec = root / "scenarios.json"
    spec.write_text(json.dumps(s.items))
    proc = subprocess.run(
        [*command, str(HARNESS), str(LIBRARY), str(spec)],
        capture_output=True,
        text=True,
        env=groovy_env(),
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, f"groovy harness failed (JAVA_HOME should be {DEBIAN_JDK}):\n{proc.stderr[-4000:]}"
    results = {r["name"]: r for r in json.loads(proc.stdout)}
    for item in s.items:
        if "workspace" in item:
            results[item["name"]]["workspace"] = Path(item["workspace"])
    return results


def calls(result: dict[str, Any], step: str) -> list[dict[str, Any]]:
    return [c for c in result["calls"] if c["step"] == step]


def scan_argv(result: dict[str, Any]) -> list[str]:
    scripts = [c["script"] for c in calls(result, "sh") if c["label"] == "gatekeeper scan"]
    assert len(scripts) == 1
    command = scripts[0].split(" 2> ", 1)[0]
    return shlex.split(command)


def fake_argv(result: dict[str, Any]) -> list[str]:
    log = result["workspace"] / ".fake.log"
    (line,) = log.read_text(encoding="utf-8").splitlines()
    return json.loads(line)["argv"]


def scan_arg(argv: list[str], option: str) -> str | None:
    return argv[argv.index(option) + 1] if option in argv else None


def test_clean_repository_passes_and_publishes(jenkins: dict[str, dict[str, Any]]) -> None:
    result = jenkins["clean"]
    assert result["result"] == "SUCCESS", result
    assert result["returned"]["exitCode"] == 0 and result["returned"]["status"] == "passed"
    (junit,) = calls(result, "junit")
    assert junit["args"] == {
        "testResults": "gatekeeper-reports/gatekeeper.junit.xml",
        "allowEmptyResults": True,
        "skipMarkingBuildUnstable": True,
    }
    assert (result["workspace"] / "gatekeeper-reports" / "gatekeeper.junit.xml").is_file()
    (archive,) = calls(result, "archiveArtifacts")
    assert archive["args"]["artifacts"] == "gatekeeper-reports/gatekeeper.*, gatekeeper-reports/gatekeeper-report.css"
    # The real gatekeeper wrote the report with its stylesheet beside it (Jenkins' CSP: style-src 'self').
    html = (result["workspace"] / "gatekeeper-reports" / "gatekeeper.html").read_text()
    assert 'href="gatekeeper-report.css"' in html and "style-src 'self'" in html
    assert (result["workspace"] / "gatekeeper-reports" / "gatekeeper-report.css").is_file()
    (issues,) = calls(result, "recordIssues")
    assert issues["args"]["tools"] == [
        {"tool": "sarif", "pattern": "gatekeeper-reports/gatekeeper.sarif", "id": "gatekeeper", "name": "gatekeeper"}
    ]
    # The HTML report is published when this gatekeeper writes one.
    assert len(calls(result, "publishHTML")) == (1 if "html" in FORMATS else 0)
    argv = scan_argv(result)
    assert argv[:5] == ["gatekeeper", "scan", ".", "--format", "console"]
    assert argv[argv.index("--fail-on") + 1] == "high"


def test_policy_violation_fails_the_build(jenkins: dict[str, dict[str, Any]]) -> None:
    result = jenkins["vulnerable"]
    assert result["result"] == "FAILURE"
    assert result["error"].startswith("gatekeeper: policy violation: ")
    assert "at or above high" in result["error"]
    assert calls(result, "junit") and calls(result, "archiveArtifacts")  # published before failing
    assert "app.py" in result["log"]


def test_findings_between_thresholds_make_the_build_unstable(jenkins: dict[str, dict[str, Any]]) -> None:
    result = jenkins["unstable"]
    assert result["result"] == "UNSTABLE", result.get("error")
    assert result["returned"]["exitCode"] == 1 and result["returned"]["status"] == "unstable"
    (unstable,) = calls(result, "unstable")
    assert unstable["message"].endswith("at or above low, none at or above medium")
    argv = scan_argv(result)
    assert argv[argv.index("--fail-on") + 1] == "low"  # the CLI gates at the lower threshold


def test_scan_error_fails_with_the_cli_message(jenkins: dict[str, dict[str, Any]]) -> None:
    result = jenkins["missing-target"]
    assert result["result"] == "FAILURE"
    assert result["error"] == "gatekeeper: scan error: target not found: no-such-dir"


def test_arguments_become_one_safely_quoted_command(jenkins: dict[str, dict[str, Any]]) -> None:
    result = jenkins["argv"]
    assert result["result"] == "SUCCESS", result
    argv = fake_argv(result)
    assert argv == [
        "scan",
        HOSTILE_PATH,
        "--format",
        "console",
        "--output",
        "json=gatekeeper-reports/gatekeeper.json",
        "--output",
        "junit=gatekeeper-reports/gatekeeper.junit.xml",
        "--output",
        "sarif=gatekeeper-reports/gatekeeper.sarif",
        "--output",
        "console=gatekeeper-reports/gatekeeper.txt",
        "--output",
        # Its stylesheet beside it: Jenkins' CSP allows `style-src 'self'`, not an inline one.
        "html-external=gatekeeper-reports/gatekeeper.html",
        "--output",
        "markdown=gatekeeper-reports/gatekeeper.md",
        "--fail-on",
        "medium",
        "--config",
        ".gatekeeper.yml",
        "--baseline",
        "baseline.json",
        "--diff-base",
        "origin/main",
        "--allow-partial",
        "--scanner",
        "bandit",
    ]
    assert not (result["workspace"] / "pwned").exists() and not (result["workspace"] / "pwned2").exists()
    (html,) = calls(result, "publishHTML")
    assert html["args"]["target"]["reportDir"] == "gatekeeper-reports"
    assert html["args"]["target"]["reportFiles"] == "gatekeeper.html"
    assert result["returned"]["summaryFile"] == "gatekeeper-reports/gatekeeper.md"


def test_defaults_leave_the_policy_to_the_config(jenkins: dict[str, dict[str, Any]]) -> None:
    result = jenkins["defaults"]
    argv = fake_argv(result)
    assert argv[1] == "."
    for flag in ("--fail-on", "--config", "--baseline", "--diff-base", "--allow-partial"):
        assert flag not in argv
    assert not any(a.startswith(("html=", "markdown=")) for a in argv)  # not offered by this gatekeeper
    assert calls(result, "publishHTML") == []
    assert result["returned"]["summaryFile"] == "gatekeeper-reports/gatekeeper.txt"


def test_exit_2_fails_with_the_error_message(jenkins: dict[str, dict[str, Any]]) -> None:
    result = jenkins["error-2"]
    assert result["result"] == "FAILURE"
    assert result["error"] == "gatekeeper: scan error: semgrep timed out after 900s"
    assert "semgrep timed out after 900s" in result["log"]  # stderr is shown in the build log too


def test_violation_without_a_readable_report_fails_closed(jenkins: dict[str, dict[str, Any]]) -> None:
    result = jenkins["violation-unreadable-report"]
    assert result["result"] == "FAILURE" and calls(result, "unstable") == []


def test_other_exit_codes_fail(jenkins: dict[str, dict[str, Any]]) -> None:
    result = jenkins["killed"]
    assert result["result"] == "FAILURE"
    assert result["error"] == "gatekeeper: could not run (exit status 137): Killed"


@pytest.mark.parametrize("scenario", ["plugins-absent", "plugins-no-such-method"])
def test_missing_plugins_are_skipped_with_a_note(jenkins: dict[str, dict[str, Any]], scenario: str) -> None:
    result = jenkins[scenario]
    assert result["result"] == "SUCCESS", result
    notes = [c["message"] for c in calls(result, "echo")]
    assert "gatekeeperScan: publishHTML is not available (install the HTML Publisher plugin); skipped" in notes
    assert (
        "gatekeeperScan: recordIssues is not available (install the Warnings Next Generation plugin); skipped" in notes
    )
    assert calls(result, "junit") and calls(result, "archiveArtifacts")


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ("no-gatekeeper", "gatekeeperScan: cannot run '/nonexistent/gatekeeper' (exit status 127)"),
        ("unknown-argument", "gatekeeperScan: unknown argument 'failon'"),
        ("thresholds-inverted", "gatekeeperScan: unstableOn 'high' must be below failOn 'medium'"),
        ("windows", "gatekeeperScan: needs a Unix agent"),
    ],
)
def test_misuse_fails_the_build_clearly(jenkins: dict[str, dict[str, Any]], scenario: str, message: str) -> None:
    result = jenkins[scenario]
    assert result["result"] == "FAILURE"
    assert result["error"].startswith(message), result["error"]
    assert [c for c in calls(result, "sh") if c["label"] == "gatekeeper scan"] == []


def test_stale_reports_are_removed_before_the_scan(jenkins: dict[str, dict[str, Any]]) -> None:
    first = calls(jenkins["clean"], "sh")[0]["script"]
    assert "rm -f 'gatekeeper-reports/gatekeeper.json'" in first


def test_example_jenkinsfile_compiles_and_uses_the_step(jenkins: dict[str, dict[str, Any]]) -> None:
    assert jenkins["Jenkinsfile"]["parsed"] is True, jenkins["Jenkinsfile"].get("error")
    assert jenkins["broken-Jenkinsfile"]["parsed"] is False  # the check can fail
    text = (LIBRARY / "Jenkinsfile").read_text(encoding="utf-8")
    assert "gatekeeperScan(" in text and "unstableOn: 'medium'" in text and "failOn: 'high'" in text


def test_advisory_data_is_fetched_into_the_agent_cache_and_used(jenkins: dict[str, dict[str, Any]]) -> None:
    result = jenkins["advisories-mirror"]
    store = result["workspace"].parent / "agent-cache" / "osv"
    assert (store / "PyPI" / "gatekeeper-osv.json").is_file()
    assert scan_arg(scan_argv(result), "--advisories") == str(store)
    assert result["result"] == "FAILURE" and "at or above" in result["error"]  # the advisory was found
    assert "PYSEC-2099-1" in (result["workspace"] / "gatekeeper-reports" / "gatekeeper.json").read_text()


def test_advisory_data_fetched_today_is_reused_and_a_clean_repository_passes(
    jenkins: dict[str, dict[str, Any]],
) -> None:
    result = jenkins["advisories-cached"]
    assert result["result"] == "SUCCESS", result.get("error")
    assert "fetched less than a day ago; not fetching again" in result["log"]
    assert "advisories update" not in result["log"]  # its mirror is gone: asking it would fail


def test_stale_advisory_data_fails_the_build(jenkins: dict[str, dict[str, Any]]) -> None:
    result = jenkins["advisories-stale"]
    assert result["result"] == "FAILURE"
    assert "days old (max_age_days is 5)" in result["error"]


def test_advisory_arguments_become_flags_or_fail_clearly(jenkins: dict[str, dict[str, Any]]) -> None:
    missing = jenkins["advisories-missing-path"]
    assert missing["result"] == "FAILURE"
    assert missing["error"].startswith("gatekeeperScan: advisories: 'no-such-osv' does not exist")
    argv = fake_argv(jenkins["advisories-max-age"])
    assert scan_arg(argv, "--advisories") == "online" and scan_arg(argv, "--advisories-max-age") == "3"


def test_shards_stash_their_results_and_never_fail_the_build(jenkins: dict[str, dict[str, Any]]) -> None:
    for k in (1, 2):
        result = jenkins[f"shard-{k}"]
        assert result["result"] == "SUCCESS", result  # exit 1, but the merge stage gates
        assert result["returned"]["status"] == "shard" and result["returned"]["exitCode"] == 1
        argv = fake_argv(result)
        assert argv[:4] == ["scan", ".", "--shard", f"{k}/3"]
        assert scan_arg(argv, "--output") == f"json=gatekeeper-reports/shard-{k}.json"
        (stash,) = calls(result, "stash")
        assert stash["args"] == {"name": f"gatekeeper-shard-{k}", "includes": f"gatekeeper-reports/shard-{k}.json"}
        assert calls(result, "junit") == [] and calls(result, "recordIssues") == []


def test_merge_unstashes_every_shard_and_gates_on_the_merged_verdict(jenkins: dict[str, dict[str, Any]]) -> None:
    result = jenkins["merge"]
    assert [c["name"] for c in calls(result, "unstash")] == [
        "gatekeeper-shard-1",
        "gatekeeper-shard-2",
        "gatekeeper-shard-3",
    ]
    notes = [c["message"] for c in calls(result, "echo")]
    assert any(n.startswith("gatekeeperScan: no result from shard 3/3") for n in notes)
    argv = fake_argv(result)
    assert argv[:3] == ["merge", "gatekeeper-reports/shard-1.json", "gatekeeper-reports/shard-2.json"]
    assert "--shard" not in argv and "--advisories" not in argv
    assert {"json", "junit", "sarif", "html-external"} <= {a.split("=", 1)[0] for a in argv if "=" in a}
    assert calls(result, "junit") and calls(result, "publishHTML") and calls(result, "recordIssues")
    assert result["result"] == "FAILURE"
    assert result["error"] == "gatekeeper: scan error: merge: shard 3/3 is missing"


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ("shard-and-merge", "gatekeeperScan: shard and merge are exclusive"),
        ("shard-malformed", "gatekeeperScan: shard '0/2' is not K/N"),
    ],
)
def test_shard_arguments_are_checked(jenkins: dict[str, dict[str, Any]], scenario: str, message: str) -> None:
    assert jenkins[scenario]["result"] == "FAILURE"
    assert jenkins[scenario]["error"].startswith(message)


def test_sharded_jenkinsfile_compiles_with_parallel_shards_and_a_merge(jenkins: dict[str, dict[str, Any]]) -> None:
    assert jenkins["Jenkinsfile.sharded"]["parsed"] is True, jenkins["Jenkinsfile.sharded"].get("error")
    text = (LIBRARY / "Jenkinsfile.sharded").read_text(encoding="utf-8")
    assert "parallel branches" in text and "shard: shard" in text and "merge: SHARDS" in text
