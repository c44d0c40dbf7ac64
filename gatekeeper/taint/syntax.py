"""Small readings of Python syntax the summaries rest on: imports, route handlers, constant
conditions, the names and keys a value is stored under, allow-list checks."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from gatekeeper.taint import model


def imports(tree: ast.Module) -> dict[str, str]:
    """Local name -> what it names (`.db.run` for a relative import), from every import anywhere."""
    names: dict[str, str] = {}
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    names[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            for alias in node.names:
                joiner = "" if base.endswith(".") or not base else "."
                names[alias.asname or alias.name] = f"{base}{joiner}{alias.name}"
    return names


def _statements(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Every statement, nested ones included: where imports can be. Expressions cannot hold a
    statement, so they are not walked (on a tree like Django's that is most of ast.walk's time)."""
    for node in body:
        yield node
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, field, None)
            if isinstance(children, list):
                yield from _statements(children)


def functions(tree: ast.Module) -> list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]]:
    """Top-level functions and methods of top-level classes (nested functions are not summarised)."""
    found: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.append((node, ""))
        elif isinstance(node, ast.ClassDef):
            found += [
                (item, node.name) for item in node.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
            ]
    return found


def is_route(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in node.decorator_list:
        func = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(func, ast.Attribute) and func.attr in model.ROUTE_DECORATORS:
            return True
    return False


_CONVERTED = re.compile(r"<(?:int|float|uuid):(\w+)>")


def converted_params(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """URL parameters a route's converters make numbers or UUIDs (`/items/<int:item_id>`)."""
    names: set[str] = set()
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Call):
            for arg in decorator.args[:1]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    names |= set(_CONVERTED.findall(arg.value))
    return names


def safe_annotation(annotation: ast.expr | None) -> bool:
    if annotation is None:
        return False
    text = ast.unparse(annotation).replace("Optional[", "").rstrip("]").split("|")[0].strip()
    return text.split(".")[-1] in model.SAFE_PARAM_TYPES or "Depends(" in ast.unparse(annotation)


def constant_test(test: ast.expr) -> bool | None:
    """The truth of a condition that is a literal constant (`if False:`, `while 0:`), else None."""
    if isinstance(test, ast.Constant):
        return bool(test.value)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = constant_test(test.operand)
        return None if inner is None else not inner
    return None


def name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = name(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


def key(node: ast.expr) -> str | None:
    """The environment key of a name, attribute chain or constant subscript (`rows[0]`, `d["k"]`)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = key(node.value)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        base = key(node.value)
        return f"{base}[{node.slice.value!r}]" if base else None
    return None


def safe_loader(node: ast.Call) -> bool:
    loaders = [k.value for k in node.keywords if k.arg == "Loader"] + node.args[1:2]
    return any(name(loader).split(".")[-1] in model.SAFE_YAML_LOADERS for loader in loaders)


def allow_check(test: ast.expr) -> tuple[str | None, bool]:
    """The name a condition checks against an allow-list or a full-match pattern, and whether the
    condition is the failing case (`x not in ALLOWED`, `not RE.fullmatch(x)`)."""
    negated = False
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test, negated = test.operand, True
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.In, ast.NotIn)):
        allowed = test.comparators[0]
        literal = isinstance(allowed, (ast.List, ast.Tuple, ast.Set)) and all(
            isinstance(e, ast.Constant) for e in allowed.elts
        )
        if literal or name(allowed).split(".")[-1].isupper():
            checked = test.left
            if isinstance(checked, (ast.Attribute, ast.Call)) and not key(checked):
                # urlparse(url).hostname in ALLOWED_HOSTS: the URL it came from is checked
                inner = [n for n in ast.walk(checked) if isinstance(n, ast.Name)]
                checked = inner[-1] if inner else checked
            return key(checked), negated ^ isinstance(test.ops[0], ast.NotIn)
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute) and test.func.attr in {"fullmatch", "match"}:
        subject = (
            test.args[1]
            if name(test.func.value) == "re" and len(test.args) > 1
            else (test.args[0] if test.args else None)
        )
        if test.func.attr == "fullmatch" or name(test.func.value) != "re":
            return (key(subject) if subject is not None else None), negated
    return None, False
