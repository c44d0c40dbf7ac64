"""What the JSON, YAML and XML lock-file parsers share: safe loading and a cheap line index.

The standard parsers do not say on which line a value was written; the formats these parsers
read are machine-written with one key per line, so a regex over the lines finds each entry's
line in one pass instead of a slower parser that tracks positions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import yaml

from gatekeeper.advisories.manifests import ManifestError

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SEMVER = re.compile(r"v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?")
"""An exact npm version (SemVer 2.0.0; npm tolerates a leading `v`): anything else is not a version."""
MAX_NODES = 2_000_000
"""A lock file of 50,000 packages has a few hundred thousand values: more is a YAML bomb or garbage."""


def load_json(path: str, text: str, what: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(path, f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
    if not isinstance(data, dict):
        raise ManifestError(path, f"not {what} (expected a JSON object)")
    return data


def load_yaml(path: str, text: str, what: str) -> dict[str, Any]:
    """A YAML document as plain data; aliases (which no lock-file writer emits) are refused, so a
    "billion laughs" file cannot make a walk over the data explode."""
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)  # the C *safe* loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ManifestError(path, f"invalid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(data, dict):
        raise ManifestError(path, f"not {what} (expected a YAML mapping)")
    _no_shared_nodes(path, data)
    return data


def _no_shared_nodes(path: str, data: Any) -> None:
    """An alias makes one container appear twice; a tree of plain data never does."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        if id(node) in seen:
            raise ManifestError(
                path, "YAML aliases are not expected in a lock file (refused: a lock file is written by a tool)"
            )
        seen.add(id(node))
        if len(seen) > MAX_NODES:
            raise ManifestError(path, f"more than {MAX_NODES:,} values: not a lock file")
        stack.extend(node.values() if isinstance(node, dict) else node)


def mapping(path: str, value: Any, key: str) -> dict[str, Any]:
    """`value` as a mapping (absent: empty), or a ManifestError naming `key`."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ManifestError(path, f"'{key}' must be a mapping")
    return value


def string_map(path: str, value: Any, key: str) -> dict[str, str]:
    """A `name -> version or range` mapping, as lock files write dependencies."""
    found = mapping(path, value, key)
    for name, spec in found.items():
        if not isinstance(name, str) or not isinstance(spec, (str, int, float)):
            raise ManifestError(path, f"'{key}' must map package names to versions ({name!r})")
    return {str(name): str(spec) for name, spec in found.items()}


class KeyLines:
    """Line numbers of the keys written at one indentation, in order, e.g. the entries of a JSON
    object or a YAML mapping. `key_pattern` has one group: the key as written (without quotes)."""

    def __init__(self, text: str, key_pattern: str, start: int = 0) -> None:
        self.lines: dict[str, list[int]] = {}
        regex = re.compile(key_pattern)
        for number, line in enumerate(text.splitlines()[start:], start + 1):
            match = regex.match(line)
            if match:
                self.lines.setdefault(_unescape(match.group(1)), []).append(number)

    def line(self, key: str, default: int = 1) -> int:
        found = self.lines.get(key)
        return found[0] if found else default

    def take(self, key: str, default: int = 1) -> int:
        """The first unused line of `key` (for keys written more than once, in document order)."""
        found = self.lines.get(key)
        return found.pop(0) if found else default


def first_line(text: str, pattern: str) -> int | None:
    """1-based number of the first line matching `pattern`, or None."""
    regex = re.compile(pattern)
    for number, line in enumerate(text.splitlines(), 1):
        if regex.match(line):
            return number
    return None


def _unescape(key: str) -> str:
    if "\\" not in key:
        return key
    try:
        return str(json.loads(f'"{key}"'))
    except json.JSONDecodeError:
        return key


def groups(*flags: tuple[bool, str]) -> str:
    """`dev,optional` from the flags that are set."""
    return ",".join(name for on, name in flags if on)


def unique(items: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(set(items)))
