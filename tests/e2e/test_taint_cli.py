"""The cross-function taint scanner through the CLI, on multi-file Flask, FastAPI and Django apps
(tests/fixtures/taint): each `# expect: RULE` line is reported, nothing else is, and every trap
(constant overwrite, constant branch, constant index, int(), allow-lists, learnt and declared
sanitisers) stays quiet."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "taint"
_EXPECT = re.compile(r"#\s*(expect|expect-undeclared):\s*([\w-]+)")
_VALIDATED = re.compile(r"#\s*validated:\s*([\w-]+)")


def _expected(app: Path, declared: bool) -> set[tuple[str, int, str]]:
    found: set[tuple[str, int, str]] = set()
    for path in sorted(app.rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = _EXPECT.search(line)
            if match and (match.group(1) == "expect" or not declared):
                found.add((path.relative_to(app).as_posix(), number, match.group(2)))
    return found


def _scan(app: Path, *extra: str) -> dict:
    proc = run_cli("scan", str(app), "--scanner", "taint", "--format", "json", "--no-cache", *extra)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def _reported(report: dict) -> set[tuple[str, int, str]]:
    return {(f["location"]["path"], f["location"]["start_line"], f["rule_id"]) for f in report["findings"]}


@pytest.mark.parametrize("app", ["flask_shop", "fastapi_files", "django_ops"])
def test_flows_through_project_helpers_are_reported_and_traps_are_not(app: str) -> None:
    report = _scan(FIXTURES / app)
    assert _reported(report) == _expected(FIXTURES / app, declared=True)
    assert report["verdict"]["status"] == "failed"
    taint = next(s for s in report["scan"]["scanners"] if s["name"] == "taint")
    assert taint["status"] == "ok" and taint["files_scanned"] == len(list((FIXTURES / app).rglob("*.py")))


def test_a_finding_names_the_helper_chain_and_maps_to_controls() -> None:
    report = _scan(FIXTURES / "flask_shop")
    finding = next(f for f in report["findings"] if f["location"]["path"] == "shop/db.py")
    assert finding["rule_id"] == "python-sql-injection" and finding["scanners"] == ["taint"]
    assert "search() -> search_products() -> run_query()" in finding["message"]
    assert "request.args, shop/views.py:13" in finding["message"]
    assert any(c.startswith("CWE-89") for c in finding["cwe"])
    assert finding["severity"] == "high" and finding["confidence"] == "high"
    assert "pci-dss:6.2.4" in finding["controls"]


def test_a_sanitiser_declared_in_the_policy_is_honoured_and_without_it_the_flow_is_reported(tmp_path: Path) -> None:
    app = tmp_path / "flask_shop"
    shutil.copytree(FIXTURES / "flask_shop", app)
    declared = _reported(_scan(app))
    (app / ".gatekeeper.yml").unlink()
    undeclared = _reported(_scan(app))
    assert undeclared - declared == {("shop/helpers.py", 42, "python-command-injection")}
    assert _reported(_scan(app)) == _expected(app, declared=False)


def test_a_bad_sanitiser_name_is_one_error_line(tmp_path: Path) -> None:
    app = tmp_path / "app"
    shutil.copytree(FIXTURES / "django_ops", app)
    (app / ".gatekeeper.yml").write_text("scanners:\n  taint:\n    sanitizers: [not a name]\n")
    proc = run_cli("scan", str(app), "--scanner", "taint", "--no-cache")
    assert proc.returncode == 2
    assert proc.stderr.startswith("gatekeeper: error: ") and "scanners.taint.sanitizers" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_module_that_does_not_parse_is_lost_coverage_not_a_pass(tmp_path: Path) -> None:
    app = tmp_path / "app"
    shutil.copytree(FIXTURES / "django_ops", app)
    (app / "ops" / "legacy.py").write_text("print 'python 2'\n")
    proc = run_cli("scan", str(app), "--scanner", "taint", "--format", "json", "--no-cache")
    assert proc.returncode == 2, proc.stderr
    taint = next(s for s in json.loads(proc.stdout)["scan"]["scanners"] if s["name"] == "taint")
    assert taint["status"] == "partial"
    assert [s["path"] for s in taint["skipped"]] == ["ops/legacy.py"]
    assert "not valid Python 3 (line 1)" in taint["skipped"][0]["reason"]
    # The rest of the project is still analysed and its flows reported.
    assert ("ops/utils/shell.py", 7, "python-command-injection") in _reported(json.loads(proc.stdout))


def test_warm_scan_reuses_the_result_and_an_edit_re_summarises(tmp_path: Path) -> None:
    app = tmp_path / "app"
    shutil.copytree(FIXTURES / "fastapi_files", app)
    cache = tmp_path / "cache"
    args = ("scan", str(app), "--scanner", "taint", "--format", "json", "--cache-dir", str(cache))
    cold = run_cli(*args)
    warm = run_cli(*args)
    assert cold.returncode == warm.returncode == 1
    assert _reported(json.loads(cold.stdout)) == _reported(json.loads(warm.stdout))
    # Editing a helper so it no longer passes its parameter on changes the verdict at once.
    storage = app / "api" / "storage.py"
    storage.write_text(
        storage.read_text().replace("return (BASE / name).read_text()", "return (BASE / 'index.txt').read_text()")
    )
    edited = _reported(json.loads(run_cli(*args).stdout))
    assert ("api/storage.py", 8, "python-path-traversal") not in edited
    assert ("api/clients.py", 7, "python-ssrf") in edited


def test_semgrep_flows_through_a_project_validator_are_shown_unconfirmed_and_do_not_block(tmp_path: Path) -> None:
    """semgrep sees one function; the taint scanner knows `safe_next` and `report_name` check their
    argument, and that `is_internal_path` and `well_formed` are boolean validators guarding it
    (`if not well_formed(name): abort(404)`), all learnt from their code, so semgrep's findings at
    those sinks are lowered, with the validator named, while a flow through a helper that only
    tidies its argument still blocks."""
    app = FIXTURES / "flask_validators"
    report = _scan(app, "--scanner", "semgrep")
    marked = _marked(app, _VALIDATED)
    blocking = set(report["verdict"]["blocking"])
    by_place = {(f["location"]["path"], f["location"]["start_line"], f["rule_id"]): f for f in report["findings"]}
    assert set(by_place) == marked | _expected(app, declared=True)
    for place in marked:
        finding = by_place[place]
        assert finding["confidence"] == "low" and finding["fingerprint"] not in blocking, place
        assert finding["properties"]["validated_by"].startswith("portal.validators.")
    assert {by_place[p]["fingerprint"] for p in _expected(app, declared=True)} == blocking
    taint = next(s for s in report["scan"]["scanners"] if s["name"] == "taint")
    assert {(c["path"], c["start_line"]) for c in taint["cleared"]} == {(p, n) for p, n, _ in marked}

    # Declaring the tidying helper a sanitiser (scanners.taint.sanitizers) lowers its flow too, and
    # declaring the name check used as a guard (`if not plain_name(name): abort(404)`) lowers that.
    copy = tmp_path / "app"
    shutil.copytree(app, copy)
    (copy / ".gatekeeper.yml").write_text(
        "scanners:\n  taint:\n    sanitizers: [validators.normalise, validators.plain_name]\n"
    )
    declared = _scan(copy, "--scanner", "semgrep")
    assert declared["verdict"]["status"] == "passed"
    for helper in ("normalise", "plain_name"):
        (lowered,) = [f for f in declared["findings"] if helper in f["properties"].get("validated_by", "")]
        assert "declared a sanitiser in scanners.taint.sanitizers" in lowered["message"], helper
        assert lowered["confidence"] == "low", helper


def _marked(app: Path, pattern: re.Pattern[str]) -> set[tuple[str, int, str]]:
    return {
        (path.relative_to(app).as_posix(), number, match.group(1))
        for path in sorted(app.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if (match := pattern.search(line))
    }
