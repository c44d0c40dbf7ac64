"""The dependency scan through the CLI, as a pipeline runs it: no database, stale or corrupt data
exit 2 with one line naming the cause; the example's vulnerable pins exit 1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from tests.advisories.helpers import OSV_FIXTURE
from tests.conftest import EXAMPLE, run_cli

# Each test runs the CLI on a tree of its own: the slow tier (tests/conftest.py).
pytestmark = pytest.mark.slow


def error_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("gatekeeper: error:")]
    assert len(errors) == 1, stderr
    return errors[0]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    root.mkdir()
    (root / "requirements.txt").write_text("demo-pkg==1.0.0\nsafe-pkg==3.0\n")
    return root


def gatekeeper(*args: str, cache: Path) -> tuple[int, str, str]:
    proc = run_cli("scan", "--scanner", "dependencies", *args, env={"GATEKEEPER_CACHE_DIR": str(cache)})
    return proc.returncode, proc.stdout, proc.stderr


def test_no_advisory_database_exits_2_and_says_how_to_get_one(tree: Path, tmp_path: Path) -> None:
    code, stdout, stderr = gatekeeper(str(tree), cache=tmp_path / "cache")
    assert code == 2
    line = error_line(stderr)
    assert line.startswith("gatekeeper: error: dependencies: no advisory database: run 'gatekeeper advisories update'")
    assert "--advisories" in line
    assert "PASSED" not in stdout


def test_stale_database_exits_2_with_its_date(tree: Path, tmp_path: Path) -> None:
    code, _, stderr = gatekeeper(
        str(tree), "--advisories", str(OSV_FIXTURE), "--advisories-max-age", "30", cache=tmp_path / "cache"
    )
    assert code == 2
    line = error_line(stderr)
    assert f"advisory database {OSV_FIXTURE} is stale: its data is from 2024-05-02" in line
    assert "(max_age_days is 30)" in line


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("id: PYSEC-2099-51\naffected: []\n  bad: indentation\n", "invalid YAML at line 3"),
        ("id: PYSEC-2099-51\ndetails: nothing affected\n", "PYSEC-2099-51: missing 'affected'"),
    ],
)
def test_corrupt_record_exits_2_naming_the_file(tree: Path, tmp_path: Path, content: str, problem: str) -> None:
    osv = tmp_path / "osv"
    shutil.copytree(OSV_FIXTURE, osv)
    (osv / "demo-pkg" / "PYSEC-2099-51.yaml").write_text(content)
    code, _, stderr = gatekeeper(str(tree), "--advisories", str(osv), cache=tmp_path / "cache")
    assert code == 2
    line = error_line(stderr)
    assert f"{osv}/demo-pkg/PYSEC-2099-51.yaml: " in line and problem in line

    code, stdout, stderr = gatekeeper(
        str(tree), "--advisories", str(osv), "--skip-invalid-advisories", cache=tmp_path / "cache"
    )
    assert code == 1, stderr
    assert "skipped 1 corrupt advisory record(s)" in stderr and "PYSEC-2099-51.yaml" in stderr
    assert "requirements.txt:1  PYSEC-2099-1" in stdout


def test_example_shows_its_vulnerable_dependencies_offline(tmp_path: Path) -> None:
    code, stdout, stderr = gatekeeper(str(EXAMPLE), cache=tmp_path / "cache")
    assert code == 1, stderr
    # Grouped under the package (the console's dependency section).
    assert "  jinja2  high\n    requirements.txt:3  PYSEC-2019-217  high" in stdout
    assert (
        "fix: upgrade jinja2 2.10 -> 2.11.3 (clears all 2 advisories)" in stdout
    )  # one finding per package version (issue 20)
    assert "  axios  high\n    notifier/package-lock.json:55  GHSA-jr5f-v2jv-69x6  high" in stdout
    # The newest record of the demo database (the notifier's axios advisory) dates it.
    assert "dependencies osv-local 2025-03-07 sha256:" in stdout


def test_reports_carry_the_database_identity_and_the_sbom(tree: Path, tmp_path: Path) -> None:
    extra = tmp_path / "pinned-elsewhere.txt"
    extra.write_text("listed-pkg==1.1\n")
    sbom, report = tmp_path / "out" / "sbom.json", tmp_path / "out" / "report.json"
    code, _, stderr = gatekeeper(
        str(tree),
        "--advisories",
        str(OSV_FIXTURE),
        "--requirements",
        str(extra),
        "-o",
        f"cyclonedx={sbom}",
        "-o",
        f"json={report}",
        cache=tmp_path / "cache",
    )
    assert code == 1, stderr
    (scanner,) = json.loads(report.read_text())["scan"]["scanners"]
    assert scanner["provenance"]["advisory_date"] == "2024-05-02T00:00:00Z"
    assert scanner["provenance"]["advisory_digest"].startswith("sha256:")
    text = sbom.read_text()
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    purls = {c["purl"] for c in json.loads(text)["components"]}
    assert purls == {"pkg:pypi/demo-pkg@1.0.0", "pkg:pypi/safe-pkg@3.0", "pkg:pypi/listed-pkg@1.1"}


def test_missing_requirements_file_is_a_usage_error(tree: Path, tmp_path: Path) -> None:
    code, _, stderr = gatekeeper(str(tree), "--requirements", str(tmp_path / "nope.txt"), cache=tmp_path / "cache")
    assert code == 2
    assert "nope.txt" in stderr and "Traceback" not in stderr


def test_a_fix_that_is_not_a_pep440_version_fails_the_gate_with_a_note(tmp_path: Path) -> None:
    # As PYSEC-2021-371 (binderhub, `fixed: 0.2.0-n653`): read as "before every version", it passed every pin.
    osv = tmp_path / "osv"
    shutil.copytree(OSV_FIXTURE, osv)
    (osv / "odd-pkg").mkdir()
    (osv / "odd-pkg" / "PYSEC-2099-60.yaml").write_text(
        "id: PYSEC-2099-60\nmodified: '2024-03-01T00:00:00Z'\ndetails: odd-pkg runs code it is sent\n"
        "affected:\n- package: {name: odd-pkg, ecosystem: PyPI}\n  ranges:\n  - type: ECOSYSTEM\n"
        "    events:\n    - introduced: '0'\n    - fixed: 0.2.0-n653\n"
    )
    root = tmp_path / "tree"
    root.mkdir()
    (root / "requirements.txt").write_text("odd-pkg==1.0\n")
    report = tmp_path / "report.json"
    code, stdout, stderr = gatekeeper(
        str(root), "--advisories", str(osv), "-o", f"json={report}", cache=tmp_path / "cache"
    )
    assert code == 1, stderr
    assert "requirements.txt:1  PYSEC-2099-60" in stdout
    (finding,) = json.loads(report.read_text())["findings"]
    assert "Note: PYSEC-2099-60 gives fixed '0.2.0-n653', which is not a PEP 440 version" in finding["message"]
    assert finding["remediation"].startswith("the advisory names 0.2.0-n653 as fixed, which gatekeeper cannot compare")


def test_a_record_nested_100000_deep_is_named_and_can_be_skipped(tree: Path, tmp_path: Path) -> None:
    osv = tmp_path / "osv"
    shutil.copytree(OSV_FIXTURE, osv)
    (osv / "demo-pkg" / "PYSEC-2099-53.json").write_text(
        '{"id": "PYSEC-2099-53", "affected": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    code, _, stderr = gatekeeper(str(tree), "--advisories", str(osv), cache=tmp_path / "cache")
    assert code == 2
    assert error_line(stderr).endswith(
        f"dependencies: {osv}/demo-pkg/PYSEC-2099-53.json: invalid JSON: nested too deeply"
    )
    code, stdout, stderr = gatekeeper(
        str(tree), "--advisories", str(osv), "--skip-invalid-advisories", cache=tmp_path / "cache"
    )
    assert code == 1, stderr
    assert "skipped 1 corrupt advisory record(s)" in stderr and "PYSEC-2099-53.json" in stderr
    assert "requirements.txt:1  PYSEC-2099-1" in stdout
