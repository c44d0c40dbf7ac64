"""`gatekeeper baseline create`: accept today's findings."""

from __future__ import annotations

from pathlib import Path

import click

from gatekeeper import __version__, engine
from gatekeeper import config as config_module
from gatekeeper.atomic import write_atomically
from gatekeeper.commands.options import ScannerOption, config_option
from gatekeeper.commands.request import build_request
from gatekeeper.errors import GatekeeperError
from gatekeeper.gate import EXIT_ERROR, verdict
from gatekeeper.policy import baseline as baselines
from gatekeeper.policy.state import is_suppressed
from gatekeeper.reports import console


@click.group("baseline")
def baseline_group() -> None:
    """Accept today's findings so that only new ones fail (rolling the gate out on an old codebase)."""


@baseline_group.command("create")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Where to write it. Default: the config's baseline, else PATH/{baselines.DEFAULT_FILE}.",
)
@config_option
@click.option(
    "--scanner",
    "scanners",
    multiple=True,
    metavar="NAME",
    cls=ScannerOption,
    help="Run only this scanner (repeatable): {names}.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=None,
    help="Seconds each scanner may run before it is killed. Default: the config's, else 900.",
)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, help="Processes per scanner (default: CPU count)."
)
def baseline_create(
    path: Path | None,
    output: Path | None,
    config_file: Path | None,
    scanners: tuple[str, ...],
    timeout: float | None,
    jobs: int | None,
) -> None:
    """Scan PATH (default '.') and record its findings in a baseline file.

    Findings that an active waiver or an inline suppression already accepts are not recorded, so
    they fail again when the waiver ends. An incomplete scan writes nothing and exits 2."""
    root = (path or Path.cwd()).resolve()
    config = config_module.load(root, config_file)
    paths = (path,) if path is not None else ()
    request = build_request(config, config.policy, paths, scanners, timeout, jobs)
    result = engine.run(request)
    outcome = verdict(result, config.policy)
    if outcome.exit_code == EXIT_ERROR:
        raise GatekeeperError(f"no baseline written: the scan is incomplete: {console.clean(outcome.reasons[0])}")
    target = output or config.baseline_path() or root / baselines.DEFAULT_FILE
    content = baselines.create(result.findings, result.metadata.finished_at, __version__, result.metadata.target)
    try:
        write_atomically(target, content)
    except OSError as exc:
        raise GatekeeperError(f"cannot write the baseline to {target}: {exc.strerror or exc}") from None
    accepted = sum(1 for f in result.findings if is_suppressed(f))
    recorded = len(result.findings) - accepted
    note = f" ({accepted} accepted by waivers or inline suppressions are not recorded)" if accepted else ""
    click.echo(f"baseline: {recorded} finding(s) recorded in {target}{note}")
