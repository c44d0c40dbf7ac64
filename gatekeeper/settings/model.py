"""The configuration file's model beyond the policy: which files, which scanners and their
options, the advisory data, rule packs and frameworks. Frozen dataclasses, like the policy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gatekeeper.events.destinations import Destination
from gatekeeper.settings.policy import Policy
from gatekeeper.testcode import DEFAULT_PATTERNS as DEFAULT_TEST_PATTERNS

if TYPE_CHECKING:
    from gatekeeper.scanners.registry import Registry


def scanner_names() -> tuple[str, ...]:
    """The scanners the file can configure: those registered (gatekeeper/scanners/registry.py)."""
    return registry().names()


def registry() -> Registry:
    # Imported here: the scanners import gatekeeper.config, and so this module (the dependency scanner
    # reads its advisory settings through it, gatekeeper/advisories/sources.py): a top-level import
    # would be a cycle.
    from gatekeeper.scanners import REGISTRY

    return REGISTRY


@dataclass(frozen=True)
class PathRules:
    """Which files a directory scan covers, beyond the built-in tool/vendor directory list."""

    include: tuple[str, ...] = ()
    """gitignore-style patterns; when given, only matching files are scanned."""
    exclude: tuple[str, ...] = ()
    gitignore: bool = True
    """Skip what .gitignore files ignore (tracked files are always scanned)."""
    max_file_bytes: int = 5_000_000
    """Larger files are left out (and listed with the reason): data dumps and bundles, not source."""
    tests: tuple[str, ...] = DEFAULT_TEST_PATTERNS
    """`paths.tests`: gitignore-style patterns of test code, where production-only rules' findings
    are not reported (gatekeeper/testcode.py); (): every finding reported."""


@dataclass(frozen=True)
class ScannerConfig:
    enabled: bool = True
    options: tuple[tuple[str, Any], ...] = ()


DEFAULT_ADVISORY_MAX_AGE_DAYS = 5
"""Older advisory data is an error unless the policy says otherwise: OSV's exports are rebuilt
daily, and grype, for one, refuses a database built more than 5 days (120 hours) ago. A week-old
database misses the advisories of the week that a gate exists to catch."""

UNLIMITED = "unlimited"


@dataclass(frozen=True)
class DependencyConfig:
    """The dependency scanner's `dependencies:` section (advisory data), as written."""

    advisories: str | None = None
    """An OSV directory or zip relative to the config file's directory, or `online[:osv|:pypi]`."""
    max_age_days: int | None = DEFAULT_ADVISORY_MAX_AGE_DAYS
    """None: `unlimited` (a frozen snapshot, said so in the policy)."""


@dataclass(frozen=True)
class EventsConfig:
    """`events:`: where OCSF events are streamed (gatekeeper/events, docs/siem.md)."""

    sinks: tuple[Destination, ...] = ()
    required: bool = False
    """True: events that cannot be delivered make the scan exit 2 (else a warning)."""
    spool: str | None = None
    """Where undeliverable events wait (absolute); None: the cache directory's."""
    timeout: float | None = None
    """Seconds one delivery attempt may take."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"sinks": [d.to_dict() for d in self.sinks], "required": self.required}
        if self.spool is not None:
            data["spool"] = self.spool
        if self.timeout is not None:
            data["timeout"] = self.timeout
        return data


@dataclass(frozen=True)
class Config:
    """Everything the file says: the policy, and how to scan."""

    policy: Policy = Policy()
    paths: PathRules = PathRules()
    scanners: tuple[tuple[str, ScannerConfig], ...] = ()
    disabled_rules: tuple[str, ...] = ()
    rule_packs: tuple[str, ...] = ()
    """`rules.packs`: directories of the organisation's own semgrep rules, as written (relative
    to the file's directory: `rule_pack_dir`); each was a directory when the file was read."""
    dependencies: DependencyConfig = DependencyConfig()
    baseline: str | None = None
    """A baseline file relative to the config file's directory."""
    path: Path | None = None
    """The file read (absolute); None for the built-in defaults."""
    display: str = ""
    """The file as messages name it."""
    frameworks: tuple[str, ...] = ()
    """`compliance.frameworks`: extra catalog and mapping directories, relative to the config file."""
    imports: tuple[str, ...] = ()
    """`imports`: other tools' SARIF files to import, as written (relative to the config file)."""
    origins: tuple[tuple[str, str], ...] = ()
    """Each key the files set (`fail_on.severity`) and the `file:line` it came from: with
    `extends:`, the base's or the repository's (`config show --origins`)."""
    events: EventsConfig = EventsConfig()

    @property
    def base(self) -> Path:
        """What relative paths in the file are relative to."""
        return self.path.parent if self.path is not None else Path.cwd()

    def scanner(self, name: str) -> ScannerConfig:
        return dict(self.scanners).get(name, ScannerConfig())

    def enabled_scanners(self) -> tuple[str, ...] | None:
        """The scanners to run; None (all) when the file turns none off."""
        if all(s.enabled for _, s in self.scanners):
            return None
        return tuple(name for name in scanner_names() if self.scanner(name).enabled)

    def rule_pack_dir(self, pack: str) -> Path:
        return self.base / pack

    def baseline_path(self) -> Path | None:
        return self.base / self.baseline if self.baseline else None

    def import_paths(self) -> tuple[Path, ...]:
        return tuple(self.base / item for item in self.imports)

    def framework_paths(self) -> tuple[Path, ...]:
        return tuple((self.base / d).resolve() for d in self.frameworks)

    def to_dict(self) -> dict[str, Any]:
        """The effective configuration in the file's own shape: `config show` prints it as YAML."""
        policy = self.policy._content()
        data: dict[str, Any] = {"version": 1, "fail_on": policy["fail_on"], "allow_partial": policy["allow_partial"]}
        data["scopes"] = policy["scopes"]
        data["paths"] = {
            "include": list(self.paths.include),
            "exclude": list(self.paths.exclude),
            "gitignore": self.paths.gitignore,
            "tests": list(self.paths.tests),
        }
        data["scanners"] = {
            name: {"enabled": self.scanner(name).enabled, **dict(self.scanner(name).options)}
            for name in scanner_names()
        }
        deps: dict[str, Any] = {}
        if self.dependencies.advisories is not None:
            deps["advisories"] = self.dependencies.advisories
        deps["max_age_days"] = UNLIMITED if self.dependencies.max_age_days is None else self.dependencies.max_age_days
        data["dependencies"] = deps
        data["rules"] = {"disable": list(self.disabled_rules)}
        if self.rule_packs:
            data["rules"]["packs"] = list(self.rule_packs)
        data["inline_suppressions"] = policy["inline_suppressions"]
        data["waiver_max_days"] = policy["waiver_max_days"]
        data["waivers"] = policy["waivers"]
        data["coverage"] = policy["coverage"]
        if self.baseline:
            data["baseline"] = self.baseline
        if self.frameworks:
            data["compliance"] = {"frameworks": list(self.frameworks)}
        if self.imports:
            data["imports"] = list(self.imports)
        if self.events != EventsConfig():
            data["events"] = self.events.to_dict()
        return data
