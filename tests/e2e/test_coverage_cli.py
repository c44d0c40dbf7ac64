"""No pass without evidence, through the CLI as a pipeline runs it: coverage is accounted for, a
control passes only on something examined, and a scan of nothing is an error."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import CLEAN_PY, MAX_AGE_ENV, run_cli

NETWORK_AND_DEPENDENCIES = (
    "pci-dss:1.2.5",
    "pci-dss:1.3.1",
    "pci-dss:1.4.4",
    "pci-dss:6.3.1",
    "pci-dss:6.3.2",
    "pci-dss:6.3.3",
    "pci-dss:11.3.1",
)


def scan_json(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    proc = run_cli("scan", *args, "--format", "json", "--no-cache", cwd=cwd, env=env)
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else {}, proc.stderr


def controls(report: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {f"{fw['id']}:{c['id']}": c for fw in report["controls"]["frameworks"] for c in fw["controls"]}


def polyglot(root: Path) -> Path:
    files = {
        "util.py": CLEAN_PY,
        # Analysed by the bundled JavaScript, Java and Go packs, and clean: the C# and Ruby files are what
        # nothing analyses.
        "web/server.js": "const app = require('express')();\napp.get('/', (req, res) => res.send('ok'));\n",
        "web/package.json": '{"name": "web", "dependencies": {"express": "4.17.1"}}\n',
        "web/package-lock.json": '{"name": "web", "lockfileVersion": 3, "packages": {}}\n',
        "svc/src/main/java/Pay.java": "public class Pay extends javax.servlet.http.HttpServlet {}\n",
        "svc/pom.xml": "<project><modelVersion>4.0.0</modelVersion></project>\n",
        "api/main.go": "package main\n\nfunc main() {}\n",
        "api/go.mod": "module example.com/api\n\ngo 1.22\n",
        "billing/Invoice.cs": "public class Invoice {}\n",
        "ops/deploy.rb": "puts 'deploy'\n",
    }
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


def test_a_one_file_repository_shows_no_control_passing_without_evidence(clean_tree: Path) -> None:
    code, report, _ = scan_json(str(clean_tree))
    assert code == 0
    found = controls(report)
    for ref in NETWORK_AND_DEPENDENCIES:
        assert found[ref]["status"] == "not_applicable", ref
        assert found[ref]["reason"].startswith("Nothing in scope for this control: no ")
    passing = [c for c in found.values() if c["status"] == "passing"]
    assert passing, "the Python file's SAST and secrets evidence pass their controls"
    for control in passing:
        examined = control["examined"]
        assert any(e["files"] or e["components"] for e in examined), control["ref"]
    summary = report["controls"]["frameworks"][0]["summary"]
    assert summary["not_applicable"] >= len(NETWORK_AND_DEPENDENCIES)
    assert report["verdict"]["partial_coverage"] == ""


def test_a_polyglot_repository_lists_what_nothing_analysed(tmp_path: Path) -> None:
    code, report, _ = scan_json(str(polyglot(tmp_path)))
    assert code == 0
    coverage = report["scan"]["coverage"]
    not_covered = {k["kind"]: k["not_covered"] for k in coverage["kinds"] if k["not_covered"]}
    assert not_covered == {"csharp": ["billing/Invoice.cs"], "ruby": ["ops/deploy.rb"]}
    assert coverage["unsupported"] == "1 C# file, 1 Ruby file"
    # The npm lock file, the POM and go.mod are read by the dependency scanner; package.json through its lock file.
    analysed = {k["kind"]: k["analysers"] for k in coverage["kinds"] if k["analysed"]}
    assert analysed["npm-lock"] == analysed["npm-manifest"] == analysed["maven-manifest"] == ["dependencies"]
    assert analysed["go-manifest"] == ["dependencies"]
    assert "semgrep" in analysed["java"] and "semgrep" in analysed["go"] and "semgrep" in analysed["javascript"]
    found = controls(report)
    assert found["pci-dss:6.2.4"]["status"] == "not_assessed"
    # Every manifest was read (none pins a component): the dependency controls stand on that evidence.
    for ref in ("pci-dss:6.3.3", "pci-dss:6.3.1", "pci-dss:6.3.2"):
        assert found[ref]["status"] == "passing", ref
        assert "examined 4 files, 0 components" in found[ref]["reason"], ref
    assert found["pci-dss:6.2.4"]["reason"].startswith("Not covered: 1 C# file, 1 Ruby file (sast)")
    assert report["verdict"]["partial_coverage"] == coverage["unsupported"]


def test_the_verdict_line_says_partial_coverage_and_the_policy_can_refuse_it(tmp_path: Path) -> None:
    root = polyglot(tmp_path)
    proc = run_cli("scan", str(root), "--quiet", "--no-cache")
    assert proc.returncode == 0
    assert (
        proc.stdout.strip()
        .splitlines()[-1]
        .startswith("PASSED (partial coverage: 1 C# file, 1 Ruby file not analysed)")
    )
    (root / ".gatekeeper.yml").write_text("coverage:\n  unsupported: error\n")
    refused = run_cli("scan", str(root), "--quiet", "--no-cache")
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1] == (
        "gatekeeper: error: coverage.unsupported is error: 1 C# file, 1 Ruby file not analysed by any scanner"
    )
    (root / ".gatekeeper.yml").write_text("coverage:\n  unsupported: ignore\n")
    bad = run_cli("scan", str(root), "--quiet", "--no-cache")
    assert bad.returncode == 2
    assert "coverage.unsupported: 'ignore' is not one of warn, error" in bad.stderr


def test_an_empty_directory_is_an_error(tmp_path: Path) -> None:
    proc = run_cli("scan", str(tmp_path), "--no-cache")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"gatekeeper: error: nothing to scan: {tmp_path} holds no file in scope (empty, or "
        "every file is ignored by .gitignore, paths.exclude or paths.include)"
    )


def test_an_include_that_matches_nothing_is_an_error(clean_tree: Path) -> None:
    (clean_tree / ".gatekeeper.yml").write_text("paths:\n  include: ['src/**']\n")
    proc = run_cli("scan", str(clean_tree), "--no-cache")
    assert proc.returncode == 2
    assert "nothing to scan:" in proc.stderr


def test_named_files_that_all_leave_the_tree_are_an_error(clean_tree: Path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path_factory.mktemp("outside") / "secret.py"
    outside.write_text(CLEAN_PY)
    os.symlink(outside, clean_tree / "link.py")
    proc = run_cli("scan", "link.py", "--no-cache", cwd=clean_tree)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "gatekeeper: error: nothing to scan: all 1 file(s) were left out, e.g. "
        "link.py (symbolic link to a file outside the scan root (not followed))"
    )


def test_files_none_of_the_scanners_read_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# docs only\n")
    proc = run_cli("scan", str(tmp_path), "--scanner", "semgrep", "--scanner", "bandit", "--no-cache")
    assert proc.returncode == 2
    assert "no file was analysed: none of the 1 file(s) in scope is one that bandit, semgrep read" in proc.stderr


def stale_flask_project(root: Path) -> None:
    """A pinned, vulnerable flask and an advisory database last modified on 2024-01-01 (in `osv/`)."""
    (root / "requirements.txt").write_text("flask==0.12\n")
    osv = root / "osv" / "flask"
    osv.mkdir(parents=True)
    (osv / "PYSEC-0000-1.json").write_text(
        json.dumps(
            {
                "id": "PYSEC-0000-1",
                "modified": "2024-01-01T00:00:00Z",
                "affected": [
                    {
                        "package": {"ecosystem": "PyPI", "name": "flask"},
                        "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.0"}]}],
                    }
                ],
            }
        )
    )


def test_stale_advisory_data_is_refused_by_default_and_its_age_is_reported(tmp_path: Path) -> None:
    stale_flask_project(tmp_path)
    default = {MAX_AGE_ENV: ""}
    proc = run_cli("scan", str(tmp_path), "--advisories", str(tmp_path / "osv"), "--no-cache", env=default)
    assert proc.returncode == 2
    assert "is stale: its data is from 2024-01-01" in proc.stderr and "(max_age_days is 5)" in proc.stderr
    (tmp_path / ".gatekeeper.yml").write_text("dependencies:\n  max_age_days: unlimited\n")
    code, report, _ = scan_json(str(tmp_path), "--advisories", str(tmp_path / "osv"), env=default)
    assert code == 1
    (deps,) = [s for s in report["scan"]["scanners"] if s["name"] == "dependencies"]
    assert int(deps["provenance"]["advisory_age_days"]) > 300


def test_python_that_no_scanner_takes_is_named_not_skipped(tmp_path: Path) -> None:
    """A `.pyw` and a script named without `.py` are Python that neither semgrep nor bandit is handed:
    listed as not covered and said on the verdict line, never silently skipped."""
    (tmp_path / "app.py").write_text(CLEAN_PY)
    (tmp_path / "gui.pyw").write_text(CLEAN_PY)
    (tmp_path / "deploy").write_text("#!/usr/bin/env python3\n" + CLEAN_PY)
    code, report, _ = scan_json(str(tmp_path))
    assert code == 0
    (python,) = [k for k in report["scan"]["coverage"]["kinds"] if k["kind"] == "python"]
    assert python["analysed"] == 1 and python["unsupported"] == ["deploy", "gui.pyw"]
    assert report["verdict"]["partial_coverage"] == "2 Python files"
    assert controls(report)["pci-dss:6.2.4"]["status"] == "not_assessed"


def test_the_advisory_data_age_is_in_every_report(tmp_path: Path) -> None:
    stale_flask_project(tmp_path)
    outputs = {
        fmt: tmp_path / f"report.{fmt}"
        for fmt in ("json", "sarif", "html", "markdown", "junit", "ocsf", "oscal", "cyclonedx")
    }
    args = [arg for fmt, path in outputs.items() for arg in ("-o", f"{fmt}={path}")]
    proc = run_cli("scan", str(tmp_path), "--advisories", str(tmp_path / "osv"), "--no-cache", *args)
    assert proc.returncode == 1, proc.stderr
    age = json.loads(outputs["json"].read_text())["scan"]["scanners"]
    (days,) = [s["provenance"]["advisory_age_days"] for s in age if s["name"] == "dependencies"]
    assert int(days) > 300
    for fmt, path in outputs.items():
        text = path.read_text(encoding="utf-8")
        assert "advisory_age_days" in text or "advisory age days" in text or "advisory-age-days" in text, fmt
    assert f"advisory data {days} days old" in proc.stdout


def test_a_network_control_passes_on_the_terraform_it_examined(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n'
        'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n'
    )
    code, report, _ = scan_json(str(tmp_path))
    assert code == 0
    network = controls(report)["pci-dss:1.2.5"]
    assert network["status"] == "passing"
    assert network["examined"] == [
        {
            "source": "config",
            "examines": ["network"],
            "files": 1,
            "components": None,
            "not_covered": [],
            "unknown_versions": [],
            "units": {"Terraform resources": 2},
        }
    ]
    assert "examined 1 file, 2 Terraform resources (config)" in network["reason"]
    assert controls(report)["pci-dss:6.2.4"]["status"] == "not_applicable"
