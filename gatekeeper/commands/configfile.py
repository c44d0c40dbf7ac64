"""`gatekeeper init` and `gatekeeper config schema|show`: the policy file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from gatekeeper import config as config_module
from gatekeeper.atomic import write_atomically
from gatekeeper.commands.options import config_option
from gatekeeper.errors import GatekeeperError


@click.command()
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


@click.group("config")
def config_group() -> None:
    """The policy file: show what is in force."""


@config_group.command("schema")
def config_schema() -> None:
    """Print the policy file's JSON Schema, every registered scanner's options included (for editors)."""
    click.echo(json.dumps(config_module.schema(), indent=2, ensure_ascii=False))


@config_group.command("show")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@config_option
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("--origins", is_flag=True, help="Print where each value came from (file:line of its layer) instead.")
def config_show(path: Path | None, config_file: Path | None, fmt: str, origins: bool) -> None:
    """Validate the configuration for a scan of PATH (default '.') and print the effective policy."""
    config = config_module.load((path or Path.cwd()).resolve(), config_file)
    layers = [layer.to_dict() for layer in config.policy.layers]
    if origins:
        if fmt == "json":
            click.echo(json.dumps({"layers": layers, "origins": dict(config.origins)}, indent=2, ensure_ascii=False))
            return
        for layer in config.policy.layers:
            click.echo(f"# layer ({layer.role}): {layer.source} {layer.digest}")
        width = max((len(key) for key, _ in config.origins), default=0)
        for key, where in config.origins:
            click.echo(f"{key.ljust(width)}  {where}")
        click.echo("# every other value: gatekeeper's default")
    elif fmt == "json":
        data = {
            "source": config.display or None,
            "policy_digest": config.policy.digest,
            "layers": layers,
            **config.to_dict(),
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(config_module.dump(config), nl=False)


@config_group.command("fetch")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@config_option
def config_fetch(path: Path | None, config_file: Path | None) -> None:
    """Download the base policies the configuration extends by URL (each checked against its
    sha256 pin) into the cache, where scans read them: a scan never fetches its policy."""
    root = (path or Path.cwd()).resolve()
    found = config_module.find(root, config_file)
    if found is None:
        raise GatekeeperError(f"{root}: no configuration file: nothing extends a base policy")
    for ref, downloaded in config_module.fetch_bases(found, str(config_file) if config_file else found.name):
        click.echo(f"{'fetched' if downloaded else 'already fetched'}: {ref.source} (sha256 {ref.sha256})")
    config_module.load(root, config_file)  # the whole chain, now readable, validated as a scan will
    click.echo("the configuration and every base it extends are valid")
