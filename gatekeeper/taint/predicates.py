"""Boolean validators: whether a function's `return` expressions check one of its parameters.

A function is a *predicate validator* for its parameter P when every value it returns is false
unless P was checked against something the project chose: membership in or equality with constants
(a literal or an UPPER_CASE name), a full match of a pattern, a `str` predicate (`isdigit()`,
`isalnum()`, ...), `urlparse(P).netloc/hostname/scheme` compared or `in` a constant set, `and`
(one operand checking P is enough) and `or` (every operand must) of those, a falsy constant, or a
call to another predicate validator. That last part is only known when the project is solved, so a
check is a *formula*, JSON-able: True, False, `["any", ...]`, `["all", ...]` or `["call", id, arg]`
(call `id` of the function validates its argument `arg`, a position or a keyword), which solve.py
evaluates. What does not count: a length or a numeric range (`len(P) > 0` checks no content), a
deny-list (`P not in BANNED`, `not BAD.search(P)`), a prefix (`P.startswith("/srv/files/")` passes
`/srv/files/../../etc/passwd`, `P.startswith("/")` passes `//evil.example`), a value returned rather
than a boolean.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from gatekeeper.taint import syntax

Formula = Any
"""True, False, ["any", *formulas], ["all", *formulas] or ["call", id, arg]."""

STR_PREDICATES = frozenset({"isdigit", "isdecimal", "isnumeric", "isalnum", "isalpha", "isidentifier"})
"""`str` methods whose truth says every character is of a safe kind."""
_NORMALISING = frozenset({"lower", "upper", "casefold", "strip", "lstrip", "rstrip"})
_URL_PARTS = frozenset({"netloc", "hostname", "scheme"})
_URL_PARSERS = frozenset({"urlparse", "urlsplit"})

CallRef = Callable[[ast.Call], "str | None"]
"""The id under which the function's summary lists a call (None: not listed)."""


def any_of(parts: Iterable[Formula]) -> Formula:
    return _combined("any", parts, decisive=True)


def all_of(parts: Iterable[Formula]) -> Formula:
    return _combined("all", parts, decisive=False)


def _combined(kind: str, parts: Iterable[Formula], decisive: bool) -> Formula:
    """`[kind, *parts]` simplified: `decisive` (True for any, False for all) decides it alone, the
    other constant drops out, duplicates go, and one part left stands for itself."""
    kept: list[Formula] = []
    for part in parts:
        if part is decisive:
            return decisive
        if part is not (not decisive) and part not in kept:
            kept.append(part)
    return (not decisive) if not kept else kept[0] if len(kept) == 1 else [kind, *kept]


def guard_tokens(labels: Iterable[str], param: str) -> Formula:
    """What a truthy `return` needs to be a check of parameter label `param` (`P0`), from the labels
    the parameter holds there: none left (an inline allow-list or full-match cleaned it) is a check;
    each remaining one must carry a guard (`?<call>:<arg>`, labels.py) that validates."""
    needs: list[Formula] = []
    for label in labels:
        base, _, safe = label.partition("!")
        if base != param:
            continue
        tokens = [t for t in safe.split(",") if t.startswith("?")]
        needs.append(any_of(["call", *t[1:].split(":", 1)] for t in tokens))
    return all_of(needs)


def narrow(
    checks: dict[int, Formula],
    value: ast.expr | None,
    params: list[str],
    env: Mapping[str, Iterable[str]],
    body: list[ast.stmt],
    call_ref: CallRef,
) -> bool:
    """Narrow `checks` (parameter index -> formula) to the parameters a `return value` checks, with
    `env` the labels each name holds there; whether the value may be true (approves anything)."""
    if value is None or (isinstance(value, ast.Constant) and not value.value):
        return False
    if not isinstance(value, (ast.Constant, ast.BoolOp, ast.UnaryOp, ast.Compare, ast.Call)):
        checks.clear()  # returns a value, not a verdict
        return True
    for index in list(checks):
        param = params[index]
        if isinstance(value, ast.Constant):  # return True: whatever checked the parameter before
            formula = guard_tokens(env.get(param, ()), f"P{index}")
        else:
            formula = Checks(param, url_aliases(body, param), call_ref).check(value)
        combined = all_of([checks[index], formula])
        if combined is False:
            del checks[index]
        else:
            checks[index] = combined
    return True


class Checks:
    """Reads `return` expressions against one parameter, named `subject` in the function."""

    def __init__(self, subject: str, parsed: set[str], call_ref: CallRef) -> None:
        self.subject, self.parsed, self.call_ref = subject, parsed, call_ref

    def check(self, node: ast.expr) -> Formula:
        if isinstance(node, ast.Constant):
            return not node.value  # a falsy return approves nothing
        if isinstance(node, ast.BoolOp):
            parts = (self.check(v) for v in node.values)
            return any_of(parts) if isinstance(node.op, ast.And) else all_of(parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self._negative(node.operand)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        return False

    def _is_subject(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _NORMALISING:
            return self._is_subject(node.func.value)  # P.lower() in ALLOWED checks P
        return isinstance(node, ast.Name) and node.id == self.subject

    def _about(self, node: ast.expr) -> bool:
        """P itself, or the host, scheme or network location of `urlparse(P)`."""
        if self._is_subject(node):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _NORMALISING:
            return self._about(node.func.value)
        if isinstance(node, ast.Attribute) and node.attr in _URL_PARTS:
            value = node.value
            if isinstance(value, ast.Name):
                return value.id in self.parsed
            return (
                isinstance(value, ast.Call)
                and syntax.name(value.func).split(".")[-1] in _URL_PARSERS
                and bool(value.args)
                and self._is_subject(value.args[0])
            )
        return False

    def _compare(self, node: ast.Compare) -> Formula:
        if len(node.ops) != 1:
            return False
        op, left, right = node.ops[0], node.left, node.comparators[0]
        if isinstance(op, ast.IsNot) and _none(right):
            return self._match(left)  # RE.fullmatch(P) is not None
        if isinstance(op, ast.Eq) and self._about(right) and constant(left):
            return True
        return isinstance(op, (ast.Eq, ast.In, ast.Is)) and self._about(left) and constant(right)

    def _negative(self, node: ast.expr) -> Formula:
        """`not (P not in ALLOWED)` / `not P != "x"`; `not` of anything else is a deny-list."""
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            op = node.ops[0]
            if isinstance(op, (ast.NotIn, ast.NotEq)) and self._about(node.left) and constant(node.comparators[0]):
                return True
        return False

    def _match(self, node: ast.expr) -> Formula:
        checked, negated = syntax.allow_check(node)
        return bool(checked == self.subject and not negated and isinstance(node, ast.Call))

    def _call(self, node: ast.Call) -> Formula:
        func = node.func
        if syntax.name(func) == "bool" and len(node.args) == 1:
            return self.check(node.args[0])
        if isinstance(func, ast.Attribute):
            if func.attr in {"fullmatch", "match"}:
                return self._match(node)
            if self._is_subject(func.value):
                return func.attr in STR_PREDICATES and not node.args
        positions = [str(i) for i, a in enumerate(node.args) if self._is_subject(a)]
        positions += [k.arg for k in node.keywords if k.arg and self._is_subject(k.value)]
        call_id = self.call_ref(node) if positions else None
        if call_id is None:
            return False
        return any_of(["call", call_id, position] for position in positions)


def constant(node: ast.expr) -> bool:
    """A literal, a literal collection of literals, or an UPPER_CASE name (`settings.ALLOWED_HOSTS`)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return all(isinstance(e, ast.Constant) for e in node.elts)
    if isinstance(node, ast.Call) and syntax.name(node.func) in {"frozenset", "set", "tuple"} and node.args:
        return constant(node.args[0])
    last = syntax.name(node).split(".")[-1]
    return bool(last) and last.isupper()


def _none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def url_aliases(body: list[ast.stmt], subject: str) -> set[str]:
    """Names the function assigns `urlparse(P)` / `urlsplit(P)` to (`parsed = urlparse(target)`)."""
    names: set[str] = set()
    for node in body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and syntax.name(node.value.func).split(".")[-1] in _URL_PARSERS
            and node.value.args
            and isinstance(node.value.args[0], ast.Name)
            and node.value.args[0].id == subject
        ):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names
