"""`gatekeeper advisories update|import`: the offline advisory store, one directory per ecosystem."""

from __future__ import annotations

from pathlib import Path

import click

from gatekeeper.advisories import cache as advisory_cache
from gatekeeper.advisories import update as advisory_update
from gatekeeper.errors import GatekeeperError


@click.group()
def advisories() -> None:
    """The advisory database the dependency scan matches against, offline."""


@advisories.command("update")
@click.option(
    "--url",
    default=advisory_update.OSV_EXPORTS,
    show_default=True,
    help="OSV's exports, or a mirror in their layout ({url}/{Ecosystem}/all.zip); a URL ending in "
    ".zip is one export; file:// reads a local copy.",
)
@click.option(
    "--ecosystem",
    "ecosystems",
    default=None,
    metavar="LIST",
    help=f"Comma-separated ecosystems to fetch (default: {','.join(advisory_update.ECOSYSTEMS)}; for a .zip "
    "URL, the one its records name).",
)
@click.option(
    "--dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The store to keep them in (one directory per ecosystem). Default: the user cache, where scans look.",
)
@click.option("--skip-invalid-advisories", is_flag=True, help="Accept an export with corrupt records (skipped).")
@click.option(
    "--timeout", type=click.FloatRange(min=1), default=300, show_default=True, help="Seconds for each download."
)
def advisories_update(
    url: str, ecosystems: str | None, dest: Path | None, skip_invalid_advisories: bool, timeout: float
) -> None:
    """Download OSV advisories for offline scans (each ecosystem verified, then all replaced atomically)."""
    wanted = _ecosystems(ecosystems) if ecosystems else advisory_update.ECOSYSTEMS
    installed = advisory_update.update_store(
        url, dest or advisory_cache.database_dir(), wanted, timeout=timeout, skip_invalid=skip_invalid_advisories
    )
    for item in installed:
        click.echo(
            f"advisories: {item.ecosystem}: {item.records} records dated {item.date[:10]}, "
            f"sha256:{item.sha256[:12]}, in {item.directory}"
        )


@advisories.command("import")
@click.argument("source", metavar="FILE.zip|DIR", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--ecosystem", default=None, metavar="NAME", help="The ecosystem to install it as (when its records name several)."
)
@click.option(
    "--dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The store to keep it in. Default: the user cache, where scans look.",
)
@click.option("--skip-invalid-advisories", is_flag=True, help="Accept data with corrupt records (skipped).")
def advisories_import(source: Path, ecosystem: str | None, dest: Path | None, skip_invalid_advisories: bool) -> None:
    """Install OSV advisories carried in by hand (an ecosystem's all.zip, or a directory of records)."""
    wanted = _ecosystems(ecosystem)[0] if ecosystem else None
    item = advisory_update.import_data(
        source, dest or advisory_cache.database_dir(), wanted, skip_invalid=skip_invalid_advisories
    )
    click.echo(
        f"advisories: {item.ecosystem}: {item.records} records dated {item.date[:10]}, "
        f"sha256:{item.sha256[:12]}, in {item.directory}"
    )


def _ecosystems(text: str) -> tuple[str, ...]:
    known = {name.lower(): name for name in advisory_update.ECOSYSTEMS}
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name.lower() not in known]
    if unknown or not names:
        raise GatekeeperError(
            f"--ecosystem: unknown ecosystem '{', '.join(unknown)}' (known: {', '.join(advisory_update.ECOSYSTEMS)})"
        )
    return tuple(dict.fromkeys(known[name.lower()] for name in names))
