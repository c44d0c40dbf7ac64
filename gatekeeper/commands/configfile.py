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
def config_show(path: Path | None, config_file: Path | None, fmt: str) -> None:
    """Validate the configuration for a scan of PATH (default '.') and print the effective policy."""
    config = config_module.load((path or Path.cwd()).resolve(), config_file)
    if fmt == "json":
        data = {"source": config.display or None, "policy_digest": config.policy.digest, **config.to_dict()}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(config_module.dump(config), nl=False)
