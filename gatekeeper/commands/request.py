"""From the command line and the configuration file to the engine's ScanRequest."""

from __future__ import annotations

import dataclasses
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from gatekeeper import config as config_module
from gatekeeper import engine
from gatekeeper.cache import CACHE_ENV, cache_root
from gatekeeper.config import Policy
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Severity
from gatekeeper.policy import baseline as baselines
from gatekeeper.policy.baseline import Baseline
from gatekeeper.rulepack import UserPack


def cache_dir_of(flag: Path | None) -> Path:
    """The cache directory, refused at once when a file stands where it is or above it: otherwise
    every entry would fail to be written and the scan would silently run uncached."""
    directory = flag if flag is not None else cache_root()
    source = (
        "--cache-dir" if flag is not None else f"${CACHE_ENV}" if os.environ.get(CACHE_ENV) else "the cache directory"
    )
    for place in (directory, *directory.parents):
        if place.exists() or place.is_symlink():
            if not place.is_dir():
                blocker = "" if place == directory else f" ({place} is not a directory)"
                raise GatekeeperError(f"{source} {directory}: not a directory{blocker}")
            break
    return directory


def effective_policy(config: config_module.Config, fail_on: str | None, allow_partial: bool) -> Policy:
    """The file's policy with the command line's overrides, which the policy's source records."""
    policy = config.policy
    overrides = []
    bases = [layer.source for layer in policy.layers if layer.role == "base"]
    if bases and fail_on is not None and Severity.parse(fail_on) > policy.fail_on:
        raise GatekeeperError(
            f"--fail-on {fail_on.lower()} loosens the policy ({policy.source}: fail_on.severity "
            f"{policy.fail_on.label}): under an organisation policy the command line may only tighten it"
        )
    if bases and allow_partial and not policy.allow_partial:
        raise GatekeeperError(
            f"--allow-partial loosens the policy ({policy.source}: allow_partial false): "
            "under an organisation policy the command line may only tighten it"
        )
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


def build_request(
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
    imports: tuple[Path, ...] = (),
) -> engine.ScanRequest:
    options: dict[str, dict[str, object]] = {
        name: dict(config.scanner(name).options) for name in config_module.scanner_names()
    }
    # The dependency scanner reads its `dependencies:` settings from the same file.
    options["dependencies"].update(dependencies or {})
    if config.path is not None:
        options["dependencies"]["config"] = str(config.path)
    # SARIF files to import: the config's (relative to it), then --import's (relative to here).
    options["sarif"]["files"] = [
        {"path": str(p.resolve()), "given": str(p)} for p in (*config.import_paths(), *imports)
    ]
    if timeout is not None:
        # The command line overrides the file, for every scanner (as --fail-on does).
        for scanner_options in options.values():
            scanner_options.pop("timeout", None)
    return engine.ScanRequest(
        paths=paths,
        scanners=_with_imports(scanners or config.enabled_scanners(), imports),
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
        clock=clock(),
    )


def _with_imports(selected: tuple[str, ...] | None, imports: tuple[Path, ...]) -> tuple[str, ...] | None:
    """`--import` asks for the importer, whatever `--scanner` or the config select besides."""
    return (*selected, "sarif") if imports and selected is not None and "sarif" not in selected else selected


def clock() -> Callable[[], datetime]:
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


def load_baseline(config: config_module.Config, flag: Path | None) -> Baseline | None:
    if flag is not None:
        return baselines.load(flag, str(flag))
    path = config.baseline_path()
    if path is None:
        return None
    return baselines.load(path, config.baseline)
