"""`gatekeeper merge`: the JSON results of `scan --shard K/N` joined into one result, judged and reported."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gatekeeper import merge as merging
from gatekeeper.commands.options import outputs_option, parse_outputs, publish, say_error, stdout_option
from gatekeeper.errors import GatekeeperError
from gatekeeper.gate import verdict
from gatekeeper.reports import json_report


@click.command()
@click.argument("results", nargs=-1, required=True, metavar="SHARD.json...", type=click.Path(path_type=Path))
@outputs_option("Write a report of the merged result to FILE (repeatable).")
@stdout_option
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
    exit_code = publish(targets, result, outcome, policy, fmt, quiet)
    say_error(outcome)
    sys.exit(exit_code)


def _part(path: Path) -> merging.Part:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GatekeeperError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    result, _verdict, policy = json_report.load(text, source=str(path))
    return merging.Part(str(path), result, policy)
