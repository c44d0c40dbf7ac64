"""`gatekeeper report`: render reports from a saved JSON result."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gatekeeper.commands.options import outputs_option, parse_outputs, write_reports
from gatekeeper.errors import GatekeeperError
from gatekeeper.gate import EXIT_ERROR
from gatekeeper.reports import STDOUT_FORMATS, json_report, renderer


@click.command()
@click.argument("result_file", metavar="RESULT.json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@outputs_option("Write a report to FILE (repeatable).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(STDOUT_FORMATS),
    default=None,
    help="Also print this format on standard output.",
)
def report(result_file: Path, outputs: tuple[str, ...], fmt: str | None) -> None:
    """Render reports from a saved JSON result (`scan --output json=FILE`): scan once, publish many.

    Exits 0 when every report was written, 2 otherwise; the scan's own verdict is in the reports.
    """
    targets = parse_outputs(outputs)
    if not targets and not fmt:
        raise click.UsageError("nothing to render: give --output FORMAT=FILE or --format FORMAT")
    try:
        text = result_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GatekeeperError(f"cannot read {result_file}: {getattr(exc, 'strerror', None) or exc}") from None
    result, outcome, policy = json_report.load(text, source=str(result_file))
    exit_code = 0
    if not write_reports(targets, result, outcome, policy):
        exit_code = EXIT_ERROR
    if fmt:
        click.echo(renderer(fmt)(result, outcome, policy), nl=False)
    sys.exit(exit_code)
