"""The `gatekeeper` command: parses flags, calls the engine, picks reporters, sets the exit code."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sys
from contextlib import nullcontext
from pathlib import Path
from datetime import datetime, timezone
from typing import Callable, Sequence

import click
from click.shell_completion import CompletionItem
from rich.console import Console

from gatekeeper import __version__, compliance, engine
from gatekeeper.advisories import cache as advisory_cache, update as advisory_update
from gatekeeper.atomic import write_atomically
from gatekeeper import config as config_module
from gatekeeper.config import Policy
from gatekeeper.cache import CACHE_ENV, cache_root
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Severity
from gatekeeper.gate import EXIT_ERROR, verdict
from gatekeeper.policy import baseline as baselines
from gatekeeper.policy.baseline import Baseline
from gatekeeper.policy.staged import staged_tree
from gatekeeper.policy.state import is_suppressed
from gatekeeper.reports import FORMATS, console, json_report, renderer
from gatekeeper.rulepack import RulePack, UserPack, default_rules_dir
from gatekeeper.scanners import build_scanners
from gatekeeper.scanners.base import ScannerFailure
from gatekeeper.targets import scan_root

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


class _ScannerOption(click.Option):
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


def _config_option(function):  # type: ignore[no-untyped-def]
    return click.option(
        "--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
        help=f"The policy file. Default: {config_module.CONFIG_FILE} at the scan root, else pyproject.toml [tool.gatekeeper].",
    )(function)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_config_option
@click.option("--fail-on", type=click.Choice(SEVERITIES, case_sensitive=False), default=None,
              help="Fail on findings at or above this severity. Default: the config's fail_on.severity, else high.")
@click.option("--format", "fmt", type=click.Choice(["console", "json", "github"]), default="console", show_default=True,
              help="What to print on standard output.")
@click.option("--output", "-o", "outputs", multiple=True, metavar="FORMAT=FILE",
              help=f"Also write a report to FILE (repeatable). Formats: {', '.join(FORMATS)}.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary and errors.")
@click.option("--scanner", "scanners", multiple=True, metavar="NAME", cls=_ScannerOption,
              help="Run only this scanner (repeatable): {names}. Default: those the config enables (all).")
@click.option("--timeout", type=click.FloatRange(min=1), default=None,
              help="Seconds each scanner may run before it is killed (the scan is then incomplete). "
                   "Default: the config's scanners.<name>.timeout, else 900.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Processes per scanner (default: CPU count).")
@click.option("--allow-partial", is_flag=True,
              help="Judge an incomplete scan by its findings instead of exiting 2.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE", help="Accept the findings recorded in FILE ('gatekeeper baseline create'): "
                                   "only new findings fail. Default: the config's baseline.")
@click.option("--diff-base", metavar="REF", default=None,
              help="Report only findings on lines changed since the merge-base of HEAD and REF (whole files are scanned).")
@click.option("--staged", is_flag=True,
              help="Scan the staged content of the staged files (a pre-commit check), with repository paths.")
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
@click.option("--go-stdlib", is_flag=True, default=None,
              help="Also audit the Go toolchain go.mod names (OSV's 'stdlib'): it is not in the tree, so only when asked.")
# Checked by _cache_dir, not by click: a file there is one `gatekeeper: error:` line, not a usage text.
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Reuse results for unchanged files from DIR. Default: $GATEKEEPER_CACHE_DIR, else the user cache directory.")
@click.option("--no-cache", is_flag=True, help="Scan every file afresh and store nothing (the advisory index included).")
def scan(
    paths: tuple[Path, ...],
    config_file: Path | None,
    fail_on: str | None,
    fmt: str,
    outputs: tuple[str, ...],
    quiet: bool,
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
    cache_dir: Path | None,
    no_cache: bool,
) -> None:
    """Scan PATH (a directory, default '.') or the FILES given, and gate on the findings."""
    targets = _parse_outputs(outputs)
    if staged and diff_base:
        raise click.UsageError("--staged and --diff-base cannot be combined: --staged scans the staged files whole")
    with (staged_tree(Path.cwd(), paths) if staged else nullcontext()) as tree:
        config = config_module.load(tree.repo if tree else scan_root(paths), config_file)
        policy = _effective_policy(config, fail_on, allow_partial)
        request = _request(
            config, policy, paths, scanners, timeout, jobs,
            dependencies={
                "advisories": advisories,
                "max_age_days": advisories_max_age,
                "skip_invalid_advisories": skip_invalid_advisories,
                "requirements": tuple(str(p) for p in requirements),
                # --no-cache reuses nothing, the advisory index included.
                "keep_index": not no_cache,
                **({"go_stdlib": True} if go_stdlib else {}),  # else the config's scanners.dependencies.go_stdlib
            },
            baseline=_baseline(config, baseline_file),
            diff_base=diff_base,
            cache_dir=None if no_cache else _cache_dir(cache_dir),
        )
        request = dataclasses.replace(request, outputs=tuple(path for _, path in targets), staged=tree)
        if tree is not None:
            label = "staged changes" + (f" in {' '.join(p.as_posix() for p in paths)}" if paths else "")
            request = dataclasses.replace(request, target_label=label)
        err = Console(stderr=True)
        status = err.status("scanning…") if err.is_terminal and not quiet else nullcontext()
        with status as spinner:
            result = engine.run(request, progress=(lambda m: spinner.update(m)) if spinner else None)
    outcome = verdict(result, policy)

    exit_code = outcome.exit_code
    for fmt_name, path in targets:
        try:
            write_atomically(path, renderer(fmt_name)(result, outcome, policy))
        except OSError as exc:
            click.echo(f"gatekeeper: error: cannot write {fmt_name} report to {path}: {exc.strerror or exc}", err=True)
            exit_code = EXIT_ERROR

    if fmt in ("json", "github"):
        click.echo(renderer(fmt)(result, outcome, policy), nl=False)
    else:
        console.write(Console(highlight=False, soft_wrap=True), result, outcome, policy, quiet=quiet)
    if outcome.exit_code == EXIT_ERROR:
        # One line on stderr that a pipeline log shows even when stdout is a report.
        click.echo(f"gatekeeper: error: {console.clean(outcome.reasons[0])}", err=True)
    sys.exit(exit_code)


def _cache_dir(flag: Path | None) -> Path:
    """The cache directory, refused at once when a file stands where it is or above it: otherwise
    every entry would fail to be written and the scan would silently run uncached."""
    directory = flag if flag is not None else cache_root()
    source = "--cache-dir" if flag is not None else f"${CACHE_ENV}" if os.environ.get(CACHE_ENV) else "the cache directory"
    for place in (directory, *directory.parents):
        if place.exists() or place.is_symlink():
            if not place.is_dir():
                blocker = "" if place == directory else f" ({place} is not a directory)"
                raise GatekeeperError(f"{source} {directory}: not a directory{blocker}")
            break
    return directory


def _effective_policy(config: config_module.Config, fail_on: str | None, allow_partial: bool) -> Policy:
    """The file's policy with the command line's overrides, which the policy's source records."""
    policy = config.policy
    overrides = []
    if fail_on is not None and Severity.parse(fail_on) != policy.fail_on:
        policy = dataclasses.replace(policy, fail_on=Severity.parse(fail_on))
        overrides.append(f"--fail-on {fail_on.lower()}")
    if allow_partial and not policy.allow_partial:
        policy = dataclasses.replace(policy, allow_partial=True)
        overrides.append("--allow-partial")
    if overrides:
        source = policy.source or "built-in defaults"
        policy = dataclasses.replace(policy, source=f"{source} with {' '.join(overrides)}")
    return policy


def _request(
    config: config_module.Config,
    policy: Policy,
    paths: tuple[Path, ...],
    scanners: tuple[str, ...],
    timeout: float | None,
    jobs: int | None,
    *,
    dependencies: dict[str, object] | None = None,
    baseline: Baseline | None = None,
    diff_base: str | None = None,
    cache_dir: Path | None = None,
) -> engine.ScanRequest:
    options: dict[str, dict[str, object]] = {name: dict(config.scanner(name).options) for name in config_module.scanner_names()}
    # The dependency scanner reads its `dependencies:` settings from the same file.
    options["dependencies"].update(dependencies or {})
    if config.path is not None:
        options["dependencies"]["config"] = str(config.path)
    if timeout is not None:
        # The command line overrides the file, for every scanner (as --fail-on does).
        for scanner_options in options.values():
            scanner_options.pop("timeout", None)
    return engine.ScanRequest(
        paths=paths,
        scanners=scanners or config.enabled_scanners(),
        timeout=timeout if timeout is not None else engine.DEFAULT_TIMEOUT,
        jobs=jobs or (os.cpu_count() or 1),
        scanner_options=options,
        path_rules=config.paths,
        disabled_rules=frozenset(config.disabled_rules),
        rule_packs=tuple(UserPack(pack, config.rule_pack_dir(pack)) for pack in config.rule_packs),
        policy=policy,
        baseline=baseline,
        diff_base=diff_base,
        cache_dir=cache_dir,
        frameworks=config.framework_paths(),
        clock=_clock(),
    )


def _clock() -> Callable[[], datetime]:
    """The scan's time: now, or SOURCE_DATE_EPOCH (the reproducible-builds convention) when set, so
    two runs over the same tree write the same bytes."""
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return lambda: datetime.now(timezone.utc)
    try:
        fixed = datetime.fromtimestamp(int(text), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise GatekeeperError(f"SOURCE_DATE_EPOCH='{text}' is not a number of seconds since 1970-01-01 UTC") from None
    return lambda: fixed


def _baseline(config: config_module.Config, flag: Path | None) -> Baseline | None:
    if flag is not None:
        return baselines.load(flag, str(flag))
    path = config.baseline_path()
    if path is None:
        return None
    return baselines.load(path, config.baseline)


@cli.command()
@click.argument("path", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path: Path | None, force: bool) -> None:
    """Write a commented starter .gatekeeper.yml to PATH (default '.')."""
    directory = path or Path.cwd()
    if not directory.is_dir():
        raise GatekeeperError(f"{directory}: not a directory")
    target = directory / config_module.CONFIG_FILE
    if target.exists() and not force:
        raise GatekeeperError(f"{target} already exists (use --force to overwrite it)")
    pyproject = directory / config_module.PYPROJECT
    if pyproject.is_file() and config_module.find(directory) == pyproject:
        raise GatekeeperError(f"{pyproject} already configures gatekeeper in [tool.gatekeeper]: keep one")
    write_atomically(target, config_module.starter())
    click.echo(f"wrote {target}: review it, then 'gatekeeper config show' prints the effective policy")


@cli.group("config")
def config_group() -> None:
    """The policy file: show what is in force."""


@config_group.command("schema")
def config_schema() -> None:
    """Print the policy file's JSON Schema, every registered scanner's options included (for editors)."""
    click.echo(json.dumps(config_module.schema(), indent=2, ensure_ascii=False))


@config_group.command("show")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@_config_option
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
def config_show(path: Path | None, config_file: Path | None, fmt: str) -> None:
    """Validate the configuration for a scan of PATH (default '.') and print the effective policy."""
    config = config_module.load((path or Path.cwd()).resolve(), config_file)
    if fmt == "json":
        data = {"source": config.display or None, "policy_digest": config.policy.digest, **config.to_dict()}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(config_module.dump(config), nl=False)


@cli.group("baseline")
def baseline_group() -> None:
    """Accept today's findings so that only new ones fail (rolling the gate out on an old codebase)."""


@baseline_group.command("create")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"Where to write it. Default: the config's baseline, else PATH/{baselines.DEFAULT_FILE}.")
@_config_option
@click.option("--scanner", "scanners", multiple=True, metavar="NAME", cls=_ScannerOption,
              help="Run only this scanner (repeatable): {names}.")
@click.option("--timeout", type=click.FloatRange(min=1), default=None,
              help="Seconds each scanner may run before it is killed. Default: the config's, else 900.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Processes per scanner (default: CPU count).")
def baseline_create(
    path: Path | None, output: Path | None, config_file: Path | None, scanners: tuple[str, ...], timeout: float | None,
    jobs: int | None,
) -> None:
    """Scan PATH (default '.') and record its findings in a baseline file.

    Findings that an active waiver or an inline suppression already accepts are not recorded, so
    they fail again when the waiver ends. An incomplete scan writes nothing and exits 2."""
    root = (path or Path.cwd()).resolve()
    config = config_module.load(root, config_file)
    paths = (path,) if path is not None else ()
    request = _request(config, config.policy, paths, scanners, timeout, jobs)
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


@cli.group()
def advisories() -> None:
    """The advisory database the dependency scan matches against, offline."""


@advisories.command("update")
@click.option("--url", default=advisory_update.OSV_EXPORTS, show_default=True,
              help="OSV's exports, or a mirror in their layout ({url}/{Ecosystem}/all.zip); a URL ending in "
                   ".zip is one export; file:// reads a local copy.")
@click.option("--ecosystem", "ecosystems", default=None, metavar="LIST",
              help=f"Comma-separated ecosystems to fetch (default: {','.join(advisory_update.ECOSYSTEMS)}; for a .zip "
                   "URL, the one its records name).")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The store to keep them in (one directory per ecosystem). Default: the user cache, where scans look.")
@click.option("--skip-invalid-advisories", is_flag=True, help="Accept an export with corrupt records (skipped).")
@click.option("--timeout", type=click.FloatRange(min=1), default=300, show_default=True, help="Seconds for each download.")
def advisories_update(url: str, ecosystems: str | None, dest: Path | None, skip_invalid_advisories: bool,
                      timeout: float) -> None:
    """Download OSV advisories for offline scans (each ecosystem verified, then all replaced atomically)."""
    wanted = _ecosystems(ecosystems) if ecosystems else advisory_update.ECOSYSTEMS
    installed = advisory_update.update_store(url, dest or advisory_cache.database_dir(), wanted,
                                             timeout=timeout, skip_invalid=skip_invalid_advisories)
    for item in installed:
        click.echo(f"advisories: {item.ecosystem}: {item.records} records dated {item.date[:10]}, "
                   f"sha256:{item.sha256[:12]}, in {item.directory}")


@advisories.command("import")
@click.argument("source", metavar="FILE.zip|DIR", type=click.Path(exists=True, path_type=Path))
@click.option("--ecosystem", default=None, metavar="NAME", help="The ecosystem to install it as (when its records name several).")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The store to keep it in. Default: the user cache, where scans look.")
@click.option("--skip-invalid-advisories", is_flag=True, help="Accept data with corrupt records (skipped).")
def advisories_import(source: Path, ecosystem: str | None, dest: Path | None, skip_invalid_advisories: bool) -> None:
    """Install OSV advisories carried in by hand (an ecosystem's all.zip, or a directory of records)."""
    wanted = _ecosystems(ecosystem)[0] if ecosystem else None
    item = advisory_update.import_data(source, dest or advisory_cache.database_dir(), wanted,
                                       skip_invalid=skip_invalid_advisories)
    click.echo(f"advisories: {item.ecosystem}: {item.records} records dated {item.date[:10]}, "
               f"sha256:{item.sha256[:12]}, in {item.directory}")


def _ecosystems(text: str) -> tuple[str, ...]:
    known = {name.lower(): name for name in advisory_update.ECOSYSTEMS}
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name.lower() not in known]
    if unknown or not names:
        raise GatekeeperError(f"--ecosystem: unknown ecosystem '{', '.join(unknown)}' "
                              f"(known: {', '.join(advisory_update.ECOSYSTEMS)})")
    return tuple(dict.fromkeys(known[name.lower()] for name in names))


@cli.command()
@click.argument("result_file", metavar="RESULT.json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", "-o", "outputs", multiple=True, metavar="FORMAT=FILE",
              help=f"Write a report to FILE (repeatable). Formats: {', '.join(FORMATS)}.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="Also print this format on standard output.")
def report(result_file: Path, outputs: tuple[str, ...], fmt: str | None) -> None:
    """Render reports from a saved JSON result (`scan --output json=FILE`): scan once, publish many.

    Exits 0 when every report was written, 2 otherwise; the scan's own verdict is in the reports.
    """
    targets = _parse_outputs(outputs)
    if not targets and not fmt:
        raise click.UsageError("nothing to render: give --output FORMAT=FILE or --format FORMAT")
    try:
        text = result_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GatekeeperError(f"cannot read {result_file}: {getattr(exc, 'strerror', None) or exc}") from None
    result, outcome, policy = json_report.load(text, source=str(result_file))
    exit_code = 0
    for fmt_name, path in targets:
        try:
            write_atomically(path, renderer(fmt_name)(result, outcome, policy))
        except OSError as exc:
            click.echo(f"gatekeeper: error: cannot write {fmt_name} report to {path}: {exc.strerror or exc}", err=True)
            exit_code = EXIT_ERROR
    if fmt:
        click.echo(renderer(fmt)(result, outcome, policy), nl=False)
    sys.exit(exit_code)


@cli.command()
@click.option("--framework", default=None, metavar="ID",
              help="Only this framework, by its catalog's id (default: all; the ids are listed first in each heading "
                   "of the JSON output).")
@click.option("--automated", is_flag=True, help="Only the controls automation can evidence.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_config_option
def controls(framework: str | None, automated: bool, fmt: str, config_file: Path | None) -> None:
    """List the control catalogs and what automation covers: per control, whether a scan can evidence
    it (full, partial, none), which evidence sources can show it passing, and what maps to it.
    The configuration's `compliance.frameworks` are listed too."""
    config = config_module.load(Path.cwd(), config_file)
    bundle = compliance.load(None, config.framework_paths())
    # The choices are the catalogs' own ids: a framework added as data is listed without code.
    known = [f.id for f in bundle.catalogs]
    if framework is not None and framework not in known:
        raise click.BadParameter(f"unknown framework '{framework}' (known: {', '.join(known)})", param_hint="--framework")
    frameworks = [f for f in bundle.catalogs if framework in (None, f.id)]
    mapped: dict[str, list[str]] = {}
    for category in bundle.mapping.categories:
        for ref in category.controls:
            mapped.setdefault(ref, []).append(category.id)
    if fmt == "json":
        data = [
            {
                "framework": f.id, "name": f.name, "version": f.version,
                "controls": [
                    {"id": c.id, "ref": c.ref, "title": c.title, "group": c.group, "automation": c.automation,
                     "evidence": list(c.evidence), "categories": mapped.get(c.ref, []), "scope": c.scope}
                    for c in f.controls if c.automated or not automated
                ],
            }
            for f in frameworks
        ]
        click.echo(json.dumps(data, indent=2))
        return
    for index, fw in enumerate(frameworks):
        shown = [c for c in fw.controls if c.automated or not automated]
        full = sum(1 for c in fw.controls if c.automation == "full")
        partial = sum(1 for c in fw.controls if c.automation == "partial")
        if index:
            click.echo("")
        click.echo(f"{fw.label} ({fw.publisher}): {len(fw.controls)} controls; automation evidences "
                   f"{full + partial} ({full} fully, {partial} partially), {len(fw.controls) - full - partial} need manual evidence")
        click.echo(f"  {'ID':<10} {'AUTOMATION':<10} {'PASSES ON':<22} {'FAILS ON':<34} CONTROL")
        for c in shown:
            evidence = ", ".join(c.evidence) or ("-" if c.automated else "")
            categories = ", ".join(mapped.get(c.ref, []))
            if len(categories) > 34:
                categories = categories[:31] + "..."
            click.echo(f"  {c.id:<10} {c.automation:<10} {evidence:<22} {categories:<34} {c.title}")
    click.echo("\nPASSES ON: evidence sources whose complete, clean run shows the control passing. "
               "FAILS ON: finding categories mapped to it (rules/compliance/mapping.yaml, <framework>.mapping.yaml).")


def _parse_outputs(outputs: Sequence[str]) -> list[tuple[str, Path]]:
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
        click.echo(f"gatekeeper: error: {'terminated (SIGTERM)' if isinstance(exc, Terminated) else 'interrupted'}", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # the last line of defence for the exit-code contract
        if os.environ.get("GATEKEEPER_DEBUG"):
            raise
        click.echo(f"gatekeeper: internal error: {type(exc).__name__}: {console.clean(str(exc))}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(0)
