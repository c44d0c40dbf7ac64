"""The `gatekeeper` command: parses flags, calls the engine, picks reporters, sets the exit code."""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import nullcontext
from pathlib import Path
from typing import Sequence

import click
from rich.console import Console

from gatekeeper import __version__, engine
from gatekeeper.advisories import cache as advisory_cache, update as advisory_update
from gatekeeper.config import Policy
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Severity
from gatekeeper.gate import EXIT_ERROR, verdict
from gatekeeper.reports import RENDERERS, console
from gatekeeper.rulepack import RulePack, default_rules_dir
from gatekeeper.scanners import build_scanners
from gatekeeper.scanners.base import ScannerFailure

SEVERITIES = [s.label for s in sorted(Severity, reverse=True)]


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
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Print gatekeeper's version and each scanner's, then exit.")
def cli() -> None:
    """gatekeeper: a CI security gate. Exit codes: 0 passed, 1 policy violation, 2 error or incomplete scan."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--fail-on", type=click.Choice(SEVERITIES, case_sensitive=False), default="high", show_default=True,
              help="Fail on findings at or above this severity.")
@click.option("--format", "fmt", type=click.Choice(["console", "json", "github"]), default="console", show_default=True,
              help="What to print on standard output.")
@click.option("--output", "-o", "outputs", multiple=True, metavar="FORMAT=FILE",
              help=f"Also write a report to FILE (repeatable). Formats: {', '.join(RENDERERS)}.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary and errors.")
@click.option("--scanner", "scanners", multiple=True, metavar="NAME",
              help="Run only this scanner (repeatable). Default: all.")
@click.option("--timeout", type=click.FloatRange(min=1), default=900, show_default=True,
              help="Seconds each scanner may run before it is killed (the scan is then incomplete).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Processes per scanner (default: CPU count).")
@click.option("--allow-partial", is_flag=True,
              help="Judge an incomplete scan by its findings instead of exiting 2.")
@click.option("--advisories", metavar="PATH|online",
              help="Advisory data for the dependency scan: an OSV directory or zip, or 'online' (OSV API; "
                   "'online:pypi' for PyPI). Default: $GATEKEEPER_ADVISORIES, then .gatekeeper.yml, "
                   "then what 'gatekeeper advisories update' downloaded.")
@click.option("--advisories-max-age", type=click.IntRange(min=0), default=None, metavar="DAYS",
              help="Exit 2 when the advisory data is older than DAYS.")
@click.option("--skip-invalid-advisories", is_flag=True,
              help="Skip corrupt advisory records (with a warning in the report) instead of exiting 2.")
@click.option("--requirements", "requirements", multiple=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Also audit this requirements or lock file (repeatable).")
def scan(
    paths: tuple[Path, ...],
    fail_on: str,
    fmt: str,
    outputs: tuple[str, ...],
    quiet: bool,
    scanners: tuple[str, ...],
    timeout: float,
    jobs: int | None,
    allow_partial: bool,
    advisories: str | None,
    advisories_max_age: int | None,
    skip_invalid_advisories: bool,
    requirements: tuple[Path, ...],
) -> None:
    """Scan PATH (a directory, default '.') or the FILES given, and gate on the findings."""
    targets = _parse_outputs(outputs)
    policy = Policy(fail_on=Severity.parse(fail_on), allow_partial=allow_partial)
    request = engine.ScanRequest(
        paths=paths,
        scanners=scanners or None,
        timeout=timeout,
        jobs=jobs or (os.cpu_count() or 1),
        scanner_options={"dependencies": {
            "advisories": advisories,
            "max_age_days": advisories_max_age,
            "skip_invalid_advisories": skip_invalid_advisories,
            "requirements": tuple(str(p) for p in requirements),
        }},
    )
    err = Console(stderr=True)
    status = err.status("scanning…") if err.is_terminal and not quiet else nullcontext()
    with status as spinner:
        result = engine.run(request, progress=(lambda m: spinner.update(m)) if spinner else None)
    outcome = verdict(result, policy)

    exit_code = outcome.exit_code
    for fmt_name, path in targets:
        try:
            write_atomically(path, RENDERERS[fmt_name](result, outcome, policy))
        except OSError as exc:
            click.echo(f"gatekeeper: error: cannot write {fmt_name} report to {path}: {exc.strerror or exc}", err=True)
            exit_code = EXIT_ERROR

    if fmt in ("json", "github"):
        click.echo(RENDERERS[fmt](result, outcome, policy), nl=False)
    else:
        console.write(Console(highlight=False, soft_wrap=True), result, outcome, policy, quiet=quiet)
    if outcome.exit_code == EXIT_ERROR:
        # One line on stderr that a pipeline log shows even when stdout is a report.
        click.echo(f"gatekeeper: error: {console.clean(outcome.reasons[0])}", err=True)
    sys.exit(exit_code)


@cli.group()
def advisories() -> None:
    """The advisory database the dependency scan matches against, offline."""


@advisories.command("update")
@click.option("--url", default=advisory_update.DEFAULT_URL, show_default=True,
              help="The OSV PyPI export (all.zip) to download; a file:// URL reads a local mirror.")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Directory to keep it in. Default: the user cache, where scans look for it.")
@click.option("--skip-invalid-advisories", is_flag=True, help="Accept an export with corrupt records (skipped).")
@click.option("--timeout", type=click.FloatRange(min=1), default=300, show_default=True, help="Seconds for the download.")
def advisories_update(url: str, dest: Path | None, skip_invalid_advisories: bool, timeout: float) -> None:
    """Download the OSV PyPI advisories for offline scans (verified, replaced atomically)."""
    installed = advisory_update.update(url, dest or advisory_cache.database_dir(), timeout=timeout,
                                       skip_invalid=skip_invalid_advisories)
    click.echo(f"advisories: {installed.records} records dated {installed.date[:10]}, "
               f"sha256:{installed.sha256[:12]}, in {installed.directory}")


def _parse_outputs(outputs: Sequence[str]) -> list[tuple[str, Path]]:
    parsed = []
    for spec in outputs:
        name, sep, path = spec.partition("=")
        if not sep or not path:
            raise click.BadParameter(f"'{spec}' is not FORMAT=FILE", param_hint="--output")
        if name not in RENDERERS:
            raise click.BadParameter(f"unknown format '{name}' (known: {', '.join(RENDERERS)})", param_hint="--output")
        parsed.append((name, Path(path)))
    return parsed


def write_atomically(path: Path, content: str) -> None:
    """Readers (and a killed run) see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: every failure is one line on stderr and exit 2, never a traceback."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="gatekeeper", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_ERROR)
    except click.exceptions.Abort:
        click.echo("gatekeeper: error: aborted", err=True)
        sys.exit(EXIT_ERROR)
    except GatekeeperError as exc:
        click.echo(f"gatekeeper: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        click.echo("gatekeeper: error: interrupted", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # the last line of defence for the exit-code contract
        if os.environ.get("GATEKEEPER_DEBUG"):
            raise
        click.echo(f"gatekeeper: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(0)
