"""Compliance as data: control catalogs and the finding -> control mapping (rules/compliance),
and control status (status.py). The engine maps findings; reports read statuses."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from gatekeeper.compliance.catalog import Catalogs, Control, Framework, load_catalogs
from gatekeeper.compliance.mapping import Mapping, load_mapping
from gatekeeper.rulepack import default_rules_dir

__all__ = ["Catalogs", "Compliance", "Control", "Framework", "Mapping", "compliance_dir", "load"]


@dataclass(frozen=True)
class Compliance:
    catalogs: Catalogs
    mapping: Mapping


def compliance_dir(rules_root: Path | None = None) -> Path:
    """`<rules>/compliance`; a custom rule pack without one uses the bundled catalogs and mapping."""
    if rules_root is not None and (rules_root / "compliance").is_dir():
        return rules_root / "compliance"
    return default_rules_dir() / "compliance"


def load(rules_root: Path | None = None) -> Compliance:
    return _load(compliance_dir(rules_root).resolve())


@lru_cache(maxsize=8)
def _load(directory: Path) -> Compliance:
    # Parsed once per process: the data is immutable and every report reads it.
    catalogs = load_catalogs(directory)
    return Compliance(catalogs, load_mapping(directory / "mapping.yaml", catalogs))
