"""Which advisory source a scan uses, in one place.

Order: `--advisories` (scanner option), then `GATEKEEPER_ADVISORIES`, then the config file's
`dependencies.advisories` (read with gatekeeper.config's loader; a relative path is relative to
the config file), then the cache `gatekeeper advisories update` filled. None of these is an error
that says how to get one; online services are used only when one of them says `online`.
`max_age_days`: the scanner option, then `GATEKEEPER_ADVISORIES_MAX_AGE`, then the config file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from gatekeeper import config as gatekeeper_config
from gatekeeper.advisories.cache import database_dir, legacy_pypi_dir
from gatekeeper.advisories.interface import AdvisoryError, AdvisorySource
from gatekeeper.advisories.local import METADATA_FILE, LocalOsvSource, check_age
from gatekeeper.cache import cache_root
from gatekeeper.config import UNLIMITED
from gatekeeper.errors import GatekeeperError

ADVISORIES_ENV = "GATEKEEPER_ADVISORIES"
MAX_AGE_ENV = "GATEKEEPER_ADVISORIES_MAX_AGE"
ONLINE = {"online": "osv", "online:osv": "osv", "online:pypi": "pypi"}


@dataclass(frozen=True)
class SourceOptions:
    advisories: str | None = None
    """A path, or `online` / `online:osv` / `online:pypi`."""
    max_age_days: int | None = None
    skip_invalid: bool = False
    cache_dir: Path | None = None
    """Overrides GATEKEEPER_CACHE_DIR / the user cache directory (tests, CI cache mounts)."""
    keep_index: bool = True
    """Reuse and keep the advisory index in the cache; False (`--no-cache`): built in memory."""
    timeout: float = 60.0
    osv_url: str | None = None
    """The OSV API endpoint for `online` (a test server)."""
    config: Path | None = None
    """The config file named with `--config`; None finds it at the scan root as the CLI does."""


def no_source_message(cache: Path) -> str:
    return (
        "no advisory database: run 'gatekeeper advisories update' once with internet access "
        f"(it fills {database_dir(cache)}; 'gatekeeper advisories import' for data carried in), or point --advisories or {ADVISORIES_ENV} at an OSV "
        "directory or zip, or pass --advisories online"
    )


def open_source(root: Path, options: SourceOptions) -> AdvisorySource:
    """The configured source, opened and checked for age; raises AdvisoryError (never falls back to a pass)."""
    try:
        configured = gatekeeper_config.load(root, options.config)
    except GatekeeperError as exc:
        raise AdvisoryError(str(exc)) from None
    settings = configured.dependencies
    cache = options.cache_dir or cache_root()
    choice: tuple[str, str, Path] | None = None  # (value, where it was set, what a relative path is relative to)
    if options.advisories:
        choice = (options.advisories, "--advisories", Path.cwd())
    elif os.environ.get(ADVISORIES_ENV):
        choice = (os.environ[ADVISORIES_ENV], ADVISORIES_ENV, Path.cwd())
    elif settings.advisories:
        choice = (settings.advisories, f"{configured.display} dependencies.advisories", configured.base)
    elif any(database_dir(cache).glob(f"*/{METADATA_FILE}")):
        choice = (str(database_dir(cache)), "the advisories cache", Path.cwd())
    elif (legacy_pypi_dir(cache) / METADATA_FILE).is_file():
        choice = (str(legacy_pypi_dir(cache)), "the advisories cache", Path.cwd())
    if choice is None:
        raise AdvisoryError(no_source_message(cache))
    value, origin, base = choice
    if value.strip().lower() in ONLINE:
        from gatekeeper.advisories.online import OnlineSource  # imports requests/pip-audit only when asked

        return OnlineSource(
            ONLINE[value.strip().lower()],
            cache_dir=cache / "pip-audit",
            timeout=options.timeout,
            osv_url=options.osv_url,
        )
    if value.strip().lower().startswith("online"):
        raise AdvisoryError(f"unknown advisory source '{value}' (from {origin}; online sources: {', '.join(ONLINE)})")
    path = base / Path(value).expanduser()
    if not path.exists():
        raise AdvisoryError(f"advisory database {value} (from {origin}) does not exist")
    max_age = _max_age(options, settings.max_age_days)
    source = LocalOsvSource(
        path,
        display=value,
        cache_dir=cache,
        skip_invalid=options.skip_invalid,
        keep_index=options.keep_index,
        max_age_days=max_age,
    )
    try:
        check_age(source.identity, max_age)
    except AdvisoryError as exc:
        source.close()
        exc.identity = source.identity
        raise
    return source


def _max_age(options: SourceOptions, configured: int | None) -> int | None:
    if options.max_age_days is not None:
        return options.max_age_days
    text = os.environ.get(MAX_AGE_ENV, "").strip()
    if text == UNLIMITED:
        return None
    if text:
        try:
            value = int(text)
        except ValueError:
            value = -1
        if value < 0:
            raise AdvisoryError(f"{MAX_AGE_ENV}='{text}' is not a whole number of days (or '{UNLIMITED}')")
        return value
    return configured
