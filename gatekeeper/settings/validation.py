"""The file's shape: the JSON schema (gatekeeper/schemas/config.schema.json, its `scanners:`
section from the registered scanners), each violation one line naming the key and its line."""

from __future__ import annotations

import difflib
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from gatekeeper.errors import GatekeeperError
from gatekeeper.settings.document import Document, Key
from gatekeeper.settings.model import registry

if TYPE_CHECKING:
    import jsonschema


def schema() -> dict[str, Any]:
    """The file's schema, its `scanners:` section built from the registered scanners' own options."""
    text = resources.files("gatekeeper").joinpath("schemas/config.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    schema["properties"]["scanners"] = registry().config_schema()
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


def validate(doc: Document) -> None:
    """Raise the first (topmost) schema violation; expand the `fail_on: high` shorthand in place."""
    _Shape(doc).validate()


class _Shape:
    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def error(self, key: Key, message: str, *, of_key: bool = False) -> GatekeeperError:
        return self.doc.error(key, message, of_key=of_key)

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
        schema = error.schema if isinstance(error.schema, dict) else {}
        known = set(schema.get("properties") or {})
        instance: Any = error.instance  # a mapping: additionalProperties failed on it
        extra = [k for k in instance if k not in known]
        base = tuple(error.absolute_path)
        return sorted(extra, key=lambda k: self.doc.line(base + (k,), of_key=True) or 0)

    def _message(self, error: jsonschema.ValidationError, key: Key) -> str:
        schema = error.schema if isinstance(error.schema, dict) else {}
        validator = error.validator
        value: Any = error.instance
        expected: Any = error.validator_value  # what the failed keyword asked for: a list, a number, ...
        if validator == "additionalProperties":
            known = sorted(schema.get("properties") or {})
            name = key[-1]
            close = difflib.get_close_matches(str(name), known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return f"unknown key{hint}; expected one of {', '.join(known)}"
        if validator == "propertyNames":
            return f"expected {(schema.get('propertyNames') or {}).get('x-expected', 'a valid name')}"
        if validator == "enum":
            return f"{_describe(value)} is not one of {', '.join(str(v) for v in expected)}"
        if validator == "const":
            return f"expected {schema.get('x-expected', expected)}, got {_describe(value)}"
        if validator == "type":
            words = " or ".join(
                _TYPE_WORDS.get(str(t), str(t)) for t in (expected if isinstance(expected, list) else [expected])
            )
            return f"expected {words}, got {_describe(value)}"
        if validator == "required":
            missing = [k for k in expected if k not in value]
            return f"missing required key '{missing[0]}'"
        if validator == "minimum":
            return f"expected a whole number of at least {expected}, got {_describe(value)}"
        if validator in ("minItems",):
            return "expected at least one entry, got an empty list"
        if validator in ("pattern", "minLength", "anyOf", "oneOf", "format"):
            return f"expected {schema.get('x-expected', 'a valid value')}, got {_describe(value)}"
        return " ".join(error.message.split())
