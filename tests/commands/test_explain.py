"""`gatekeeper explain` through the CLI, and examples in every command's --help."""

from __future__ import annotations

import click
from click.testing import CliRunner

from gatekeeper.cli import cli
from gatekeeper.commands.examples import EXAMPLES
from tests.conftest import run_cli


def test_explain_prints_description_cwe_controls_examples_and_fix() -> None:
    out = CliRunner().invoke(cli, ["explain", "python-debug-mode-enabled"])
    assert out.exit_code == 0, out.output
    text = out.output
    assert text.startswith("python-debug-mode-enabled: Debug mode enabled\n")
    assert "weakness: CWE-489: Active Debug Code" in text
    assert "controls: " in text and "pci-dss:6.2.4" in text
    reported, not_reported = text.index("\nreported:\n"), text.index("\nnot reported:\n")
    assert reported < text.index('api = FastAPI(title="payments", debug=True)') < not_reported
    assert not_reported < text.index('api_prod = FastAPI(title="payments")') < text.index("\nfix: ")


def test_explain_a_bandit_id() -> None:
    out = CliRunner().invoke(cli, ["explain", "B602"])
    assert out.exit_code == 0 and "weakness: CWE-78" in out.output and "fix: " in out.output


def test_an_unknown_rule_is_one_error_line_and_exit_2() -> None:
    proc = run_cli("explain", "no-such-rule")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "gatekeeper: error: unknown rule 'no-such-rule': no semgrep rule, bandit test, CloudFormation or "
        "Terraform check, or kind of secret has this id"
    ]


def _commands(command: click.Command, path: str = "") -> list[tuple[str, click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            found += _commands(sub, f"{path} {name}".strip())
    return found


def test_every_help_page_has_examples_of_its_own_command() -> None:
    commands = _commands(cli)
    assert {path for path, _ in commands} == set(EXAMPLES)  # no command without, no stale entry
    for path, _command in commands:
        out = CliRunner().invoke(cli, [*path.split(), "--help"])
        assert out.exit_code == 0, out.output
        assert "  Examples:\n" in out.output, path
        shown = out.output.split("  Examples:\n", 1)[1]
        for command_line, _why in EXAMPLES[path]:
            assert command_line in shown, (path, command_line)
            if path:
                assert command_line.startswith(f"gatekeeper {path}") or f"; gatekeeper {path}" in command_line


def test_explain_shows_a_rules_autofix() -> None:
    out = CliRunner().invoke(cli, ["explain", "python-unsafe-yaml-load"])
    assert out.exit_code == 0
    assert "autofix (gatekeeper scan --fix):" in out.output and "safe_load" in out.output.split("autofix", 1)[1]
    plain = CliRunner().invoke(cli, ["explain", "python-sql-injection"])
    assert "autofix" not in plain.output
