"""`gatekeeper scan --import FILE` and `imports:`, as a pipeline runs them, with SARIF written by real
tools (tests/fixtures/sarif/README.md): results join the findings, dedup with native ones, carry their
attribution, and every file that cannot be trusted is lost coverage (exit 2, one line), never a pass."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.reliability.helpers import (
    AWS_KEY_ID,
    error_line,
    gate,
    load_report,
    scanner_entry,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sarif"
SEMGREP_SARIF = FIXTURES / "semgrep.sarif"
BANDIT_SARIF = FIXTURES / "bandit.sarif"
CHECKOV_SARIF = FIXTURES / "checkov.sarif"
UNLIMITED = "scanners:\n  sarif: {max_age_days: unlimited}\n"
"""Bandit's log records when it ran: tests that are not about age must not depend on today's date."""


def _project(tmp_path: Path, policy: str = UNLIMITED) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", project)
    (project / ".gatekeeper.yml").write_text(policy)
    return project


def _scan(
    project: Path, report: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return gate("scan", str(project), "--no-cache", "-o", f"json={report}", *args, env=env)


def _sarif(source: Path, tmp_path: Path, name: str, edit: Any = None) -> Path:
    """A copy of a real log, edited by `edit(document)` when given."""
    document = json.loads(source.read_text())
    if edit is not None:
        edit(document)
    target = tmp_path / name
    target.write_text(json.dumps(document))
    return target


def _findings(report: dict[str, Any]) -> dict[tuple[str, int, str], dict[str, Any]]:
    return {(f["location"]["path"], f["location"]["start_line"], f["rule_id"]): f for f in report["findings"]}


def test_real_semgrep_and_bandit_sarif_join_the_findings_with_their_attribution(tmp_path: Path) -> None:
    project = _project(tmp_path)
    report_file = tmp_path / "report.json"
    proc = _scan(
        project, report_file, "--scanner", "secrets", "--import", str(SEMGREP_SARIF), "--import", str(BANDIT_SARIF)
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr  # the imported high findings fail the gate
    report = load_report(report_file)
    found = _findings(report)
    # Bandit and semgrep both saw the SQL built by formatting (CWE-89): one finding, both sources.
    [sql] = [f for f in report["findings"] if f["location"]["start_line"] == 8]
    assert sorted(sql["scanners"]) == ["sarif/Bandit", "sarif/Semgrep OSS"]
    assert sql["source_rules"] == {"sarif/Semgrep OSS": "rules.fixture-string-built-sql", "sarif/Bandit": "B608"}
    assert sql["severity"] == "high"  # semgrep's security-severity 8.8 wins over bandit's level warning
    assert sql["cwe"] == ["CWE-89"]
    assert "pci-dss:6.2.4" in sql["controls"]  # mapped through its CWE, like a native finding
    shell = found[("app/orders.py", 13, "B602")]
    assert (shell["severity"], shell["cwe"], shell["confidence"]) == ("high", ["CWE-78"], "high")
    assert shell["properties"]["sarif_tool"] == "Bandit" and shell["properties"]["sarif_tool_version"] == "1.9.4"
    assert shell["properties"]["sarif_sha256"] == hashlib.sha256(BANDIT_SARIF.read_bytes()).hexdigest()
    assert found[("app/orders.py", 4, "B404")]["severity"] == "low"  # level note
    entry = scanner_entry(report, "sarif")
    assert entry["status"] == "ok" and entry["scanned"] == ["app/orders.py"]  # what the logs name: no more
    provenance = entry["provenance"]
    assert provenance["import_1_tools"] == "Semgrep OSS 1.182.1"
    assert provenance["import_2_sha256"] == hashlib.sha256(BANDIT_SARIF.read_bytes()).hexdigest()
    assert provenance["import_2_produced"].endswith("(endTimeUtc)")
    assert provenance["import_1_produced"].endswith("(mtime)")  # semgrep writes no endTimeUtc
    python = next(k for k in report["scan"]["coverage"]["kinds"] if k["kind"] == "python")
    assert "sarif" in python["analysers"]
    terraform = next(k for k in report["scan"]["coverage"]["kinds"] if k["kind"] == "terraform")
    assert terraform["not_covered"] == ["infra/main.tf"]  # named by neither log: not claimed


def test_imported_findings_merge_with_native_ones_on_the_same_lines_and_cwe(tmp_path: Path) -> None:
    project = _project(tmp_path)
    report_file = tmp_path / "report.json"
    proc = _scan(
        project, report_file, "--scanner", "bandit", "--import", str(BANDIT_SARIF), "--import", str(SEMGREP_SARIF)
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    report = load_report(report_file)
    at_line_8 = [f for f in report["findings"] if f["location"]["start_line"] == 8]
    assert len(at_line_8) == 1, at_line_8
    merged = at_line_8[0]
    assert merged["scanners"][0] == "bandit"  # the native scanner leads: its rule, text and fix
    assert set(merged["scanners"]) == {"bandit", "sarif/Bandit", "sarif/Semgrep OSS"}
    assert merged["remediation"].startswith("Pass values as query parameters")
    for line, rule in ((4, "B404"), (13, "B602")):
        [finding] = [f for f in report["findings"] if f["location"]["start_line"] == line]
        assert finding["scanners"] == ["bandit", "sarif/Bandit"] and finding["rule_id"] == rule
    # The console lists both sources of the merged finding.
    assert "[bandit, sarif/Bandit" in proc.stdout


def test_a_live_semgrep_sarif_run_is_imported_under_the_default_age_limit(tmp_path: Path) -> None:
    project = _project(tmp_path, "")
    shutil.copytree(FIXTURES / "rules", tmp_path / "rules")
    log = tmp_path / "live.sarif"
    semgrep = shutil.which("semgrep", path=str(Path(sys.executable).parent)) or "semgrep"
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
    run = subprocess.run(
        [
            semgrep,
            "scan",
            "--metrics=off",
            "--disable-version-check",
            "--config",
            str(tmp_path / "rules"),
            "--sarif",
            "-o",
            str(log),
            "app",
        ],
        check=False,
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0 and log.is_file(), run.stderr
    report_file = tmp_path / "report.json"
    proc = _scan(project, report_file, "--scanner", "sarif", "--import", str(log))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    [finding] = load_report(report_file)["findings"]
    assert finding["location"] == {
        "path": "app/orders.py",
        "start_line": 8,
        "start_column": 5,
        "end_line": 9,
        "end_column": 40,
    }
    assert finding["rule_id"].endswith("fixture-string-built-sql") and finding["severity"] == "high"
    assert finding["properties"]["sarif_fingerprints"] == {"matchBasedId/v1": "requires login"}


def test_imports_in_the_policy_are_relative_to_the_config_file(tmp_path: Path) -> None:
    project = _project(tmp_path, UNLIMITED + "imports: [reports/checkov.sarif]\n")
    (project / "reports").mkdir()
    shutil.copy(CHECKOV_SARIF, project / "reports" / "checkov.sarif")
    report_file = tmp_path / "report.json"
    proc = _scan(project, report_file, "--scanner", "terraform", "--scanner", "sarif")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    report = load_report(report_file)
    checkov = [f for f in report["findings"] if f["scanners"] == ["sarif/Checkov"]]
    assert {f["rule_id"] for f in checkov} >= {"CKV_AWS_24", "CKV_AWS_21"}
    ssh = next(f for f in checkov if f["rule_id"] == "CKV_AWS_24")
    assert (ssh["location"]["path"], ssh["location"]["start_line"], ssh["severity"]) == ("infra/main.tf", 5, "high")
    entry = scanner_entry(report, "sarif")
    assert entry["provenance"]["import_1_file"] == "reports/checkov.sarif"
    assert entry["provenance"]["import_1_tools"] == "Checkov 3.3.30"
    assert entry["scanned"] == ["infra/main.tf"]
    shown = gate("config", "show", str(project))
    assert "imports:\n- reports/checkov.sarif\n" in shown.stdout


# --- fail closed -------------------------------------------------------------------------------


def _one_line_error(
    tmp_path: Path, log: Path, *needles: str, policy: str = UNLIMITED, env: dict[str, str] | None = None
) -> dict[str, Any]:
    project = _project(tmp_path, policy)
    report_file = tmp_path / "report.json"
    proc = _scan(
        project, report_file, "--scanner", "secrets", "--import", str(log), "--import", str(SEMGREP_SARIF), env=env
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    error_line(proc, "sarif:", *needles)
    report = load_report(report_file)
    # Partial results are still reported: the other, healthy import's finding is there.
    assert any("sarif/Semgrep OSS" in f["scanners"] for f in report["findings"]), report["findings"]
    assert report["verdict"]["status"] == "error"
    return report


def test_a_run_that_reports_failure_is_lost_coverage(tmp_path: Path) -> None:
    def failed(document: dict[str, Any]) -> None:
        document["runs"][0]["invocations"][0]["executionSuccessful"] = False

    log = _sarif(BANDIT_SARIF, tmp_path, "failed.sarif", failed)
    report = _one_line_error(tmp_path, log, str(log), "executionSuccessful: false", "Bandit 1.9.4")
    assert not any(f["scanners"] == ["sarif/Bandit"] for f in report["findings"])


def test_an_invalid_file_is_lost_coverage(tmp_path: Path) -> None:
    def broken(document: dict[str, Any]) -> None:
        document["runs"][0]["results"][1]["level"] = "severe"

    log = _sarif(BANDIT_SARIF, tmp_path, "invalid.sarif", broken)
    _one_line_error(tmp_path, log, str(log), "not a valid SARIF 2.1.0 log", "runs[0].results[1].level")
    not_json = tmp_path / "truncated.sarif"
    not_json.write_text(BANDIT_SARIF.read_text()[:200])
    _one_line_error(tmp_path / "b", not_json, str(not_json), "not valid JSON")


def test_a_missing_file_is_lost_coverage(tmp_path: Path) -> None:
    _one_line_error(tmp_path, tmp_path / "nowhere.sarif", "nowhere.sarif: no such file")


def test_a_stale_file_is_lost_coverage_by_its_end_time_or_its_age_on_disk(tmp_path: Path) -> None:
    produced = datetime.fromisoformat(
        json.loads(BANDIT_SARIF.read_text())["runs"][0]["invocations"][0]["endTimeUtc"].replace("Z", "+00:00")
    )
    eight_days_later = {"SOURCE_DATE_EPOCH": str(int(produced.timestamp()) + 8 * 86400)}
    project = _project(tmp_path, "")
    proc = _scan(
        project, tmp_path / "stale.json", "--scanner", "sarif", "--import", str(BANDIT_SARIF), env=eight_days_later
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    error_line(
        proc,
        "sarif:",
        "bandit.sarif: stale",
        "(endTimeUtc), 8.0 days before this scan",
        "more than scanners.sarif.max_age_days (7)",
    )
    report = load_report(tmp_path / "stale.json")
    assert scanner_entry(report, "sarif")["provenance"]["import_1_age_days"] == "8"
    assert report["findings"], "a stale log's results are still reported, with the error"
    # The policy may allow more.
    project = _project(tmp_path / "allowed", "scanners:\n  sarif: {max_age_days: 30}\n")
    proc = _scan(
        project, tmp_path / "allowed.json", "--scanner", "sarif", "--import", str(BANDIT_SARIF), env=eight_days_later
    )
    assert proc.returncode == 1, proc.stderr
    # Without an end time, the file's modification time says how old it is.
    old = tmp_path / "old-semgrep.sarif"
    shutil.copy(SEMGREP_SARIF, old)
    ten_days_ago = time.time() - 10 * 86400
    os.utime(old, (ten_days_ago, ten_days_ago))
    project = _project(tmp_path / "mtime", "")
    proc = _scan(project, tmp_path / "mtime.json", "--scanner", "sarif", "--import", str(old))
    assert proc.returncode == 2
    error_line(proc, "old-semgrep.sarif: stale", "(mtime)")


def test_a_location_outside_the_scan_root_is_reported_not_dropped(tmp_path: Path) -> None:
    def elsewhere(document: dict[str, Any]) -> None:
        location = document["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["artifactLocation"]
        location["uri"] = "file:///srv/other-checkout/app/orders.py"

    log = _sarif(BANDIT_SARIF, tmp_path, "outside.sarif", elsewhere)
    _one_line_error(
        tmp_path,
        log,
        "outside.sarif: result 3 (rule B602) is at file:///srv/other-checkout/app/orders.py",
        "outside the scan root",
    )

    def climbing(document: dict[str, Any]) -> None:
        document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = (
            "../etc/passwd"
        )

    log = _sarif(BANDIT_SARIF, tmp_path, "climbing.sarif", climbing)
    _one_line_error(
        tmp_path / "b", log, "climbing.sarif: result 1 (rule B404) is at ../etc/passwd, outside the scan root"
    )


def test_the_importer_alone_with_nothing_to_import_is_an_error(tmp_path: Path) -> None:
    project = _project(tmp_path)
    proc = gate("scan", str(project), "--no-cache", "--scanner", "sarif")
    assert proc.returncode == 2
    error_line(proc, "sarif: no SARIF file to import")


def test_imports_with_the_importer_turned_off_is_a_config_error(tmp_path: Path) -> None:
    project = _project(tmp_path, "scanners:\n  sarif: false\nimports: [x.sarif]\n")
    proc = gate("scan", str(project), "--no-cache")
    assert proc.returncode == 2
    error_line(proc, ".gatekeeper.yml:2: scanners.sarif: the importer is turned off")


def test_a_secret_in_an_imported_message_is_never_printed(tmp_path: Path) -> None:
    def leaky(document: dict[str, Any]) -> None:
        document["runs"][0]["results"][2]["message"]["text"] = f"shell call; token {AWS_KEY_ID} in scope"

    log = _sarif(BANDIT_SARIF, tmp_path, "leaky.sarif", leaky)
    project = _project(tmp_path)
    report_file = tmp_path / "report.json"
    sarif_out = tmp_path / "out.sarif"
    proc = _scan(project, report_file, "--scanner", "sarif", "--import", str(log), "-o", f"sarif={sarif_out}")
    assert proc.returncode == 1, proc.stderr
    for text in (proc.stdout, proc.stderr, report_file.read_text(), sarif_out.read_text()):
        assert AWS_KEY_ID not in text
    [shell] = [f for f in load_report(report_file)["findings"] if f["rule_id"] == "B602"]
    assert AWS_KEY_ID[:4] + "…" in shell["message"]


def test_scan_help_documents_import() -> None:
    proc = gate("scan", "--help")
    assert "--import FILE" in proc.stdout


def test_a_file_the_tool_could_not_analyse_is_lost_coverage(tmp_path: Path) -> None:
    def unparsed(document: dict[str, Any]) -> None:
        # As bandit writes a file it cannot parse (a configuration notification naming the file).
        document["runs"][0]["invocations"][0]["toolConfigurationNotifications"] = [
            {
                "message": {"text": "syntax error while parsing AST from file"},
                "level": "error",
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/orders.py"}}}],
            }
        ]

    log = _sarif(BANDIT_SARIF, tmp_path, "unparsed.sarif", unparsed)
    report = _one_line_error(
        tmp_path,
        log,
        "could not scan 1 file(s), e.g. app/orders.py",
        "unparsed.sarif: Bandit reported it could not analyse it: syntax error",
    )
    entry = scanner_entry(report, "sarif")
    assert entry["status"] == "partial" and entry["skipped"][0]["path"] == "app/orders.py"


def _csharp_tree(tmp_path: Path) -> Path:
    """Code in a language no bundled scanner reads (C#): what an imported run (CodeQL's) covers."""
    project = tmp_path / "csharp"
    (project / "src").mkdir(parents=True)
    (project / "src" / "Orders.cs").write_text("class Orders {\n  void Find(string id) {}\n}\n")
    (project / "src" / "Refunds.cs").write_text("class Refunds {}\n")
    return project


def _codeql_shaped(tmp_path: Path, *named: str) -> Path:
    """A run in the shape CodeQL writes (artifacts under %SRCROOT%, a base on the CI runner)."""
    log = tmp_path / "codeql.sarif"
    log.write_text(
        json.dumps(
            {
                "version": "2.1.0",
                "runs": [
                    {
                        "tool": {"driver": {"name": "CodeQL", "semanticVersion": "2.19.0", "rules": []}},
                        "invocations": [{"executionSuccessful": True}],
                        "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///home/runner/work/shop/shop/"}},
                        "artifacts": [{"location": {"uri": path, "uriBaseId": "%SRCROOT%"}} for path in named],
                        "results": [],
                    }
                ],
            }
        )
    )
    return log


def test_an_import_covers_the_files_it_names_and_no_others(tmp_path: Path) -> None:
    project = _csharp_tree(tmp_path)
    report_file = tmp_path / "report.json"
    proc = _scan(project, report_file, "--import", str(_codeql_shaped(tmp_path, "src/Orders.cs")))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "partial coverage: 1 C# file not analysed" in proc.stdout  # Refunds.cs: named by nothing
    csharp = next(k for k in load_report(report_file)["scan"]["coverage"]["kinds"] if k["kind"] == "csharp")
    assert (csharp["analysed"], csharp["analysers"], csharp["not_covered"]) == (1, ["sarif"], ["src/Refunds.cs"])
    proc = _scan(project, report_file, "--import", str(_codeql_shaped(tmp_path, "src/Orders.cs", "src/Refunds.cs")))
    assert proc.returncode == 0 and "partial coverage" not in proc.stdout, proc.stdout
    report = load_report(report_file)
    control = next(c for f in report["controls"]["frameworks"] for c in f["controls"] if c["ref"] == "pci-dss:6.2.4")
    # Passing on the imported run's evidence, and saying whose evidence it is.
    assert control["status"] == "passing"
    assert "examined 0 files (sast); 2 more files analysed by sarif only" in control["reason"]
    assert control["examined"][0]["elsewhere"] == {"files": 2, "analysers": ["sarif"]}


def test_a_scan_of_named_files_keeps_the_results_in_them_and_counts_the_rest(tmp_path: Path) -> None:
    project = _project(tmp_path)
    report_file = tmp_path / "report.json"
    # As a pre-commit hook runs it: from the repository's root, naming the changed files.
    proc = gate(
        "scan",
        "app/orders.py",
        "--no-cache",
        "--scanner",
        "sarif",
        "--import",
        str(CHECKOV_SARIF),
        "--import",
        str(BANDIT_SARIF),
        "-o",
        f"json={report_file}",
        cwd=project,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    report = load_report(report_file)
    assert {f["location"]["path"] for f in report["findings"]} == {"app/orders.py"}
    provenance = scanner_entry(report, "sarif")["provenance"]
    assert provenance["import_1_outside_scope"] == "10 result(s) in files outside this scan's scope"
    assert "import_2_outside_scope" not in provenance
