"""Compliance as data: control catalogs and the finding -> control mapping (rules/compliance),
and control status (status.py). The engine maps findings; reports read statuses.

A bundle is read from the rules' compliance directory (the shared `mapping.yaml`, catalogs and
`<framework>.mapping.yaml` files) plus the config's `compliance.frameworks` directories (catalogs
and framework mappings only). The scan records which bundle mapped it (`ScanResult.compliance`),
so every report judges the findings by that same data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from gatekeeper.compliance.catalog import (
    FRAMEWORK_MAPPING_SUFFIX,
    MAPPING_FILE,
    Catalogs,
    Control,
    Framework,
    catalog_files,
    load_catalogs,
)
from gatekeeper.compliance.mapping import Mapping, load_mapping
from gatekeeper.errors import GatekeeperError
from gatekeeper.rulepack import default_rules_dir

__all__ = ["Catalogs", "Compliance", "Control", "Framework", "Mapping", "compliance_dir", "load", "load_recorded"]

BUNDLED = "bundled"
"""How the evidence names the bundled compliance directory (its install path is no evidence)."""


@dataclass(frozen=True)
class Compliance:
    catalogs: Catalogs
    mapping: Mapping
    directories: tuple[str, ...] = ()
    """Where the data was read, as the evidence names it: the rules' compliance directory
    (`bundled`, or its absolute path), then each `compliance.frameworks` directory."""
    files: tuple[tuple[str, str], ...] = ()
    """(file as the evidence names it, sha256) of every file read."""

    @property
    def digest(self) -> str:
        return "sha256:" + hashlib.sha256("".join(f"{name}\0{sha}\n" for name, sha in self.files).encode()).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """The attribution reports record: which framework files judged the scan."""
        return {
            "digest": self.digest,
            "directories": list(self.directories),
            "frameworks": [f.id for f in self.catalogs],
            "files": [{"path": name, "sha256": sha} for name, sha in self.files],
        }


def compliance_dir(rules_root: Path | None = None) -> Path:
    """`<rules>/compliance`; a custom rule pack without one uses the bundled catalogs and mapping."""
    if rules_root is not None and (rules_root / "compliance").is_dir():
        return rules_root / "compliance"
    return default_rules_dir() / "compliance"


def load(rules_root: Path | None = None, frameworks: Sequence[Path] = ()) -> Compliance:
    """The bundle for a scan with these rules and the config's extra framework directories."""
    return _load(compliance_dir(rules_root).resolve(), tuple(p.resolve() for p in frameworks))


def load_recorded(data: dict[str, Any], source: str) -> Compliance:
    """The bundle a report's `scan.compliance` names, refused if its files changed since the scan."""
    directories = [Path(d) if d != BUNDLED else default_rules_dir() / "compliance" for d in data["directories"]]
    bundle = _load(directories[0].resolve(), tuple(d.resolve() for d in directories[1:]))
    if bundle.digest != data["digest"]:
        raise GatekeeperError(
            f"{source}: the compliance data that judged this scan changed since ({data['digest']}, now "
            f"{bundle.digest}, in {', '.join(bundle.directories)}): rescan to report on it"
        )
    return bundle


@lru_cache(maxsize=8)
def _load(directory: Path, extra: tuple[Path, ...]) -> Compliance:
    # Parsed once per process: the data is immutable and every report reads it.
    for path in extra:
        _check_extra(path)
    catalogs = load_catalogs(directory, *extra)
    framework_mappings = [p for d in (directory, *extra) for p in sorted(d.glob("*" + FRAMEWORK_MAPPING_SUFFIX))]
    mapping = load_mapping(directory / MAPPING_FILE, catalogs, framework_mappings)
    labels = (_label(directory), *(str(p) for p in extra))
    files = [
        (f"{label}/{path.name}", hashlib.sha256(path.read_bytes()).hexdigest())
        for label, d in zip(labels, (directory, *extra))
        for path in sorted((*catalog_files(d), *d.glob("*" + FRAMEWORK_MAPPING_SUFFIX), d / MAPPING_FILE))
        if path.is_file()
    ]
    return Compliance(catalogs, mapping, labels, tuple(files))


def _check_extra(path: Path) -> None:
    """A `compliance.frameworks` directory adds catalogs and their mappings, nothing else."""
    if not path.is_dir():
        raise GatekeeperError(f"{path}: compliance framework directory not found")
    if (path / MAPPING_FILE).exists():
        raise GatekeeperError(
            f"{path / MAPPING_FILE}: a framework directory maps categories in <framework>{FRAMEWORK_MAPPING_SUFFIX}; "
            f"the shared {MAPPING_FILE} belongs to the rules' compliance directory"
        )
    if not catalog_files(path) and not any(path.glob("*" + FRAMEWORK_MAPPING_SUFFIX)):
        raise GatekeeperError(f"{path}: no catalog (*.yaml) or framework mapping (*{FRAMEWORK_MAPPING_SUFFIX}) in it")


def _label(directory: Path) -> str:
    return BUNDLED if directory == (default_rules_dir() / "compliance").resolve() else str(directory)
