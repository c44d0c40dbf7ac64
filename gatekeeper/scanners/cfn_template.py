"""A CloudFormation template, read as data: YAML (with the short-form intrinsic tags, `!Ref`,
`!Sub`, `!GetAtt`, `!If` ...) or JSON, every mapping remembering the line of each of its keys, and
the values of its properties resolved as far as the template alone allows.

The short tags become the long form (`!Ref X` is `{"Ref": "X"}`, `!GetAtt A.B` is
`{"Fn::GetAtt": ["A", "B"]}`), so a check reads one shape whichever form the author wrote.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml


class TemplateError(Exception):
    """A template that cannot be read as one; the message names the line, never quotes the text."""


class Located(dict[str, Any]):
    """A mapping that knows the line (1-based) of itself and of each of its keys."""

    line: int = 1

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


# libyaml's parser when PyYAML was built with it (about 10x faster on a large template).
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader, its mappings Located, plus CloudFormation's tags; nothing else is
    constructed (gatekeeper/scanners/k8s_accounts.py reads Kubernetes manifests with it too)."""


def _mapping(loader: LineLoader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    result = Located()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[str(key)] = loader.construct_object(value_node, deep=True)
        result.lines[str(key)] = key_node.start_mark.line + 1
    return result


def _intrinsic(loader: LineLoader, name: str, node: yaml.Node) -> Located:
    """`!Name x` is the short form of `{"Fn::Name": x}` (`!Ref` and `!Condition` keep their names):
    every short form, those of template rules (`!Contains`, `!EachMemberIn`) and future ones too,
    rather than a list that makes a valid template unreadable when it misses one."""
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if name == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = _mapping(loader, node)  # type: ignore[arg-type]
    key = name if name in ("Ref", "Condition") else f"Fn::{name}"
    result = Located({key: value})
    result.line = node.start_mark.line + 1
    return result


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
LineLoader.add_multi_constructor("!", _intrinsic)


def load(text: str, json_syntax: bool) -> Located:
    """The template as a mapping; TemplateError when it is not one."""
    try:
        data = _load_json(text) if json_syntax else yaml.load(text, Loader=LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise TemplateError(f"cannot parse YAML{where}: {exc.problem or 'invalid syntax'}") from None
    except yaml.YAMLError as exc:
        raise TemplateError(f"cannot parse YAML: {type(exc).__name__}") from None
    except json.JSONDecodeError as exc:
        raise TemplateError(f"cannot parse JSON at line {exc.lineno}: {exc.msg}") from None
    except RecursionError:
        raise TemplateError("cannot parse: nesting too deep") from None
    if not isinstance(data, Located):
        raise TemplateError("not a template: the document is not a mapping")
    resources = data.get("Resources")
    if resources is not None and not isinstance(resources, dict):
        raise TemplateError(f"line {data.line_of('Resources')}: Resources is not a mapping")
    return data


_JSON_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')


def _load_json(text: str) -> Located:
    """JSON has no marks: the lines of keys come from the text, in document order (json keeps
    key order, and a key's line is that of its first unused occurrence after its parent's)."""
    positions: dict[str, list[int]] = {}
    for match in _JSON_KEY.finditer(text):
        positions.setdefault(json.loads(f'"{match.group(1)}"'), []).append(match.start())
    starts = [0]
    starts += [i + 1 for i, c in enumerate(text) if c == "\n"]

    def line_at(offset: int) -> int:
        low, high = 0, len(starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low + 1

    cursor = {"offset": 0}
    data = json.loads(text, object_pairs_hook=Located)

    def assign(node: Any) -> None:
        """In document order, each key gets its first occurrence after the previous key's."""
        if isinstance(node, Located):
            first = True
            for key, value in node.items():
                offsets = positions.get(key, [])
                found = next((o for o in offsets if o >= cursor["offset"]), None)
                if found is not None:
                    cursor["offset"] = found + 1
                    node.lines[key] = line_at(found)
                    if first:
                        node.line = node.lines[key]
                        first = False
                assign(value)
        elif isinstance(node, list):
            for item in node:
                assign(item)

    assign(data)
    return data  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Resource:
    logical_id: str
    type: str
    properties: Located
    line: int


def resources(template: Located) -> Iterator[Resource]:
    for logical_id, body in (template.get("Resources") or {}).items():
        if isinstance(body, dict) and isinstance(body.get("Type"), str):
            properties = body.get("Properties")
            yield Resource(
                logical_id,
                body["Type"],
                properties if isinstance(properties, Located) else Located(),
                template["Resources"].line_of(logical_id),
            )


class Unknown:
    """A value the template alone cannot tell (a parameter without a default, an attribute)."""

    def __repr__(self) -> str:
        return "Unknown"


UNKNOWN = Unknown()


def possible_values(value: Any, template: Located, depth: int = 0) -> list[Any]:
    """The concrete values `value` can take: a `Ref` to a parameter is its default; each branch of
    an `Fn::If` is possible; anything else intrinsic is UNKNOWN (never guessed insecure)."""
    if depth > 10:
        return [UNKNOWN]
    if isinstance(value, dict) and len(value) == 1:
        ((key, argument),) = value.items()
        if key == "Ref" and isinstance(argument, str):
            parameter = (template.get("Parameters") or {}).get(argument)
            if isinstance(parameter, dict) and "Default" in parameter:
                return possible_values(parameter["Default"], template, depth + 1)
            return [UNKNOWN]
        if key == "Fn::If" and isinstance(argument, list) and len(argument) == 3:
            return [
                *possible_values(argument[1], template, depth + 1),
                *possible_values(argument[2], template, depth + 1),
            ]
        if key.startswith("Fn::") or key == "Condition":
            return [UNKNOWN]
    if isinstance(value, dict) and value.keys() == {"Ref"}:
        return [UNKNOWN]
    return [value]


def no_value(value: Any) -> bool:
    """`!Ref AWS::NoValue`: the property is absent."""
    return isinstance(value, dict) and value.get("Ref") == "AWS::NoValue"


def as_bool(value: Any) -> bool | None:
    """CloudFormation takes booleans as `true` or the strings "true"/"false"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None
