"""`gatekeeper scan`: scan, judge, report, exit 0 / 1 / 2."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from gatekeeper import api, autofix
from gatekeeper.commands import progress as progress_display
from gatekeeper.commands.events import events_option
from gatekeeper.commands.options import (
    SEVERITIES,
    ScannerOption,
    config_option,
    outputs_option,
    parse_outputs,
    publish,
    say_error,
    stdout_option,
)
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Finding
from gatekeeper.gate import EXIT_ERROR
from gatekeeper.reports import sanitise
from gatekeeper.targets import scan_root


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_option
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES, case_sensitive=False),
    default=None,
    help="Fail on findings at or above this severity. Default: the config's fail_on.severity, else high.",
)
@stdout_option
@outputs_option("Also write a report to FILE (repeatable).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary and errors.")
@click.option(
    "--progress",
    "progress_mode",
    type=click.Choice(progress_display.MODES),
    default="auto",
    show_default=True,
    help="Progress on stderr: rich (a live table of the scanners), plain (a line per scanner start and "
    "finish), off. auto: rich on a terminal, plain when the console report goes to a log, else off.",
)
@click.option(
    "--scanner",
    "scanners",
    multiple=True,
    metavar="NAME",
    cls=ScannerOption,
    help="Run only this scanner (repeatable): {names}. Default: those the config enables (all).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=None,
    help="Seconds each scanner may run before it is killed (the scan is then incomplete). "
    "Default: the config's scanners.<name>.timeout, else 900.",
)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, help="Processes per scanner (default: CPU count)."
)
@click.option("--allow-partial", is_flag=True, help="Judge an incomplete scan by its findings instead of exiting 2.")
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Accept the findings recorded in FILE ('gatekeeper baseline create'): "
    "only new findings fail. Default: the config's baseline.",
)
@click.option(
    "--diff-base",
    metavar="REF",
    default=None,
    help="Report only findings on lines changed since the merge-base of HEAD and REF (whole files are scanned).",
)
@click.option(
    "--staged",
    is_flag=True,
    help="Scan the staged content of the staged files (a pre-commit check), with repository paths.",
)
@click.option(
    "--advisories",
    metavar="PATH|online",
    help="Advisory data for the dependency scan: an OSV directory or zip, or 'online' (OSV API; "
    "'online:pypi' for PyPI). Default: $GATEKEEPER_ADVISORIES, then .gatekeeper.yml, "
    "then what 'gatekeeper advisories update' downloaded.",
)
@click.option(
    "--advisories-max-age",
    type=click.IntRange(min=0),
    default=None,
    metavar="DAYS",
    help="Exit 2 when the advisory data is older than DAYS.",
)
@click.option(
    "--skip-invalid-advisories",
    is_flag=True,
    help="Skip corrupt advisory records (with a warning in the report) instead of exiting 2.",
)
@click.option(
    "--requirements",
    "requirements",
    multiple=True,
    metavar="FILE",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Also audit this requirements, manifest or lock file, or `mvn dependency:tree` / "
    "`gradle dependencies` output (recognised by content; repeatable).",
)
@click.option(
    "--go-stdlib",
    is_flag=True,
    default=None,
    help="Also audit the Go toolchain go.mod names (OSV's 'stdlib'): it is not in the tree, so only when asked.",
)
# Not checked by click: a missing or bad file is the importer's one-line error, like any lost coverage.
@click.option(
    "--import",
    "imports",
    multiple=True,
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="Import the results of another tool's SARIF 2.1.0 file (repeatable; with the config's imports:).",
)
# Checked by _cache_dir, not by click: a file there is one `gatekeeper: error:` line, not a usage text.
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    default=None,
    metavar="DIR",
    help="Reuse results for unchanged files from DIR. Default: $GATEKEEPER_CACHE_DIR, else the user cache directory.",
)
@click.option(
    "--shard",
    metavar="K/N",
    default=None,
    help="Scan only the K-th of N parts of the tree (whole modules and manifests stay together); "
    "'gatekeeper merge' joins the N JSON results into one verdict.",
)
@click.option(
    "--no-cache", is_flag=True, help="Scan every file afresh and store nothing (the advisory index included)."
)
@events_option
@click.option(
    "--fix",
    is_flag=True,
    help="Apply the mechanical fixes of the rules that have one (`gatekeeper explain RULE` shows them) to "
    "the open findings: each file's diff is printed on stderr and the file rewritten atomically. The "
    "verdict is the scan's, before the fixes: scan again to confirm. Not with --staged.",
)
def scan(
    paths: tuple[Path, ...],
    config_file: Path | None,
    fail_on: str | None,
    fmt: str,
    outputs: tuple[str, ...],
    quiet: bool,
    progress_mode: str,
    scanners: tuple[str, ...],
    timeout: float | None,
    jobs: int | None,
    allow_partial: bool,
    baseline_file: Path | None,
    diff_base: str | None,
    staged: bool,
    advisories: str | None,
    advisories_max_age: int | None,
    skip_invalid_advisories: bool,
    requirements: tuple[Path, ...],
    go_stdlib: bool | None,
    imports: tuple[Path, ...],
    cache_dir: Path | None,
    no_cache: bool,
    events: tuple[str, ...],
    shard: str | None,
    fix: bool,
) -> None:
    """Scan PATH (a directory, default '.') or the FILES given, and gate on the findings."""
    targets = parse_outputs(outputs)
    if staged and diff_base:
        raise click.UsageError("--staged and --diff-base cannot be combined: --staged scans the staged files whole")
    if staged and fix:
        # The staged content is a copy: fixing it would change neither the index nor the working tree.
        raise GatekeeperError("--fix cannot be used with --staged: fix the working tree, then stage the changes")
    err = Console(stderr=True)
    mode = progress_display.choose(progress_mode, err.is_terminal, fmt == "console", quiet)
    # The CLI is the Python API's first user (gatekeeper/api.py): the same scan, judged alike.
    with progress_display.display(mode, err) as watcher:
        scanned = api.scan(
            paths,
            config_file=config_file,
            scanners=scanners,
            fail_on=fail_on,
            allow_partial=allow_partial,
            timeout=timeout,
            jobs=jobs,
            baseline=baseline_file,
            diff_base=diff_base,
            staged=staged,
            advisories=advisories,
            advisories_max_age=advisories_max_age,
            skip_invalid_advisories=skip_invalid_advisories,
            requirements=requirements,
            go_stdlib=bool(go_stdlib),
            imports=imports,
            cache_dir=cache_dir,
            use_cache=not no_cache,
            reports=[path for _, path in targets],
            shard=shard,
            events=events,
            progress=watcher,
        )
    result, outcome, policy = scanned.report, scanned.verdict, scanned.policy

    exit_code = publish(targets, result, outcome, policy, fmt, quiet)
    if fix:
        exit_code = _fix(scan_root(paths), result.findings, exit_code)
    say_error(outcome)
    # Delivery never changes the verdict, unless the policy requires the events (events.required).
    for line in scanned.undelivered:
        click.echo(f"gatekeeper: {'error' if scanned.events_required else 'warning'}: {line}", err=True)
    sys.exit(EXIT_ERROR if scanned.exit_code == EXIT_ERROR else exit_code)


def _fix(root: Path, findings: tuple[Finding, ...], exit_code: int) -> int:
    """Apply the fixes, show each file's diff on stderr; a file that cannot be written is exit 2."""
    fixes = autofix.plan(root, findings)
    for change in fixes:
        click.echo(sanitise.lines(change.diff), err=True, nl=False)
        try:
            autofix.write(root, [change])
        except OSError as exc:
            click.echo(f"gatekeeper: error: cannot write the fix to {change.path}: {exc.strerror or exc}", err=True)
            exit_code = EXIT_ERROR
    edits = sum(len(e) for e in autofix.edits_of(findings).values())
    click.echo(
        f"gatekeeper: fixed {len(fixes)} file(s) ({edits} finding(s) with a fix); scan again to confirm", err=True
    )
    return exit_code
