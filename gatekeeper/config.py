"""The policy a scan is judged against, and the configuration file it comes from.

`.gatekeeper.yml` at the scan root, `[tool.gatekeeper]` in pyproject.toml, or a file named with
`--config`. Validated in one place: the schema (gatekeeper/schemas/config.schema.json) for the
shape, then `_Builder` for what a schema cannot say (real dates, known controls, one matcher per
waiver). Every error is one line naming the file, the line, the key and what was expected, e.g.

    .gatekeeper.yml:12: fail_on.severity: 'hgih' is not one of critical, high, medium, low, info

Line numbers come from the YAML node tree (yaml.compose), never from re-parsing the text. TOML has
no positions in the standard library's parser, so pyproject.toml errors name the file and the key.
Reference of every key: docs/configuration.md.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

import pathspec
import yaml

from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Confidence, Severity
from gatekeeper.redact import Redactor

if TYPE_CHECKING:
    import jsonschema

    from gatekeeper.scanners.registry import Registry

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CONFIG_FILE = ".gatekeeper.yml"
PYPROJECT = "pyproject.toml"
DEFAULT_WAIVER_MAX_DAYS: tuple[tuple[Severity, int], ...] = (
    (Severity.CRITICAL, 30),
    (Severity.HIGH, 90),
    (Severity.MEDIUM, 180),
    (Severity.LOW, 365),
    (Severity.INFO, 365),
)

Key = tuple[Any, ...]
"""A position in the document: mapping keys (str) and list indices (int)."""


def scanner_names() -> tuple[str, ...]:
    """The scanners the file can configure: those registered (gatekeeper/scanners/registry.py)."""
    return _registry().names()


def _registry() -> Registry:
    # Imported here: the scanners import this module (the dependency scanner reads its advisory
    # settings through it, gatekeeper/advisories/sources.py), so a top-level import would be a cycle.
    from gatekeeper.scanners import REGISTRY

    return REGISTRY


# ---------------------------------------------------------------------------------------------
# The model: frozen dataclasses, so a policy is a value (hashable, comparable, digestible).


@dataclass(frozen=True)
class Thresholds:
    """`fail_on`: each entry is a rule "fail on any finding (of this kind) at or above S"."""

    severity: Severity | None = None
    frameworks: tuple[tuple[str, Severity], ...] = ()
    """(framework id, severity): findings mapped to any control of the framework."""
    controls: tuple[tuple[str, Severity], ...] = ()
    """(control ref like `pci-dss:6.2.4`, severity): findings mapped to that control."""
    confidence: Confidence | None = None
    """`fail_on.confidence`: findings less sure than this never block (docs/blocking.md)."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.severity is not None:
            data["severity"] = self.severity.label
        if self.confidence is not None:
            data["confidence"] = self.confidence.label
        if self.frameworks:
            data["frameworks"] = {k: s.label for k, s in self.frameworks}
        if self.controls:
            data["controls"] = {k: s.label for k, s in self.controls}
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Thresholds":
        severity = data.get("severity")
        return cls(
            severity=Severity.parse(severity) if severity else None,
            frameworks=tuple((k, Severity.parse(v)) for k, v in (data.get("frameworks") or {}).items()),
            controls=tuple((k, Severity.parse(v)) for k, v in (data.get("controls") or {}).items()),
            confidence=Confidence.parse(data["confidence"]) if data.get("confidence") else None,
        )


def compile_patterns(patterns: Iterable[str]) -> pathspec.PathSpec:
    """gitignore semantics (`dir/`, `**`, `!negation`, anchored `/x`), as the docs promise."""
    return pathspec.GitIgnoreSpec.from_lines(list(patterns))


@dataclass(frozen=True)
class Scope:
    """Paths that get stricter thresholds, e.g. `cde` (the cardholder-data environment)."""

    name: str
    paths: tuple[str, ...]
    fail_on: Thresholds = Thresholds()
    inline_suppressions: bool = True
    """False: inline suppressions (# nosec, # nosemgrep, # gatekeeper: ignore) are refused here."""
    description: str = ""

    @cached_property
    def _spec(self) -> pathspec.PathSpec:
        return compile_patterns(self.paths)

    def matches(self, path: str) -> bool:
        return bool(self._spec.match_file(path))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name}
        if self.description:
            data["description"] = self.description
        data["paths"] = list(self.paths)
        data["fail_on"] = self.fail_on.to_dict()
        data["inline_suppressions"] = self.inline_suppressions
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Scope":
        return cls(
            name=data["name"],
            paths=tuple(data["paths"]),
            fail_on=Thresholds.from_dict(data.get("fail_on") or {}),
            inline_suppressions=bool(data.get("inline_suppressions", True)),
            description=data.get("description", ""),
        )


@dataclass(frozen=True)
class Waiver:
    """An accepted risk: what it covers, why, who owns it and until when."""

    id: str
    reason: str
    owner: str
    expires: date
    """The last day the waiver applies."""
    fingerprint: str | None = None
    """`<hash>:<n>` (one finding) or `<hash>` (every occurrence of that hash)."""
    rule: str | None = None
    advisory: str | None = None
    """An advisory id or alias (PYSEC-…, GHSA-…, CVE-…) of a dependency finding."""
    paths: tuple[str, ...] = ()
    """gitignore-style globs restricting a `rule` or `advisory` waiver; empty: everywhere."""
    ticket: str | None = None
    created: date | None = None
    """When the risk was accepted; the maximum duration counts from here (else from the scan date)."""
    origin: str = ""
    """Where it is written, e.g. `.gatekeeper.yml:31`, so a report leads back to it."""

    @property
    def kind(self) -> str:
        return "fingerprint" if self.fingerprint else "rule" if self.rule else "advisory"

    @property
    def subject(self) -> str:
        """What it waives, in words, for reports."""
        if self.fingerprint:
            text = f"finding {self.fingerprint}"
        elif self.rule:
            text = f"rule {self.rule}"
        else:
            text = f"advisory {self.advisory}"
        return text + (f" in {', '.join(self.paths)}" if self.paths else "")

    @cached_property
    def _spec(self) -> pathspec.PathSpec | None:
        return compile_patterns(self.paths) if self.paths else None

    def covers_path(self, path: str) -> bool:
        return self._spec is None or bool(self._spec.match_file(path))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id}
        for key in ("fingerprint", "rule", "advisory"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.paths:
            data["paths"] = list(self.paths)
        data.update(reason=self.reason, owner=self.owner)
        if self.ticket:
            data["ticket"] = self.ticket
        if self.created:
            data["created"] = self.created.isoformat()
        data["expires"] = self.expires.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Waiver":
        created = data.get("created")
        return cls(
            id=data["id"],
            reason=data["reason"],
            owner=data["owner"],
            expires=date.fromisoformat(data["expires"]),
            fingerprint=data.get("fingerprint"),
            rule=data.get("rule"),
            advisory=data.get("advisory"),
            paths=tuple(data.get("paths", ())),
            ticket=data.get("ticket"),
            created=date.fromisoformat(created) if created else None,
            origin=data.get("origin", ""),
        )


@dataclass(frozen=True)
class InlinePolicy:
    allow: bool = True
    """False: no inline suppression is honoured anywhere (each is still listed)."""
    require_reason: bool = False
    """True: an inline suppression without a reason is refused."""


@dataclass(frozen=True)
class Policy:
    """What blocks a merge. The gate (gatekeeper/gate.py) is its only judge."""

    fail_on: Severity = Severity.HIGH
    """Findings at or above this severity fail the gate."""
    allow_partial: bool = False
    """Let a scan with scanner errors or lost coverage be judged by its findings instead of exit 2."""
    frameworks: tuple[tuple[str, Severity], ...] = ()
    """Stricter thresholds for findings mapped to a framework's controls."""
    controls: tuple[tuple[str, Severity], ...] = ()
    """Stricter thresholds for findings mapped to one control."""
    scopes: tuple[Scope, ...] = ()
    inline: InlinePolicy = InlinePolicy()
    waivers: tuple[Waiver, ...] = ()
    waiver_max_days: tuple[tuple[Severity, int], ...] = DEFAULT_WAIVER_MAX_DAYS
    coverage_unsupported: str = "warn"
    """What files no scanner can analyse (a Java tree, an npm lock file) do to the verdict: `warn`
    passes with "partial coverage" said on the verdict line, `error` exits 2."""
    source: str = ""
    """The file the policy came from ("" for the built-in defaults)."""
    fail_on_confidence: Confidence | None = None
    """`fail_on.confidence`; None: the default, medium (unconfirmed findings do not block)."""

    def scopes_of(self, path: str) -> tuple[Scope, ...]:
        return tuple(scope for scope in self.scopes if scope.matches(path))

    def max_days(self, severity: Severity) -> int:
        return dict(self.waiver_max_days)[severity]

    def control_threshold(self, ref: str) -> Severity:
        """The severity at which findings mapped to the control `ref` (`pci-dss:6.2.4`) fail the gate
        outside any scope: the strictest of `fail_on.severity`, its framework's and its own threshold."""
        framework = ref.split(":", 1)[0]
        candidates = [self.fail_on]
        candidates += [s for f, s in self.frameworks if f == framework]
        candidates += [s for c, s in self.controls if c == ref]
        return min(candidates)

    def to_dict(self) -> dict[str, Any]:
        """The effective policy as reports record it (and `config show` prints it)."""
        data = self._content()
        return {"source": self.source, "digest": self.digest, **data}

    def _content(self) -> dict[str, Any]:
        return {
            "fail_on": Thresholds(self.fail_on, self.frameworks, self.controls, self.fail_on_confidence).to_dict(),
            "allow_partial": self.allow_partial,
            "scopes": [s.to_dict() for s in self.scopes],
            "inline_suppressions": {"allow": self.inline.allow, "require_reason": self.inline.require_reason},
            "waiver_max_days": {s.label: days for s, days in self.waiver_max_days},
            "waivers": [w.to_dict() for w in self.waivers],
            "coverage": {"unsupported": self.coverage_unsupported},
        }

    @cached_property
    def digest(self) -> str:
        """sha256 of the policy's content (not of where it was read from), for attribution."""
        canonical = json.dumps(self._content(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Policy":
        thresholds = Thresholds.from_dict(data.get("fail_on") or {})
        inline = data.get("inline_suppressions") or {}
        max_days = data.get("waiver_max_days") or {}
        return cls(
            fail_on=thresholds.severity or Severity.HIGH,
            allow_partial=bool(data.get("allow_partial", False)),
            frameworks=thresholds.frameworks,
            controls=thresholds.controls,
            scopes=tuple(Scope.from_dict(s) for s in data.get("scopes", ())),
            inline=InlinePolicy(bool(inline.get("allow", True)), bool(inline.get("require_reason", False))),
            waivers=tuple(Waiver.from_dict(w) for w in data.get("waivers", ())),
            waiver_max_days=tuple(
                (s, int(max_days.get(s.label, default))) for s, default in DEFAULT_WAIVER_MAX_DAYS
            ),
            coverage_unsupported=str((data.get("coverage") or {}).get("unsupported", "warn")),
            source=str(data.get("source", "")),
            fail_on_confidence=thresholds.confidence,
        )


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
        data["paths"] = {"include": list(self.paths.include), "exclude": list(self.paths.exclude),
                         "gitignore": self.paths.gitignore}
        data["scanners"] = {
            name: {"enabled": self.scanner(name).enabled, **dict(self.scanner(name).options)} for name in scanner_names()
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
        return data


# ---------------------------------------------------------------------------------------------
# Finding and reading the file.


def find(root: Path, explicit: Path | None = None) -> Path | None:
    """The configuration file for a scan of `root`: `--config`, else `.gatekeeper.yml`, else a
    pyproject.toml with a `[tool.gatekeeper]` table. Both of the last two is an error: one of
    them would be silently ignored."""
    if explicit is not None:
        if not explicit.is_file():
            raise GatekeeperError(f"{explicit}: config file not found")
        return explicit
    yml = root / CONFIG_FILE
    pyproject = root / PYPROJECT
    in_pyproject = pyproject.is_file() and _pyproject_table(pyproject) is not None
    if yml.is_file() and in_pyproject:
        raise GatekeeperError(
            f"both {CONFIG_FILE} and {PYPROJECT} [tool.gatekeeper] configure gatekeeper in {root}: keep one"
        )
    if yml.is_file():
        return yml
    return pyproject if in_pyproject else None


def load(root: Path, explicit: Path | None = None) -> Config:
    """The configuration for a scan of `root` (built-in defaults when there is no file)."""
    path = find(root, explicit)
    if path is None:
        return Config()
    display = str(explicit) if explicit is not None else path.name
    return load_file(path, display)


def load_file(path: Path, display: str | None = None) -> Config:
    shown = display or str(path)
    if path.name == PYPROJECT and path.suffix == ".toml":
        table = _pyproject_table(path)
        doc = _Document(shown, table or {}, {}, {}, prefix=("tool", "gatekeeper"))
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise GatekeeperError(f"{shown}: cannot be read: {getattr(exc, 'strerror', None) or exc}") from None
        doc = parse_yaml(text, shown)
    config = _Builder(doc, path.resolve()).build()
    return config


def parse(text: str, display: str = CONFIG_FILE, path: Path | None = None) -> Config:
    """A YAML configuration from text (tests, `config show` of a string)."""
    return _Builder(parse_yaml(text, display), path).build()


def _pyproject_table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GatekeeperError(f"{path}: cannot be read: {getattr(exc, 'strerror', None) or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise GatekeeperError(f"{path}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("gatekeeper") if isinstance(data.get("tool"), dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise GatekeeperError(f"{path}: tool.gatekeeper: expected a table")
    return _plain(table)


def _plain(value: Any) -> Any:
    """TOML/YAML values as JSON-schema sees them: dates become ISO strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):  # datetime included: its isoformat then fails the date pattern
        return value.isoformat()
    return value


# ---------------------------------------------------------------------------------------------
# YAML with positions.


MAX_VALUES = 1_000_000
"""Values a configuration may hold once YAML aliases are expanded. Far beyond any real policy; it
stops a "billion laughs" file (aliases of aliases, each multiplying) from hanging the gate."""


@dataclass
class _Document:
    display: str
    data: Any
    value_lines: dict[Key, int]
    key_lines: dict[Key, int]
    prefix: Key = ()
    """Shown before every key path (pyproject: tool.gatekeeper)."""
    values: int = 0
    """Values converted so far, aliases counted each time they are used."""

    def line(self, key: Key, *, of_key: bool = False) -> int | None:
        """The line of `key` (its key's line when `of_key`), else of its nearest ancestor."""
        while True:
            table = self.key_lines if of_key else self.value_lines
            if key in table:
                return table[key]
            if key in self.key_lines:
                return self.key_lines[key]
            if key in self.value_lines:
                return self.value_lines[key]
            if not key:
                return None
            key = key[:-1]

    def error(self, key: Key, message: str, *, of_key: bool = False) -> GatekeeperError:
        line = self.line(key, of_key=of_key)
        where = f"{self.display}:{line}" if line is not None else self.display
        name = _key_text(self.prefix + key)
        return GatekeeperError(f"{where}: {name + ': ' if name else ''}{message}")


def _key_text(key: Key) -> str:
    text = ""
    for part in key:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def parse_yaml(text: str, display: str) -> _Document:
    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = f":{mark.line + 1}" if mark is not None else ""
            parts = [str(p) for p in (exc.context, exc.problem) if p]
            problem = " ".join(", ".join(parts or ["invalid YAML"]).split())
            raise GatekeeperError(f"{display}{line}: invalid YAML: {problem}") from None
        except yaml.YAMLError as exc:
            raise GatekeeperError(f"{display}: invalid YAML: {' '.join(str(exc).split())}") from None
        doc = _Document(display, {}, {(): 1}, {})
        if node is None:
            return doc
        doc.data = _convert(node, (), loader, doc)
        return doc
    finally:
        loader.dispose()


def _convert(node: yaml.Node, key: Key, loader: yaml.SafeLoader, doc: _Document) -> Any:
    doc.values += 1
    if doc.values > MAX_VALUES:
        raise GatekeeperError(f"{doc.display}: more than {MAX_VALUES:,} values once its aliases are expanded: "
                              "not loaded (YAML aliases that multiply, a 'billion laughs'?)")
    doc.value_lines[key] = node.start_mark.line + 1
    standard = {yaml.MappingNode: "tag:yaml.org,2002:map", yaml.SequenceNode: "tag:yaml.org,2002:seq"}
    if type(node) in standard and node.tag != standard[type(node)]:
        raise doc.error(key, f"unsupported YAML tag {node.tag}")
    if isinstance(node, yaml.MappingNode):
        try:
            loader.flatten_mapping(node)  # `<<: *anchor` merge keys
        except yaml.MarkedYAMLError as exc:
            raise doc.error(key, " ".join(str(exc.problem).split())) from None
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise doc.error(key, "keys must be plain text, not lists or mappings")
            name = key_node.value
            child = key + (name,)
            if name in result:
                doc.key_lines.setdefault(child, key_node.start_mark.line + 1)
                raise GatekeeperError(
                    f"{doc.display}:{key_node.start_mark.line + 1}: {_key_text(doc.prefix + child)}: "
                    f"duplicate key (first on line {doc.key_lines[child]})"
                )
            doc.key_lines[child] = key_node.start_mark.line + 1
            result[name] = _convert(value_node, child, loader, doc)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, key + (i,), loader, doc) for i, item in enumerate(node.value)]
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise doc.error(key, " ".join(str(exc.problem).split())) from None
    except ValueError:  # a timestamp-looking scalar that is no real date, e.g. 2026-02-30
        return node.value
    return _plain(value)


# ---------------------------------------------------------------------------------------------
# Validation: the schema for the shape, then the checks it cannot express.


def schema() -> dict[str, Any]:
    """The file's schema, its `scanners:` section built from the registered scanners' own options."""
    schema = json.loads(resources.files("gatekeeper").joinpath("schemas/config.schema.json").read_text(encoding="utf-8"))
    schema["properties"]["scanners"] = _registry().config_schema()
    return schema


_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def latest_date_anywhere() -> date:
    """Today's date in the furthest timezone (UTC+14): a date after it is in the future everywhere."""
    return datetime.now(timezone.utc).date() + timedelta(days=1)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


class _Builder:
    def __init__(self, doc: _Document, path: Path | None) -> None:
        self.doc = doc
        self.path = path
        self.framework_dirs: list[Path] = []
        """`compliance.frameworks`, resolved: thresholds may name their controls."""

    def error(self, key: Key, message: str, *, of_key: bool = False) -> GatekeeperError:
        return self.doc.error(key, message, of_key=of_key)

    # -- shape ------------------------------------------------------------------------------

    def validate(self) -> None:
        data = self.doc.data
        if not isinstance(data, dict):
            raise self.error((), f"expected a mapping of settings, got {_describe(data)}")
        # `fail_on: high` is shorthand for `fail_on: {severity: high}`.
        self._expand_fail_on(("fail_on",), data)
        for i, scope in enumerate(data.get("scopes") or []):
            if isinstance(scope, dict):
                self._expand_fail_on(("scopes", i, "fail_on"), scope)
        import jsonschema  # only when there is a file to validate: it is slow to import

        validator = jsonschema.Draft202012Validator(schema())
        errors = list(validator.iter_errors(data))
        if not errors:
            return
        located = [(self._locate(e), e) for e in errors]
        located.sort(key=lambda item: (item[0][1] if item[0][1] is not None else 0, len(item[0][0])))
        (key, _line, of_key), error = located[0]
        raise self.error(key, self._message(error, key), of_key=of_key)

    def _expand_fail_on(self, key: Key, parent: dict[str, Any]) -> None:
        name = key[-1]
        if isinstance(parent.get(name), str):
            parent[name] = {"severity": parent[name]}
            line = self.doc.value_lines.get(key)
            if line is not None:
                self.doc.value_lines[key + ("severity",)] = line

    def _locate(self, error: jsonschema.ValidationError) -> tuple[Key, int | None, bool]:
        key: Key = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            unknown = self._unknown_keys(error)
            if unknown:
                key = key + (unknown[0],)
                return key, self.doc.line(key, of_key=True), True
        if error.validator == "propertyNames":
            key = key + (error.instance,)
            return key, self.doc.line(key, of_key=True), True
        return key, self.doc.line(key), False

    def _unknown_keys(self, error: jsonschema.ValidationError) -> list[str]:
        known = set((error.schema.get("properties") or {}))
        extra = [k for k in error.instance if k not in known]
        base = tuple(error.absolute_path)
        return sorted(extra, key=lambda k: self.doc.line(base + (k,), of_key=True) or 0)

    def _message(self, error: jsonschema.ValidationError, key: Key) -> str:
        schema = error.schema if isinstance(error.schema, dict) else {}
        validator, value = error.validator, error.instance
        if validator == "additionalProperties":
            known = sorted((schema.get("properties") or {}))
            name = key[-1]
            close = difflib.get_close_matches(str(name), known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return f"unknown key{hint}; expected one of {', '.join(known)}"
        if validator == "propertyNames":
            expected = (error.schema.get("propertyNames") or {}).get("x-expected", "a valid name")
            return f"expected {expected}"
        if validator == "enum":
            return f"{_describe(value)} is not one of {', '.join(str(v) for v in error.validator_value)}"
        if validator == "const":
            return f"expected {schema.get('x-expected', error.validator_value)}, got {_describe(value)}"
        if validator == "type":
            wanted = error.validator_value
            words = " or ".join(_TYPE_WORDS.get(t, t) for t in (wanted if isinstance(wanted, list) else [wanted]))
            return f"expected {words}, got {_describe(value)}"
        if validator == "required":
            missing = [k for k in error.validator_value if k not in value]
            return f"missing required key '{missing[0]}'"
        if validator == "minimum":
            return f"expected a whole number of at least {error.validator_value}, got {_describe(value)}"
        if validator in ("minItems",):
            return "expected at least one entry, got an empty list"
        if validator in ("pattern", "minLength", "anyOf", "oneOf", "format"):
            return f"expected {schema.get('x-expected', 'a valid value')}, got {_describe(value)}"
        return " ".join(error.message.split())

    # -- meaning ----------------------------------------------------------------------------

    def build(self) -> Config:
        self.validate()
        data: dict[str, Any] = self.doc.data
        frameworks = [str(d) for d in (data.get("compliance") or {}).get("frameworks") or []]
        self._frameworks(frameworks)  # before the thresholds: they may name these frameworks' controls
        fail_on = self._thresholds(("fail_on",), data.get("fail_on") or {})
        scopes = self._scopes(data.get("scopes") or [])
        inline = data.get("inline_suppressions") or {}
        max_days_data = data.get("waiver_max_days") or {}
        policy = Policy(
            fail_on=fail_on.severity or Severity.HIGH,
            allow_partial=bool(data.get("allow_partial", False)),
            frameworks=fail_on.frameworks,
            controls=fail_on.controls,
            scopes=scopes,
            inline=InlinePolicy(bool(inline.get("allow", True)), bool(inline.get("require_reason", False))),
            waivers=self._waivers(data.get("waivers") or []),
            waiver_max_days=tuple((s, int(max_days_data.get(s.label, d))) for s, d in DEFAULT_WAIVER_MAX_DAYS),
            coverage_unsupported=str((data.get("coverage") or {}).get("unsupported", "warn")),
            source=self.doc.display if self.path is not None or self.doc.data else "",
            fail_on_confidence=fail_on.confidence,
        )
        # The file is under review like the code: a secret in a waiver's reason must not reach the
        # reports (nor `config show`) in full. Masked here, the digest is the masked policy's.
        policy = Redactor().policy(policy)
        paths = data.get("paths") or {}
        for name in ("include", "exclude"):
            self._patterns(("paths", name), paths.get(name) or [])
        deps = data.get("dependencies") or {}
        return Config(
            policy=policy,
            paths=PathRules(tuple(paths.get("include") or ()), tuple(paths.get("exclude") or ()),
                            bool(paths.get("gitignore", True)),
                            int(paths.get("max_file_bytes", PathRules.max_file_bytes))),
            scanners=self._scanners(data.get("scanners") or {}),
            disabled_rules=tuple(dict.fromkeys(s.strip() for s in (data.get("rules") or {}).get("disable") or [])),
            rule_packs=self._rule_packs((data.get("rules") or {}).get("packs") or []),
            dependencies=DependencyConfig(deps.get("advisories"), _max_age_days(deps)),
            baseline=data.get("baseline"),
            path=self.path,
            display=self.doc.display,
            frameworks=tuple(frameworks),
            imports=self._imports(data),
        )

    def _imports(self, data: dict[str, Any]) -> tuple[str, ...]:
        """`imports`: SARIF files (checked when the scan reads them); the importer turned off beside
        them would leave them unread with no error."""
        imports = tuple(str(item) for item in data.get("imports") or ())
        sarif = (data.get("scanners") or {}).get("sarif", True)
        if imports and (sarif is False or (isinstance(sarif, dict) and sarif.get("enabled") is False)):
            raise self.error(("scanners", "sarif"), "the importer is turned off, but imports: lists SARIF files to import: remove one")
        return imports

    def _frameworks(self, items: list[str]) -> None:
        """`compliance.frameworks`: each an existing directory (relative to this file), its catalogs
        and mappings as valid as the bundled ones."""
        base = self.path.parent if self.path is not None else Path.cwd()
        for i, item in enumerate(items):
            if not (base / item).is_dir():
                raise self.error(("compliance", "frameworks", i), f"{base / item}: not a directory")
        self.framework_dirs = [(base / item).resolve() for item in items]
        if self.framework_dirs:
            _compliance(self.framework_dirs)

    def _thresholds(self, key: Key, data: dict[str, Any]) -> Thresholds:
        catalogs = None
        frameworks = []
        for name, severity in (data.get("frameworks") or {}).items():
            catalogs = catalogs or _catalogs(self.framework_dirs)
            known = [f.id for f in catalogs]
            if name not in known:
                raise self.error(key + ("frameworks", name), f"unknown framework (known: {', '.join(known)})", of_key=True)
            frameworks.append((name, Severity.parse(severity)))
        controls = []
        for ref, severity in (data.get("controls") or {}).items():
            catalogs = catalogs or _catalogs(self.framework_dirs)
            framework = ref.split(":", 1)[0]
            known = [f.id for f in catalogs]
            if framework not in known:
                raise self.error(key + ("controls", ref), f"unknown framework '{framework}' (known: {', '.join(known)})",
                                 of_key=True)
            if not catalogs.has(ref):
                fw = catalogs.framework(framework)
                close = difflib.get_close_matches(ref, [c.ref for c in fw.controls], n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                raise self.error(key + ("controls", ref), f"no such control in {fw.label}{hint}", of_key=True)
            controls.append((ref, Severity.parse(severity)))
        severity = data.get("severity")
        confidence = Confidence.parse(data["confidence"]) if data.get("confidence") else None
        return Thresholds(Severity.parse(severity) if severity else None, tuple(frameworks), tuple(controls), confidence)

    def _scopes(self, items: list[dict[str, Any]]) -> tuple[Scope, ...]:
        scopes: list[Scope] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            key: Key = ("scopes", i)
            name = item["name"]
            if name in seen:
                raise self.error(key + ("name",), f"duplicate scope name '{name}' (also scopes[{seen[name]}])")
            seen[name] = i
            self._patterns(key + ("paths",), item["paths"])
            scopes.append(Scope(
                name=name,
                paths=tuple(item["paths"]),
                fail_on=self._thresholds(key + ("fail_on",), item.get("fail_on") or {}),
                inline_suppressions=bool(item.get("inline_suppressions", True)),
                description=item.get("description", ""),
            ))
        return tuple(scopes)

    def _patterns(self, key: Key, patterns: list[str]) -> None:
        for i, pattern in enumerate(patterns):
            try:
                compile_patterns([pattern])
            except (ValueError, TypeError) as exc:
                raise self.error(key + (i,), f"'{pattern}' is not a valid path pattern: {exc}") from None

    def _date(self, key: Key, text: str) -> date:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.error(key, f"'{text}' is not a valid date (YYYY-MM-DD)") from None

    def _waivers(self, items: list[dict[str, Any]]) -> tuple[Waiver, ...]:
        waivers: list[Waiver] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            key: Key = ("waivers", i)
            matchers = [m for m in ("fingerprint", "rule", "advisory") if m in item]
            if not matchers:
                raise self.error(key, "a waiver needs one of fingerprint, rule or advisory (what it waives)")
            if len(matchers) > 1:
                raise self.error(key + (matchers[1],), f"a waiver matches by one of fingerprint, rule or advisory, "
                                 f"not both '{matchers[0]}' and '{matchers[1]}'", of_key=True)
            if "paths" in item and matchers[0] == "fingerprint":
                raise self.error(key + ("paths",), "a fingerprint names one place already; paths go with rule or advisory",
                                 of_key=True)
            self._patterns(key + ("paths",), item.get("paths") or [])
            expires = self._date(key + ("expires",), item["expires"])
            created = self._date(key + ("created",), item["created"]) if "created" in item else None
            if created is not None and created > expires:
                raise self.error(key + ("expires",), f"expires ({expires}) is before created ({created})")
            if created is not None and created > latest_date_anywhere():
                # A future `created` would shorten the duration waiver_max_days limits (to nothing).
                raise self.error(key + ("created",), f"'{created}' is in the future: it must be the date the risk was accepted")
            waiver_id = str(item.get("id") or f"waiver-{i + 1}").strip()
            if waiver_id in seen:
                raise self.error(key + ("id",), f"duplicate waiver id '{waiver_id}' (also waivers[{seen[waiver_id]}])")
            seen[waiver_id] = i
            line = self.doc.line(key)
            waivers.append(Waiver(
                id=waiver_id,
                reason=" ".join(item["reason"].split()),
                owner=item["owner"].strip(),
                expires=expires,
                fingerprint=item.get("fingerprint"),
                rule=item.get("rule", "").strip() or None,
                advisory=item.get("advisory", "").strip() or None,
                paths=tuple(item.get("paths") or ()),
                ticket=(item.get("ticket") or "").strip() or None,
                created=created,
                origin=f"{self.doc.display}:{line}" if line is not None else self.doc.display,
            ))
        return tuple(waivers)

    def _rule_packs(self, packs: list[str]) -> tuple[str, ...]:
        """Each pack a directory, named once: a typo must not pass as a pack of no rules (what a
        pack holds is checked when it loads, gatekeeper/rulepack.py)."""
        base = self.path.parent if self.path is not None else Path.cwd()
        seen: dict[str, int] = {}
        for i, pack in enumerate(packs):
            key: Key = ("rules", "packs", i)
            where = (base / pack).resolve()
            if not where.is_dir():
                raise self.error(key, f"rule pack '{pack}' is not a directory (looked for {where})")
            if str(where) in seen:
                raise self.error(key, f"rule pack '{pack}' is listed twice (also rules.packs[{seen[str(where)]}])")
            seen[str(where)] = i
        return tuple(packs)

    def _scanners(self, data: dict[str, Any]) -> tuple[tuple[str, ScannerConfig], ...]:
        result = []
        for name in scanner_names():
            if name not in data:
                continue
            value = data[name]
            if isinstance(value, bool):
                result.append((name, ScannerConfig(enabled=value)))
            else:
                options = tuple(sorted((k, v) for k, v in value.items() if k != "enabled"))
                result.append((name, ScannerConfig(enabled=bool(value.get("enabled", True)), options=options)))
        return tuple(result)


def _max_age_days(deps: Mapping[str, Any]) -> int | None:
    value = deps.get("max_age_days", DEFAULT_ADVISORY_MAX_AGE_DAYS)
    return None if value == UNLIMITED else int(value)


def _catalogs(frameworks: list[Path]) -> Any:
    return _compliance(frameworks).catalogs


def _compliance(frameworks: list[Path]) -> Any:
    # Imported here: the compliance package reads this module's Policy.
    from gatekeeper import compliance

    return compliance.load(None, frameworks)


# ---------------------------------------------------------------------------------------------
# Writing.


def dump(config: Config) -> str:
    """`config show`: the effective configuration as YAML that reads back to the same policy."""
    header = f"# effective configuration from {config.display or 'built-in defaults (no config file)'}\n"
    if config.display:
        header += f"# policy digest: {config.policy.digest}\n"
    return header + yaml.safe_dump(config.to_dict(), sort_keys=False, allow_unicode=True, default_flow_style=False)


def starter() -> str:
    """`gatekeeper init`'s file; its `scanners:` section lists every registered scanner."""
    return _STARTER.replace("{scanners}\n", _registry().starter())


_STARTER = """\
# gatekeeper policy. Every key is described in gatekeeper's docs/configuration.md.
# Check it with `gatekeeper config show`; an error names the line and the key.
version: 1

# What fails the gate (exit 1). Each entry is a rule "fail on any finding of this kind at or
# above this severity"; the strictest rule that applies to a finding wins.
fail_on:
  severity: high              # any finding: critical, high, medium, low or info
  # frameworks:
  #   pci-dss: medium         # any finding mapped to a PCI DSS requirement
  # controls:
  #   pci-dss:6.2.4: medium   # any finding mapped to PCI DSS 6.2.4 (software attacks)

# An incomplete scan (a scanner failed, a file could not be read) exits 2 unless this is true.
allow_partial: false

# Files no scanner can analyse (e.g. JavaScript, a pom.xml): `warn` passes and says
# "partial coverage" on the verdict line; `error` exits 2. Either way they are listed as not
# covered, and the controls they would evidence are not assessed.
coverage:
  unsupported: warn

# Stricter rules for parts of the tree, e.g. the cardholder-data environment.
scopes: []
#  - name: cde
#    description: cardholder-data environment
#    paths: ["payments/", "services/card/**"]
#    fail_on:
#      severity: medium
#    inline_suppressions: false   # no '# nosec' in here: use a waiver with an owner

# Which files a directory scan covers (gitignore-style patterns).
paths:
  include: []                 # empty: everything
  exclude: []                 # e.g. ["tests/fixtures/", "*.min.js"]
  gitignore: true             # skip what .gitignore ignores (tracked files are always scanned)

{scanners}

# The dependency scanner's advisory data: an OSV directory or zip (relative to this file), or online.
# Data older than max_age_days (default 5) is an error; `unlimited` only for a frozen snapshot.
# dependencies:
#   advisories: advisories
#   max_age_days: 5

rules:
  disable: []                 # rule ids, e.g. [B101]
  # packs: [security/semgrep]  # your own semgrep rules (directories, relative to this file):
  #                            # each rule needs message, severity and metadata.cwe

# '# nosec', '# nosemgrep' and '# gatekeeper: ignore[RULE-ID] reason' in the code.
inline_suppressions:
  allow: true
  require_reason: true

# The longest a waiver may run, by the severity of what it waives.
waiver_max_days: {critical: 30, high: 90, medium: 180, low: 365, info: 365}

# Accepted risks. Each matches by fingerprint, by rule (+ paths) or by advisory id, and expires.
waivers: []
#  - id: PAY-101
#    rule: python-tls-verification-disabled
#    paths: ["legacy/psp_client.py"]
#    reason: The legacy PSP endpoint pins its certificate in the service mesh.
#    owner: payments-team@example.com
#    ticket: PAY-101
#    expires: 2026-12-31

# Other tools' SARIF 2.1.0 results (CodeQL, Checkov, Trivy, ...), relative to this file: docs/imports.md.
# imports: [build/codeql.sarif]

# A baseline of accepted existing findings (`gatekeeper baseline create`): only new ones fail.
# baseline: .gatekeeper-baseline.json
"""
