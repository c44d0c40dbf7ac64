"""The switch of tests/system_tools.py, both ways: a test that needs a tool or privilege this system
lacks is skipped with its reason on a developer's machine, and fails when CI sets
GATEKEEPER_REQUIRE_SYSTEM_TOOLS=1. Shown on a tiny test file run by pytest in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.system_tools import REQUIRE_ENV

TINY = textwrap.dedent(
    """\
    from tests import system_tools


    def test_needs_a_missing_tool():
        system_tools.tool("gatekeeper-no-such-tool", install="nobody ships it")


    def test_needs_a_missing_privilege():
        system_tools.unavailable("no network namespace here")


    def test_falls_back_on_a_simulation():
        system_tools.simulated("cannot mount a tmpfs here")


    def test_has_its_tool():
        assert system_tools.tool("gatekeeper-no-such-tool", "sh", install="-").endswith("/sh")
    """
)


def run_tiny(tmp_path: Path, require: str | None) -> tuple[int, dict[str, tuple[str, str]], str]:
    """pytest on TINY: its exit code, each test's (outcome, message), and its terminal output."""
    (tmp_path / "test_tiny.py").write_text(TINY)
    env = {k: v for k, v in os.environ.items() if k != REQUIRE_ENV}
    if require is not None:
        env[REQUIRE_ENV] = require
    env["PYTHONPATH"] = str(REPO)
    junit = tmp_path / "junit.xml"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-ra", "-p", "no:cacheprovider", f"--junit-xml={junit}", "test_tiny.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )
    outcomes = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        found = next((child for child in case if child.tag in ("skipped", "failure", "error")), None)
        outcomes[case.get("name", "")] = (found.tag, found.get("message", "")) if found is not None else ("passed", "")
    return proc.returncode, outcomes, proc.stdout


@pytest.mark.parametrize("require", [None, "", "0"])
@pytest.mark.slow
def test_without_the_variable_a_missing_tool_is_a_skip_with_its_reason(tmp_path: Path, require: str | None) -> None:
    code, outcomes, output = run_tiny(tmp_path, require)
    assert code == 0, output
    assert outcomes == {
        "test_needs_a_missing_tool": ("skipped", "gatekeeper-no-such-tool is not installed (nobody ships it)"),
        "test_needs_a_missing_privilege": ("skipped", "no network namespace here"),
        "test_falls_back_on_a_simulation": ("passed", ""),
        "test_has_its_tool": ("passed", ""),
    }
    # The reason is shown in the summary a developer reads, at the line of the test that needs the tool.
    assert "SKIPPED [1] test_tiny.py:5: gatekeeper-no-such-tool is not installed (nobody ships it)" in output
    assert "SKIPPED [1] test_tiny.py:9: no network namespace here" in output


@pytest.mark.slow
def test_with_the_variable_a_missing_tool_fails_the_run(tmp_path: Path) -> None:
    code, outcomes, output = run_tiny(tmp_path, "1")
    assert code == 1, output
    assert {name: outcome for name, (outcome, _) in outcomes.items()} == {
        "test_needs_a_missing_tool": "failure",
        "test_needs_a_missing_privilege": "failure",
        "test_falls_back_on_a_simulation": "failure",
        "test_has_its_tool": "passed",
    }
    for name, reason in (
        ("test_needs_a_missing_tool", "gatekeeper-no-such-tool is not installed"),
        ("test_needs_a_missing_privilege", "no network namespace here"),
        ("test_falls_back_on_a_simulation", "cannot mount a tmpfs here"),
    ):
        message = outcomes[name][1]
        assert reason in message and REQUIRE_ENV in message, message


def test_ci_sets_the_variable_where_it_runs_the_tests() -> None:
    script = (REPO / ".ci" / "run").read_text()
    assert f"export {REQUIRE_ENV}=1" in script
    # Set before the README's test command, in the part that runs it (inside the namespace too).
    assert script.index(f"export {REQUIRE_ENV}=1") < script.index(".venv/bin/python -m pytest\n")
