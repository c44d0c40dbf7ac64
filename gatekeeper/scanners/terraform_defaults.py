"""Settings a Terraform resource leaves at an insecure default, or sets to an insecure value, as data.

A provider's defaults are often the insecure choice: an RDS instance without `storage_encrypted`
is unencrypted, an App Service without `https_only` serves plain HTTP, an EC2 instance without
`metadata_options { http_tokens = "required" }` answers IMDSv1. semgrep sees only what is
written, so these checks are a table (rules/iac/terraform-defaults.yaml) of (resource types,
attribute path, secure predicate, weakness) evaluated over the parsed HCL here.

A value that is an expression (`var.x`, a conditional, `each.value`) or a block built by
`dynamic` cannot be told statically: the check is given the benefit of the doubt, never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gatekeeper.findings import Confidence, Severity
from gatekeeper.scanners.terraform_hcl import Block, Check, Module, as_list

TABLE = Path("iac") / "terraform-defaults.yaml"

_MISSING = object()
_UNKNOWN = object()

PREDICATES = frozenset(
    {
        "equals",
        "in",
        "not_in",
        "present",
        "min",
        "none_of",
        "not_literal",
        "no_literal_secrets",
        "matches",
        "has_blocks",
    }
)
_KEYS = frozenset(
    {
        "id",
        "resources",
        "attribute",
        "secure",
        "missing",
        "when",
        "unless_module_has",
        "title",
        "message",
        "severity",
        "confidence",
        "cwe",
        "owasp",
        "fix",
        "references",
    }
)
_SECRET_NAME = re.compile(r"(?i)(passw(or)?d|secret|token|api[_-]?key|private[_-]?key|credential|access[_-]?key)")


class TableError(Exception):
    """The table is malformed; the message names the file, the check and the key."""


@dataclass(frozen=True)
class Condition:
    attribute: tuple[str, ...]
    predicate: Mapping[str, Any]
    default: Any = _MISSING


@dataclass(frozen=True)
class DefaultCheck:
    check: Check
    resources: frozenset[str]
    attributes: tuple[tuple[str, ...], ...]
    """Alternative paths (`member`, `members`): insecure when any is; missing when all are."""
    secure: Mapping[str, Any]
    missing_is_insecure: bool
    when: tuple[Condition, ...]
    unless_module_has: frozenset[str]
    """Resource types that settle the matter for the whole module (account-wide EBS encryption)."""
    missing_only: bool = False
    """Report only an absent setting: an explicit bad value is a semgrep rule's finding, at its line."""


def load(rules_dir: Path) -> tuple[DefaultCheck, ...]:
    path = rules_dir / TABLE
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TableError(f"{path}: cannot read the Terraform defaults table: {type(exc).__name__}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("checks"), list):
        raise TableError(f"{path}: no top-level 'checks' list")
    checks = [_entry(path, index, raw) for index, raw in enumerate(doc["checks"])]
    seen: set[str] = set()
    for entry in checks:
        if entry.check.id in seen:
            raise TableError(f"{path}: check '{entry.check.id}' is defined twice")
        seen.add(entry.check.id)
    return tuple(checks)


def _entry(path: Path, index: int, raw: Any) -> DefaultCheck:
    where = f"{path}: checks[{index}]"
    if not isinstance(raw, dict):
        raise TableError(f"{where}: not a mapping")
    where = f"{path}: {raw.get('id', f'checks[{index}]')}"
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise TableError(f"{where}: unknown key '{unknown[0]}'; expected one of {', '.join(sorted(_KEYS))}")
    for key in ("id", "resources", "attribute", "secure", "title", "severity", "cwe", "fix"):
        if not raw.get(key) and raw.get(key) is not False:
            raise TableError(f"{where}: '{key}' is missing")
    try:
        severity = Severity[str(raw["severity"]).upper()]
        confidence = Confidence[str(raw.get("confidence", "MEDIUM")).upper()]
    except KeyError as exc:
        raise TableError(f"{where}: unknown severity or confidence {exc}") from None
    title = str(raw["title"])
    check = Check(
        id=str(raw["id"]),
        title=title,
        message=str(raw.get("message") or f"{{address}}: {title[0].lower()}{title[1:]}."),
        severity=severity,
        confidence=confidence,
        cwe=tuple(str(c) for c in as_list(raw["cwe"])),
        owasp=tuple(str(o) for o in as_list(raw.get("owasp"))),
        remediation=str(raw["fix"]),
        references=tuple(str(r) for r in as_list(raw.get("references"))),
    )
    when = tuple(
        Condition(
            _path(where, c.get("attribute")),
            _predicate(where, {k: v for k, v in c.items() if k not in ("attribute", "default")}),
            c.get("default", _MISSING),
        )
        for c in as_list(raw.get("when"))
        if isinstance(c, dict)
    )
    if raw.get("missing", "insecure") not in ("insecure", "secure", "only"):
        raise TableError(f"{where}: 'missing' must be insecure, secure or only")
    return DefaultCheck(
        check=check,
        resources=frozenset(str(r) for r in as_list(raw["resources"])),
        attributes=tuple(_path(where, a) for a in as_list(raw["attribute"])),
        secure=_predicate(where, raw["secure"]),
        missing_is_insecure=raw.get("missing", "insecure") in ("insecure", "only"),
        when=when,
        unless_module_has=frozenset(str(r) for r in as_list(raw.get("unless_module_has"))),
        missing_only=raw.get("missing") == "only",
    )


def _path(where: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, str) or not value:
        raise TableError(f"{where}: an attribute path is a dotted string (site_config.minimum_tls_version)")
    return tuple(value.split("."))


def _predicate(where: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in PREDICATES:
        raise TableError(f"{where}: a predicate is one of {', '.join(sorted(PREDICATES))} with its operand")
    return dict(value)


def evaluate(checks: tuple[DefaultCheck, ...], module: Module) -> Iterator[tuple[Check, Block]]:
    for entry in checks:
        if entry.unless_module_has and module.of_type(*entry.unless_module_has):
            continue
        for block in module.of_type(*entry.resources):
            if all(_condition_holds(c, block.body) for c in entry.when) and _insecure(entry, block.body):
                yield entry.check, block


def _condition_holds(condition: Condition, body: dict[str, Any]) -> bool:
    value = lookup(body, condition.attribute)
    if value is _MISSING and condition.default is not _MISSING:
        value = condition.default
    if value is _MISSING or value is _UNKNOWN:
        return False  # a condition that cannot be told: do not report on a guess
    return holds(condition.predicate, value) is True


def _insecure(entry: DefaultCheck, body: dict[str, Any]) -> bool:
    values = [lookup(body, path) for path in entry.attributes]
    if any(v is _UNKNOWN for v in values):
        return False
    present = [v for v in values if v is not _MISSING]
    if not present:
        return entry.missing_is_insecure
    return not entry.missing_only and any(holds(entry.secure, v) is False for v in present)


def lookup(body: Any, path: tuple[str, ...]) -> Any:
    """The value at `path` (through nested blocks); _MISSING, or _UNKNOWN when an expression or
    a `dynamic` block decides it. Several blocks: the first insecure-looking one is not chosen
    here; each block's value is returned as a list for the predicate to judge."""
    if not path:
        return body
    head, rest = path[0], path[1:]
    if isinstance(body, list):
        values = [lookup(item, path) for item in body]
        if any(v is _UNKNOWN for v in values):
            return _UNKNOWN
        present = [v for v in values if v is not _MISSING]
        return _MISSING if not present else present[0] if len(present) == 1 else _Several(present)
    if isinstance(body, str) and body.startswith("${"):
        return _UNKNOWN
    if not isinstance(body, dict):
        return _MISSING
    if head not in body:
        dynamic = [d for d in as_list(body.get("dynamic")) if isinstance(d, dict) and head in d]
        return _UNKNOWN if dynamic else _MISSING
    value = body[head]
    if not rest:
        return _UNKNOWN if _is_expression(value) else value
    return lookup(value, rest)


class _Several(list[Any]):
    """One value per nested block (two `root_block_device`s, several `security_rule`s)."""


def _is_expression(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("${") and value.endswith("}")


def holds(predicate: Mapping[str, Any], value: Any) -> bool | None:
    """Whether `value` satisfies the predicate; None when it cannot be told."""
    if isinstance(value, _Several):
        results = [holds(predicate, v) for v in value]
        return False if False in results else None if None in results else True
    name, operand = next(iter(predicate.items()))
    if name == "present":
        return _present(value) is operand
    if name == "equals":
        return _same(value, operand)
    if name == "in":
        return any(_same(value, o) for o in as_list(operand))
    if name == "not_in":
        return not any(_same(value, o) for o in as_list(operand))
    if name == "matches":
        return isinstance(value, str) and re.search(str(operand), value) is not None
    if name == "min":
        try:
            return float(value) >= float(operand)
        except (TypeError, ValueError):
            return None
    if name == "none_of":
        items = [str(v) for v in as_list(value)]
        if any(_is_expression(i) for i in items):
            return None if not any(_same(i, o) for i in items for o in as_list(operand)) else False
        return not any(_same(i, o) for i in items for o in as_list(operand))
    if name == "not_literal":
        # a literal secret: a plain string, not a reference to a variable or a secret store
        return not (isinstance(value, str) and value != "" and "${" not in value)
    if name == "no_literal_secrets":
        # a map (environment variables): no secret-looking key with a literal value
        if not isinstance(value, dict):
            return None
        return not any(
            _SECRET_NAME.search(str(k)) and isinstance(v, str) and v and "${" not in v for k, v in value.items()
        )
    if name == "has_blocks":
        # nested blocks (database_flags { name = ..., value = ... }): each wanted one is there
        blocks = [b for b in as_list(value) if isinstance(b, dict)]
        return all(
            any(all(_same(b.get(k), v) for k, v in wanted.items()) for b in blocks) for wanted in as_list(operand)
        )
    raise AssertionError(name)


def _present(value: Any) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, (list, dict, str)):
        return bool(value)
    return True


def _same(value: Any, operand: Any) -> bool:
    if isinstance(value, str) and isinstance(operand, str):
        return value.lower() == operand.lower()
    if isinstance(value, bool) or isinstance(operand, bool):
        return value is operand or (isinstance(value, str) and value.lower() == str(operand).lower())
    return bool(value == operand)
