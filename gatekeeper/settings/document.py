"""Reading the file: YAML with the line of every key and value, or pyproject.toml's table.

Line numbers come from the YAML node tree (yaml.compose), never from re-parsing the text. TOML has
no positions in the standard library's parser, so pyproject.toml errors name the file and the key.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from gatekeeper.errors import GatekeeperError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

Key = tuple[Any, ...]
"""A position in the document: mapping keys (str) and list indices (int)."""


def pyproject_table(path: Path) -> dict[str, Any] | None:
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
    converted: dict[str, Any] = plain(table)
    return converted


def plain(value: Any) -> Any:
    """TOML/YAML values as JSON-schema sees them: dates become ISO strings."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, date):  # datetime included: its isoformat then fails the date pattern
        return value.isoformat()
    return value


MAX_VALUES = 1_000_000
"""Values a configuration may hold once YAML aliases are expanded. Far beyond any real policy; it
stops a "billion laughs" file (aliases of aliases, each multiplying) from hanging the gate."""


@dataclass
class Document:
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

    def where(self, key: Key, *, of_key: bool = False) -> str:
        """`file:line` of `key` (of its nearest ancestor), or the file alone."""
        line = self.line(key, of_key=of_key)
        return f"{self.display}:{line}" if line is not None else self.display

    def origins(self) -> tuple[tuple[str, str], ...]:
        """Every value the file sets and the `file:line` it came from (`config show --origins`)."""
        return tuple((key_text(key), self.where(key)) for key in _keys(normalised(self.data), ()))

    def error(self, key: Key, message: str, *, of_key: bool = False) -> GatekeeperError:
        name = key_text(self.prefix + key)
        return GatekeeperError(f"{self.where(key, of_key=of_key)}: {name + ': ' if name else ''}{message}")


def normalised(data: Any) -> Any:
    """`scanners: {x: false}` as `{x: {enabled: false}}`, so every scanner setting is a leaf."""
    if not isinstance(data, dict) or not isinstance(data.get("scanners"), dict):
        return data
    scanners = {k: ({"enabled": v} if isinstance(v, bool) else v) for k, v in data["scanners"].items()}
    return {**data, "scanners": scanners}


def _keys(value: Any, key: Key) -> list[Key]:
    if isinstance(value, dict):
        return [k for name, item in value.items() for k in _keys(item, key + (name,))]
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        return [k for i, item in enumerate(value) for k in _keys(item, key + (i,))]
    return [key]


def key_text(key: Key) -> str:
    text = ""
    for part in key:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def parse_yaml(text: str, display: str) -> Document:
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
        doc = Document(display, {}, {(): 1}, {})
        if node is None:
            return doc
        doc.data = _convert(node, (), loader, doc)
        return doc
    finally:
        loader.dispose()


def _convert(node: yaml.Node, key: Key, loader: yaml.SafeLoader, doc: Document) -> Any:
    doc.values += 1
    if doc.values > MAX_VALUES:
        raise GatekeeperError(
            f"{doc.display}: more than {MAX_VALUES:,} values once its aliases are expanded: "
            "not loaded (YAML aliases that multiply, a 'billion laughs'?)"
        )
    doc.value_lines[key] = node.start_mark.line + 1
    standard: dict[type[yaml.Node], str] = {
        yaml.MappingNode: "tag:yaml.org,2002:map",
        yaml.SequenceNode: "tag:yaml.org,2002:seq",
    }
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
                    f"{doc.display}:{key_node.start_mark.line + 1}: {key_text(doc.prefix + child)}: "
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
    return plain(value)
