"""`gatekeeper merge`: the JSON results of `scan --shard K/N` joined into one result, judged and reported."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from gatekeeper import merge as merging
from gatekeeper.commands.options import parse_outputs, write_reports
from gatekeeper.errors import GatekeeperError
from gatekeeper.gate import EXIT_ERROR, verdict
from gatekeeper.reports import FORMATS, console, json_report, renderer


@click.command()
@click.argument("results", nargs=-1, required=True, metavar="SHARD.json...", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    "outputs",
    multiple=True,
    metavar="FORMAT=FILE",
    help=f"Write a report of the merged result to FILE (repeatable). Formats: {', '.join(FORMATS)}.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["console", "json", "github"]),
    default="console",
    show_default=True,
    help="What to print on standard output.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary and errors.")
def merge(results: tuple[Path, ...], outputs: tuple[str, ...], fmt: str, quiet: bool) -> None:
    """Merge the JSON results of every shard of one scan (`scan --shard K/N -o json=FILE`) into one
    result, as one unsharded scan gives it, and gate on it.

    Exits 0 passed, 1 policy violation, 2 when the scan was incomplete, or the results do not belong
    together (another commit, policy, rule pack or tree; a shard missing or given twice), or a file
    cannot be read.
    """
    targets = parse_outputs(outputs)
    parts = [_part(path) for path in results]
    result, policy = merging.merge(parts)
    outcome = verdict(result, policy)
    exit_code = outcome.exit_code
    if not write_reports(targets, result, outcome, policy):
        exit_code = EXIT_ERROR
    if fmt in ("json", "github"):
        click.echo(renderer(fmt)(result, outcome, policy), nl=False)
    else:
        console.write(Console(highlight=False, soft_wrap=True), result, outcome, policy, quiet=quiet)
    if outcome.exit_code == EXIT_ERROR:
        click.echo(f"gatekeeper: error: {console.clean(outcome.reasons[0])}", err=True)
    sys.exit(exit_code)


def _part(path: Path) -> merging.Part:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GatekeeperError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    result, _verdict, policy = json_report.load(text, source=str(path))
    return merging.Part(str(path), result, policy)
