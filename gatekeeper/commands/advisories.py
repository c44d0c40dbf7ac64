"""`gatekeeper advisories update`: the offline advisory database."""

from __future__ import annotations

from pathlib import Path

import click

from gatekeeper.advisories import cache as advisory_cache
from gatekeeper.advisories import update as advisory_update


@click.group()
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
