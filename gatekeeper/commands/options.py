"""Options several subcommands share: --config, --scanner (its names from the registry), --output,
--format; and what scan and merge do alike with a result: write the reports, print, exit."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

import click
from click.shell_completion import CompletionItem
from rich.console import Console

from gatekeeper import config as config_module
from gatekeeper.atomic import write_atomically
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Severity
from gatekeeper.gate import EXIT_ERROR, Verdict
from gatekeeper.reports import FORMATS, console, renderer
from gatekeeper.reports import files as report_files
from gatekeeper.result import ScanResult
from gatekeeper.settings.policy import Policy

F = TypeVar("F", bound=Callable[..., Any])

SEVERITIES = [s.label for s in sorted(Severity, reverse=True)]


class ScannerOption(click.Option):
    """`--scanner`: its help names, and completion offers, the registered scanners. Derived when
    shown, not when this module loads, so it is always the registry's list. An unknown name is the
    engine's error (`unknown scanner 'x' (known: ...)`), as it is for a name from the config."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        template = self.help or ""
        self.help = template.replace("{names}", ", ".join(config_module.scanner_names()))
        try:
            return super().get_help_record(ctx)
        finally:
            self.help = template

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        return [CompletionItem(name) for name in config_module.scanner_names() if name.startswith(incomplete)]


def config_option(function: F) -> F:
    return click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        metavar="FILE",
        help=f"The policy file. Default: {config_module.CONFIG_FILE} at the scan root, else pyproject.toml [tool.gatekeeper].",
    )(function)


def outputs_option(text: str) -> Callable[[F], F]:
    """`--output/-o FORMAT=FILE`, repeatable: `text` says what is written, the formats follow."""
    return click.option(
        "--output",
        "-o",
        "outputs",
        multiple=True,
        metavar="FORMAT=FILE",
        help=f"{text} Formats: {', '.join(FORMATS)}.",
    )


def stdout_option(function: F) -> F:
    """`--format` of a command that gates: the console report, or JSON or GitHub annotations."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["console", "json", "github"]),
        default="console",
        show_default=True,
        help="What to print on standard output.",
    )(function)


def parse_outputs(outputs: Sequence[str]) -> list[tuple[str, Path]]:
    parsed = []
    for spec in outputs:
        name, sep, path = spec.partition("=")
        if not sep or not path:
            raise click.BadParameter(f"'{spec}' is not FORMAT=FILE", param_hint="--output")
        if name not in FORMATS:
            raise click.BadParameter(f"unknown format '{name}' (known: {', '.join(FORMATS)})", param_hint="--output")
        parsed.append((name, Path(path)))
    _one_report_per_file(parsed)
    return parsed


def write_reports(targets: Sequence[tuple[str, Path]], result: ScanResult, verdict: Verdict, policy: Policy) -> bool:
    """Each `-o FORMAT=FILE` report, with the files it links beside it (html-external's stylesheet),
    written atomically; one error line per report that could not be. True when all were written."""
    written = True
    for name, path in targets:
        try:
            for target, content in report_files(name, path, result, verdict, policy):
                write_atomically(target, content)
        except OSError as exc:
            click.echo(f"gatekeeper: error: cannot write {name} report to {path}: {exc.strerror or exc}", err=True)
            written = False
    return written


def publish(
    targets: Sequence[tuple[str, Path]], result: ScanResult, verdict: Verdict, policy: Policy, fmt: str, quiet: bool
) -> int:
    """The `-o` reports written and `fmt` printed on stdout; the exit code: the verdict's, or 2 when a
    report could not be written."""
    exit_code = verdict.exit_code if write_reports(targets, result, verdict, policy) else EXIT_ERROR
    if fmt in ("json", "github"):
        click.echo(renderer(fmt)(result, verdict, policy), nl=False)
    else:
        console.write(Console(highlight=False, soft_wrap=True), result, verdict, policy, quiet=quiet)
    return exit_code


def say_error(verdict: Verdict) -> None:
    """An incomplete scan's reason as one line on stderr, which a pipeline log shows even when
    stdout is a report."""
    if verdict.exit_code == EXIT_ERROR:
        click.echo(f"gatekeeper: error: {console.clean(verdict.reasons[0])}", err=True)


def _one_report_per_file(targets: Sequence[tuple[str, Path]]) -> None:
    """Two reports written to one file: the second would silently replace the first."""
    first: dict[Path, str] = {}
    for name, path in targets:
        try:
            key = path.resolve()  # `r.json`, `./r.json` and a link to it are one file
        except (OSError, RuntimeError):
            key = Path(os.path.abspath(path))
        if key in first:
            raise GatekeeperError(
                f"--output {first[key]} and {name}={path} write to the same file: give each report a file of its own"
            )
        first[key] = f"{name}={path}"
