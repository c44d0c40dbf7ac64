"""The registry of scanners: one place that knows them, from which every list of them is derived.

A scanner's class declares its name, options, kinds, description and whether it yields an
inventory (gatekeeper/scanners/base.py); registering it (one line, gatekeeper/scanners/__init__.py)
puts it in the config schema, `--scanner`, `init`'s starter file, the names the compliance mapping
may use and the SBOM. Nothing else keeps a list of scanners.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gatekeeper.rulepack import RulePack
    from gatekeeper.scanners.base import Scanner


class DuplicateScanner(ValueError):
    """Two scanners registered under one name: config, reports and `--scanner` could not tell them apart."""


class Registry:
    """The registered scanner classes, in registration order (the order of every list derived)."""

    def __init__(self) -> None:
        self._classes: dict[str, type[Scanner]] = {}

    def register(self, scanner: type[Scanner]) -> type[Scanner]:
        if scanner.name in self._classes:
            raise DuplicateScanner(
                f"scanner '{scanner.name}' is registered twice ({self._classes[scanner.name].__qualname__} "
                f"and {scanner.__qualname__})"
            )
        self._classes[scanner.name] = scanner
        return scanner

    def unregister(self, name: str) -> None:
        del self._classes[name]

    def names(self) -> tuple[str, ...]:
        return tuple(self._classes)

    def classes(self) -> tuple[type[Scanner], ...]:
        return tuple(self._classes.values())

    def build(self, rules: RulePack) -> dict[str, Scanner]:
        """One scanner of each kind for a scan with `rules`."""
        return {name: scanner.create(rules) for name, scanner in self._classes.items()}

    def inventory_names(self) -> frozenset[str]:
        """The scanners whose results carry components (what an SBOM lists)."""
        return frozenset(name for name, scanner in self._classes.items() if scanner.inventory)

    def config_schema(self) -> dict[str, Any]:
        """The `scanners:` section of the config schema: one fragment per scanner."""
        return {
            "type": "object",
            "additionalProperties": False,
            "properties": {name: _fragment(scanner) for name, scanner in self._classes.items()},
        }

    def starter(self) -> str:
        """The `scanners:` section of `init`'s starter file: every scanner on, with what it does."""
        width = max([len(f"{name}: true") for name in self._classes] + [26])  # the file's comment column
        lines = ["scanners:"]
        for name, scanner in self._classes.items():
            entry = f"  {name}: true"
            lines.append(f"{entry.ljust(width + 2)}  # {scanner.description}" if scanner.description else entry)
        return "\n".join(lines) + "\n"


def _fragment(scanner: type[Scanner]) -> dict[str, Any]:
    """`scanners.<name>`: true, false, or a mapping of `enabled` and the scanner's own options."""
    return {
        "description": scanner.description,
        "anyOf": [{"type": "boolean"}, {"type": "object"}],
        "x-expected": "true, false or a mapping of the scanner's options",
        "properties": {"enabled": {"type": "boolean"}, **{k: dict(v) for k, v in scanner.options.items()}},
        "additionalProperties": False,
    }
