"""The checks CI runs besides the tests (types, lint, format), and the size of gatekeeper's modules."""

from __future__ import annotations

import sys

from tests.conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

MAX_MODULE_LINES = 500


def test_ci_checks_types_lint_and_format_before_the_readme_test_command() -> None:
    script = (REPO / ".ci" / "run").read_text()
    tests = script.index("python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest\n")
    for check in (
        ".venv/bin/mypy\n",
        ".venv/bin/ruff check gatekeeper tests benchmarks\n",
        ".venv/bin/ruff format --check gatekeeper tests benchmarks\n",
    ):
        assert -1 < script.index(check) < tests, check
    assert ".venv/bin/pip install -q -e '.[test,lint]'" in script


def test_the_checks_are_configured_and_pinned_in_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["tool"]["mypy"]["strict"] is True and project["tool"]["mypy"]["files"] == ["gatekeeper"]
    pins = {line.split("==")[0]: line for line in project["project"]["optional-dependencies"]["lint"]}
    assert {"mypy", "ruff"} <= set(pins) and all("==" in pin for pin in pins.values())
    assert project["tool"]["ruff"]["line-length"] == 120


def test_no_module_of_gatekeeper_is_over_500_lines() -> None:
    sizes = {
        path.relative_to(REPO).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in (REPO / "gatekeeper").rglob("*.py")
    }
    over = {path: lines for path, lines in sizes.items() if lines > MAX_MODULE_LINES}
    assert over == {}
