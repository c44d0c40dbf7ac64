"""Coverage accounting: every file in scope by kind, and what analysed it."""

from __future__ import annotations

from pathlib import Path

from gatekeeper.coverage import Coverage, account
from gatekeeper.scanners.base import ScannerResult, SkippedFile
from tests.compliance.factory import StubScanner

ANALYSES = {
    "semgrep": StubScanner(frozenset({"python", "dockerfile"}), lambda p: p.endswith((".py", "Dockerfile"))),
    "bandit": StubScanner(frozenset({"python"}), lambda p: p.endswith(".py")),
    "dependencies": StubScanner(frozenset({"pypi-requirements", "pypi-lock", "pypi-manifest"})),
    "secrets": StubScanner(frozenset()),
}


def test_files_no_scanner_analyses_are_not_covered_and_unsupported(tmp_path: Path) -> None:
    files = ("app.py", "web/server.js", "web/package-lock.json", "README.md", "requirements.txt")
    results = [
        ScannerResult("semgrep", "1", scanned=("app.py",)),
        ScannerResult("bandit", "1", scanned=("app.py",)),
        ScannerResult("dependencies", "1", scanned=("requirements.txt",)),
        # Reading a file for secrets is not analysing it as code.
        ScannerResult("secrets", "1", scanned=files),
    ]
    coverage = account(tmp_path, files, results, ANALYSES)
    by_kind = {k.kind: k for k in coverage.kinds}
    assert by_kind["python"].analysed == 1 and by_kind["python"].analysers == ("bandit", "semgrep")
    assert by_kind["javascript"].not_covered == by_kind["javascript"].unsupported == ("web/server.js",)
    assert by_kind["npm-lock"].unsupported == ("web/package-lock.json",)
    assert coverage.other == 1  # README.md
    assert coverage.unsupported == "1 JavaScript/TypeScript file, 1 npm lock file"


def test_a_file_whose_scanner_did_not_run_is_not_covered_but_supported(tmp_path: Path) -> None:
    coverage = account(tmp_path, ("app.py",), [ScannerResult("secrets", "1", scanned=("app.py",))], ANALYSES)
    (python,) = coverage.kinds
    assert python.not_covered == ("app.py",) and python.unsupported == ()
    assert coverage.unsupported == ""


def test_code_of_a_supported_language_that_no_scanner_takes_is_unsupported(tmp_path: Path) -> None:
    (tmp_path / "deploy").write_text("#!/usr/bin/env python3\nimport os\n")
    (tmp_path / "gui.pyw").write_text("import tkinter\n")
    results = [ScannerResult(n, "1", scanned=("app.py",)) for n in ("semgrep", "bandit")]
    coverage = account(tmp_path, ("app.py", "deploy", "gui.pyw"), results, ANALYSES)
    (python,) = coverage.kinds
    assert python.analysed == 1 and python.unsupported == ("deploy", "gui.pyw")
    assert coverage.unsupported == "2 Python files"


def test_a_manifest_is_covered_through_its_lock_file(tmp_path: Path) -> None:
    files = ("pyproject.toml", "poetry.lock", "other/Pipfile")
    coverage = account(tmp_path, files, [ScannerResult("dependencies", "1", scanned=("poetry.lock",))], ANALYSES)
    by_kind = {k.kind: k for k in coverage.kinds}
    assert by_kind["pypi-manifest"].analysed == 1
    assert by_kind["pypi-manifest"].not_covered == ("other/Pipfile",)


def test_a_file_a_scanner_lost_is_lost_coverage_not_counted_again(tmp_path: Path) -> None:
    lost = ScannerResult("semgrep", "1", skipped=(SkippedFile("app.py", "parse error"),))
    coverage = account(tmp_path, ("app.py",), [lost], ANALYSES)
    assert coverage.kinds[0].not_covered == () and coverage.kinds[0].analysed == 0


def test_round_trip_through_the_json_report_shape(tmp_path: Path) -> None:
    files = ("app.py", "Main.java")
    coverage = account(tmp_path, files, [ScannerResult("semgrep", "1", scanned=("app.py",))], ANALYSES)
    assert Coverage.from_dict(coverage.to_dict()) == coverage


def test_sibling_groups_keep_a_manifest_with_the_lock_files_it_is_read_through(tmp_path: Path) -> None:
    from gatekeeper.coverage import sibling_groups

    files = {
        "app/build.gradle": "plugins { id 'java' }\n",
        "app/gradle.lockfile": "# lock\n",
        "web/package.json": '{"name": "web"}\n',
        "web/yarn.lock": "# yarn lockfile v1\n",
        "lone/package.json": '{"name": "lone"}\n',
        "src/main.py": "print(1)\n",
    }
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    groups = sibling_groups(tmp_path, sorted(files))
    assert sorted(map(sorted, groups)) == [
        ["app/build.gradle", "app/gradle.lockfile"],
        ["lone/package.json"],
        ["web/package.json", "web/yarn.lock"],
    ]
