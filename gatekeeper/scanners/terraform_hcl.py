"""Terraform as data: python-hcl2's reading of a module's `resource` and `data` blocks, with lines.

Shared by the terraform scanner's checks (scanners/terraform.py: relations between resources;
scanners/terraform_defaults.py: settings left at an insecure default; scanners/terraform_network.py:
firewall rules). A value that is an expression reads as `${...}`: what it evaluates to cannot be
told statically, so checks treat it as unknown, never as insecure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from gatekeeper.findings import Confidence, Finding, Location, Severity


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    message: str
    """`{address}` is replaced by the resource's address (aws_s3_bucket.logs)."""
    severity: Severity
    confidence: Confidence
    cwe: tuple[str, ...]
    owasp: tuple[str, ...]
    remediation: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """One top-level `resource` (or `data`) block and where it is."""

    kind: str
    type: str
    name: str
    body: dict[str, Any]
    path: str
    line: int
    end_line: int
    header: str

    @property
    def address(self) -> str:
        return f"{self.type}.{self.name}" if self.kind == "resource" else f"data.{self.type}.{self.name}"


class ParseError(Exception):
    """A .tf file python-hcl2 cannot read; the message is one line."""


def parse_file(text: str, path: str) -> list[Block]:
    """The `resource` and `data` blocks of one file, with their line numbers."""
    import hcl2  # deferred: a missing dependency is the scanner's failure, not gatekeeper's
    from hcl2.utils import SerializationOptions

    try:
        tree = hcl2.parses_to_tree(text)
        positions = _block_positions(tree)
        data = hcl2.serialize(
            hcl2.transform(tree, discard_comments=True),
            serialization_options=SerializationOptions(
                with_comments=False, explicit_blocks=False, strip_string_quotes=True, preserve_heredocs=False
            ),
        )
    except RecursionError:
        raise ParseError("cannot parse HCL: nesting too deep") from None
    except Exception as exc:  # noqa: BLE001 - lark and python-hcl2 raise many types; each is an unparseable file
        raise ParseError(f"cannot parse HCL: {describe(exc)}") from None
    lines = text.splitlines()
    blocks: list[Block] = []
    for kind in ("resource", "data"):
        for entry in as_list(data.get(kind)):
            for type_, named in entry.items():
                for name, body in named.items():
                    line, end_line = positions.get((kind, type_, name), (1, 1))
                    header = lines[line - 1].strip() if 0 < line <= len(lines) else ""
                    blocks.append(
                        Block(kind, type_, name, body if isinstance(body, dict) else {}, path, line, end_line, header)
                    )
    return blocks


def _block_positions(tree: Any) -> dict[tuple[str, ...], tuple[int, int]]:
    """(kind, type, name) -> (first line, last line) of each top-level labelled block."""
    from lark import Token, Tree

    positions: dict[tuple[str, ...], tuple[int, int]] = {}
    body = next((c for c in tree.children if isinstance(c, Tree) and c.data == "body"), None)
    for block in body.children if body is not None else ():
        if not isinstance(block, Tree) or block.data != "block":
            continue
        labels: list[str] = []
        for child in block.children:
            if isinstance(child, Token):  # the opening brace: labels are done
                break
            labels.append(
                "".join(str(t) for t in child.scan_values(lambda v: isinstance(v, Token) and v.type != "DBLQUOTE"))
            )
        key = tuple(labels)
        if len(key) == 3 and key not in positions:
            positions[key] = (block.meta.line, block.meta.end_line)
    return positions


@dataclass
class Module:
    """The blocks of one directory of .tf files."""

    blocks: list[Block]

    def of_type(self, *types: str) -> list[Block]:
        return [b for b in self.blocks if b.kind == "resource" and b.type in types]


Target = frozenset[str] | None
"""The names of the module's resources an expression refers to; None when it cannot be told."""


def references(value: Any, resource_type: str, literal_names: dict[str, str] | None = None) -> Target:
    """Which `resource_type` resources of the module `value` points at.

    `aws_s3_bucket.logs.id` (also `[count.index]`, `.bucket`, `.arn`) names `logs`; a plain
    string names the buckets whose literal `bucket` attribute it equals; anything else (var.x,
    module.y.z, each.value) is unknown.
    """
    text = value if isinstance(value, str) else str(value)
    pattern = re.compile(rf"(?<![\w.]){re.escape(resource_type)}\.([A-Za-z_][\w-]*)")
    names = set(pattern.findall(text))
    if names:
        return frozenset(names)
    if literal_names is not None and isinstance(value, str) and "${" not in value:
        return frozenset(name for name, literal in literal_names.items() if literal == value)
    return None


def finding(check: Check, block: Block) -> Finding:
    return Finding(
        rule_id=check.id,
        title=check.title,
        message=check.message.format(address=block.address),
        severity=check.severity,
        confidence=check.confidence,
        location=Location(path=block.path, start_line=block.line, end_line=block.end_line),
        scanners=("terraform",),
        source_rules=(("terraform", check.id),),
        cwe=check.cwe,
        owasp=check.owasp,
        snippet=block.header,
        remediation=check.remediation,
        references=check.references,
        properties=(("resource", block.address),),
    )


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def describe(exc: BaseException) -> str:
    """The error's kind and position, never its text: parser messages quote the source, and a
    .tf file may hold a secret."""
    line, column = getattr(exc, "line", None), getattr(exc, "column", None)
    where = f" at line {line}, column {column}" if isinstance(line, int) and line > 0 else ""
    return f"{type(exc).__name__}{where}"
