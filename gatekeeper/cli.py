"""The `gatekeeper` command: the group of subcommands (gatekeeper/commands/, one module each) and
the exit-code contract: every failure is one line on stderr and exit 2, never a traceback."""

from __future__ import annotations

import os
import signal
import sys
from typing import Sequence

import click

from gatekeeper import __version__
from gatekeeper.commands.advisories import advisories
from gatekeeper.commands.baseline import baseline_group
from gatekeeper.commands.configfile import config_group, init
from gatekeeper.commands.controls import controls
from gatekeeper.commands.events import events_group
from gatekeeper.commands.examples import attach
from gatekeeper.commands.explain import explain_command
from gatekeeper.commands.merge import merge
from gatekeeper.commands.report import report
from gatekeeper.commands.scan import scan
from gatekeeper.errors import GatekeeperError
from gatekeeper.gate import EXIT_ERROR
from gatekeeper.reports import console
from gatekeeper.rulepack import RulePack, default_rules_dir
from gatekeeper.scanners import build_scanners
from gatekeeper.scanners.base import ScannerFailure


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"gatekeeper {__version__}")
    for name, scanner in build_scanners(RulePack(default_rules_dir())).items():
        try:
            click.echo(f"{name} {scanner.version()}")
        except ScannerFailure as exc:
            click.echo(f"{name} unavailable ({exc})")
    ctx.exit(0)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Print gatekeeper's version and each scanner's, then exit.",
)
def cli() -> None:
    """gatekeeper: a CI security gate. Exit codes: 0 passed, 1 policy violation, 2 error or incomplete scan."""


for command in (
    scan,
    init,
    config_group,
    baseline_group,
    advisories,
    report,
    controls,
    explain_command,
    merge,
    events_group,
):
    cli.add_command(command)
attach(cli)


class Terminated(KeyboardInterrupt):
    """SIGTERM (a CI job cancelled or timed out): handled like Ctrl-C, so scanner processes are
    stopped, half-written reports removed and the exit code is 2, not the signal's."""


def _terminate(_signum: int, _frame: object) -> None:
    raise Terminated()


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: every failure is one line on stderr and exit 2, never a traceback."""
    try:
        signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread (an embedding application): leave its handlers alone
        pass
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="gatekeeper", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_ERROR)
    except click.exceptions.Abort as exc:
        # click turns Ctrl-C (and so SIGTERM, see Terminated) into Abort.
        cause = exc.__cause__
        why = "terminated (SIGTERM)" if isinstance(cause, Terminated) else "interrupted" if cause else "aborted"
        click.echo(f"gatekeeper: error: {why}", err=True)
        sys.exit(EXIT_ERROR)
    except GatekeeperError as exc:
        # One line, whatever the message quotes (a path, a value from a config file under review).
        click.echo(f"gatekeeper: error: {console.clean(str(exc))}", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt as exc:
        click.echo(
            f"gatekeeper: error: {'terminated (SIGTERM)' if isinstance(exc, Terminated) else 'interrupted'}", err=True
        )
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # the last line of defence for the exit-code contract
        if os.environ.get("GATEKEEPER_DEBUG"):
            raise
        click.echo(f"gatekeeper: internal error: {type(exc).__name__}: {console.clean(str(exc))}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(0)
