"""The policy a scan is judged against, and the configuration file it comes from.

`.gatekeeper.yml` at the scan root, `[tool.gatekeeper]` in pyproject.toml, or a file named with
`--config`. Validated in one place: the schema (gatekeeper/schemas/config.schema.json) for the
shape (gatekeeper/settings/validation.py), then the builder for what a schema cannot say (real
dates, known controls, one matcher per waiver: gatekeeper/settings/build.py). Every error is one
line naming the file, the line, the key and what was expected, e.g.

    .gatekeeper.yml:12: fail_on.severity: 'hgih' is not one of critical, high, medium, low, info

This module finds, loads and writes the file; the model lives in gatekeeper/settings/ (the policy
in settings/policy.py) and is re-exported here, where the rest of the code imports it from.
Reference of every key: docs/configuration.md.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Severity
from gatekeeper.settings import basepolicy, layers
from gatekeeper.settings.build import Builder, latest_date_anywhere
from gatekeeper.settings.document import MAX_VALUES, Document, Key, parse_yaml, pyproject_table
from gatekeeper.settings.model import (
    DEFAULT_ADVISORY_MAX_AGE_DAYS,
    UNLIMITED,
    Config,
    DependencyConfig,
    PathRules,
    ScannerConfig,
    scanner_names,
)
from gatekeeper.settings.policy import (
    DEFAULT_WAIVER_MAX_DAYS,
    InlinePolicy,
    Policy,
    Scope,
    Thresholds,
    Waiver,
    compile_patterns,
)
from gatekeeper.settings.starter import starter
from gatekeeper.settings.validation import schema

__all__ = [
    "CONFIG_FILE",
    "DEFAULT_ADVISORY_MAX_AGE_DAYS",
    "DEFAULT_WAIVER_MAX_DAYS",
    "MAX_VALUES",
    "PYPROJECT",
    "UNLIMITED",
    "Config",
    "DependencyConfig",
    "InlinePolicy",
    "Key",
    "PathRules",
    "Policy",
    "ScannerConfig",
    "Scope",
    "Severity",
    "Thresholds",
    "Waiver",
    "compile_patterns",
    "dump",
    "find",
    "latest_date_anywhere",
    "load",
    "load_file",
    "parse",
    "scanner_names",
    "schema",
    "starter",
]

CONFIG_FILE = ".gatekeeper.yml"
PYPROJECT = "pyproject.toml"


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
    in_pyproject = pyproject.is_file() and pyproject_table(pyproject) is not None
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
    doc, raw = _document(path, display or str(path))
    return _build(doc, path.resolve(), raw)


def fetch_bases(path: Path, display: str) -> list[tuple[basepolicy.BaseRef, bool]]:
    """`config fetch`: download every base the file extends by URL, along the chain."""
    doc, _ = _document(path, display)
    return layers.fetch_chain(doc, path.resolve())


def _document(path: Path, shown: str) -> tuple[Document, bytes]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GatekeeperError(f"{shown}: cannot be read: {exc.strerror or exc}") from None
    if path.name == PYPROJECT and path.suffix == ".toml":
        table = pyproject_table(path)
        return Document(shown, table or {}, {}, {}, prefix=("tool", "gatekeeper")), raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GatekeeperError(f"{shown}: cannot be read: {exc}") from None
    return parse_yaml(text, shown), raw


def parse(text: str, display: str = CONFIG_FILE, path: Path | None = None) -> Config:
    """A YAML configuration from text (tests, `config show` of a string)."""
    return _build(parse_yaml(text, display), path, text.encode("utf-8"))


def _build(doc: Document, path: Path | None, raw: bytes) -> Config:
    """The document with the bases it extends under it (gatekeeper/settings/layers.py), built."""
    merged, policy_layers = layers.resolve(doc, path, basepolicy.layer_digest(raw))
    # A merged document is checked again as a whole; a single layer was checked by `resolve`.
    return Builder(merged, path, policy_layers if path is not None or doc.data else ()).build(validated=merged is doc)


def dump(config: Config) -> str:
    """`config show`: the effective configuration as YAML that reads back to the same policy."""
    header = f"# effective configuration from {config.display or 'built-in defaults (no config file)'}\n"
    if config.display:
        header += f"# policy digest: {config.policy.digest}\n"
    for layer in config.policy.layers:
        header += f"# layer ({layer.role}): {layer.source} {layer.digest}\n"
    return header + yaml.safe_dump(config.to_dict(), sort_keys=False, allow_unicode=True, default_flow_style=False)
