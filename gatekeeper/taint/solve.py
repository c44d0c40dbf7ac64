"""The project's summaries solved together: calls resolved across modules and imports, request data
followed through helpers' parameters and return values to a bounded depth.

Only flows that cross a function boundary are reported (a helper's sink reached by a caller's
request data, or request data a helper returns): the semgrep rules see flows inside one function.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from gatekeeper.taint import model
from gatekeeper.taint.labels import EMPTY, Labels, join, reaches, split

MAX_DEPTH = 4
"""How many project functions a flow may pass through (callers and callees each)."""

Function = tuple[str, str]
"""(path, qualified name) of a summarised function."""


@dataclass(frozen=True)
class Flow:
    path: str
    sink: Mapping[str, Any]
    source: str
    chain: tuple[str, ...]


@dataclass(frozen=True)
class Clearance:
    """A sink of one function that request data reaches only through a project function (learnt)
    or a declared sanitiser, which gives back nothing of it for the sink's class."""

    path: str
    sink: Mapping[str, Any]
    sanitiser: str
    """The name the call uses, e.g. `security.safe_next`."""
    defined: str
    """Where the project function is defined (`shop/security.py:12`); "" for a library function."""
    declared: bool
    """Named in `scanners.taint.sanitizers` rather than learnt from its summary."""


@dataclass(frozen=True)
class _Sanitiser:
    """A function found to clean request data (Clearance's sanitiser, defined and declared)."""

    name: str
    where: str
    declared: bool


@dataclass(frozen=True)
class _Reach:
    sink_path: str
    sink: Mapping[str, Any]
    labels: Labels
    chain: tuple[str, ...]


class Project:
    def __init__(self, summaries: Mapping[str, Mapping[str, Any]], sanitisers: Iterable[str] = ()) -> None:
        self.summaries = {p: s for p, s in summaries.items() if "functions" in s}
        self.sanitisers = frozenset(sanitisers)
        self._modules: dict[str, list[str]] = {}
        for path in sorted(self.summaries):
            for name in _module_names(path):
                self._modules.setdefault(name, []).append(path)
        self._returns: dict[Function, Labels | None] = {}
        self._reach: dict[Function, list[_Reach] | None] = {}
        self._found: dict[tuple[str, str], str | None] = {}
        self._guards: dict[tuple[Function, str, int], _Sanitiser | None] = {}

    # --- resolution ---------------------------------------------------------------------------
    def _module(self, importer: str, dotted: str) -> str | None:
        """The file a module name names, seen from `importer` (relative names resolved; of several
        files that could be meant, the one nearest the importer)."""
        key = (importer, dotted)
        if key not in self._found:
            self._found[key] = self._find_module(importer, dotted)
        return self._found[key]

    def _find_module(self, importer: str, dotted: str) -> str | None:
        if dotted.startswith("."):
            level = len(dotted) - len(dotted.lstrip("."))
            package = list(PurePosixPath(importer).parent.parts)
            package = package[: len(package) - (level - 1)] if level > 1 else package
            dotted = ".".join([*package, dotted.lstrip(".")]).strip(".")
        candidates = self._modules.get(dotted, [])
        if not candidates:
            return None
        return max(candidates, key=lambda c: (_shared(c, importer), c))

    def _target(self, path: str, callee: str) -> tuple[Function | None, str]:
        """The project function a call refers to (or None) and the name it is known by."""
        kind, _, ref = callee.partition(":")
        functions = self.summaries[path]["functions"]
        imports: Mapping[str, str] = self.summaries[path]["imports"]
        if kind == "self":
            return ((path, ref) if ref in functions else None), ref
        if kind == "lib":  # a guard's call to what is not a project function
            return None, ref
        if kind == "name":
            if ref in functions:
                return (path, ref), ref
            dotted = imports.get(ref, ref)
            module, _, name = dotted.rpartition(".")
            found = self._module(path, module) if module or dotted.startswith(".") else None
            if found and name in self.summaries[found]["functions"]:
                return (found, name), dotted
            return None, dotted
        alias, _, name = ref.partition(".")
        module_name = imports.get(alias, alias)
        found = self._module(path, module_name)
        if found and name in self.summaries[found]["functions"]:
            return (found, name), f"{module_name}.{name}"
        return None, f"{module_name}.{name}"

    def _declared(self, function: Function | None, dotted: str) -> bool:
        """Whether the policy declares the callee a sanitiser (`module.function`, matched by suffix)."""
        if not self.sanitisers:
            return False
        names = {dotted.lstrip(".")}
        if function is not None:
            names |= {f"{m}.{function[1]}" for m in _module_names(function[0])}
        return any(n == s or n.endswith("." + s) or s.endswith("." + n) for n in names for s in self.sanitisers)

    # --- labels -------------------------------------------------------------------------------
    def _resolve(self, function: Function, labels: Iterable[str], depth: int) -> Labels:
        """`labels` of `function` with every call result replaced by what it carries."""
        resolved: set[str] = set()
        summary = self.summaries[function[0]]["functions"][function[1]]
        for label in labels:
            base, safe = split(label)
            guards = {s for s in safe if s.startswith("?")}
            if guards:
                if any(self._guard(function, g) for g in sorted(guards)):
                    continue  # it passed a validating check
                safe -= guards
                label = join(base, safe)
            if not base.startswith("C"):
                resolved.add(label)
                continue
            call = summary["calls"][base[1:]]
            target, dotted = self._target(function[0], call["callee"])
            if self._declared(target, dotted):
                continue
            if target is None or depth >= MAX_DEPTH:
                arguments = [a for args in call["args"] for a in args] + [a for v in call["kwargs"].values() for a in v]
                carried = self._resolve(function, arguments, depth + 1)
            else:
                carried = self._through(function, call, target, self._returns_of(target, depth + 1), depth)
            resolved |= {join(split(c)[0], split(c)[1] | safe) for c in carried}
        return frozenset(resolved)

    def _guard(self, function: Function, guard: str, levels: int = MAX_DEPTH) -> _Sanitiser | None:
        """The validator behind a guard `?<call>:<arg>` of `function`: the called function is declared
        a sanitiser, a library predicate (model.PREDICATES) for that argument, or a project function
        whose every return checks that parameter (its `predicates`, predicates.py), through at most
        `levels` predicates calling predicates; else None. A pure function of its arguments (the
        depth is in the key, and recursion ends with it), so the answer does not depend on the order
        the project is solved in."""
        key = (function, guard, levels)
        if key in self._guards:
            return self._guards[key]
        call_id, _, argument = guard[1:].partition(":")
        callee = self.summaries[function[0]]["functions"][function[1]]["calls"][call_id]["callee"]
        target, dotted = self._target(function[0], callee)
        name = dotted.lstrip(".")
        where = self._where(target)
        found: _Sanitiser | None = None
        if self._declared(target, dotted):
            found = _Sanitiser(name, where, True)
        elif target is None:
            predicate = model.PREDICATES.get(name)
            if predicate is not None and argument in (str(predicate[0]), predicate[1]):
                found = _Sanitiser(name, where, False)
        elif levels > 0:
            summary = self.summaries[target[0]]["functions"][target[1]]
            params: list[str] = summary["params"]
            offset = 1 if callee.startswith("self:") else 0
            index = (
                int(argument) + offset if argument.isdigit() else params.index(argument) if argument in params else -1
            )
            formula = summary.get("predicates", {}).get(str(index))
            if formula is not None and self._holds(target, formula, levels - 1):
                found = _Sanitiser(name, where, False)
        self._guards[key] = found
        return found

    def _holds(self, function: Function, formula: Any, levels: int) -> bool:
        """Whether a predicate formula of `function` (predicates.py) is true once its calls are known."""
        if isinstance(formula, bool):
            return formula
        kind, *parts = formula
        if kind == "call":
            return self._guard(function, f"?{parts[0]}:{parts[1]}", levels) is not None
        results = (self._holds(function, part, levels) for part in parts)
        return any(results) if kind == "any" else all(results)

    def _through(
        self, caller: Function, call: Mapping[str, Any], target: Function, labels: Labels, depth: int
    ) -> Labels:
        """A callee's labels in the caller's terms: its parameters replaced by the arguments given."""
        params: list[str] = self.summaries[target[0]]["functions"][target[1]]["params"]
        offset = 1 if call["callee"].startswith("self:") else 0
        result: set[str] = set()
        for label in labels:
            base, safe = split(label)
            if base.startswith("S"):
                shown = base if "(returned by" in base else f"{base} (returned by {target[1]}())"
                result.add(join(shown, safe))
                continue
            index = int(base[1:]) - offset
            argument = (
                call["args"][index]
                if 0 <= index < len(call["args"])
                else call["kwargs"].get(params[index + offset] if index + offset < len(params) else "", [])
            )
            result |= {join(split(a)[0], split(a)[1] | safe) for a in self._resolve(caller, argument, depth + 1)}
        return frozenset(result)

    def _returns_of(self, function: Function, depth: int) -> Labels:
        if function not in self._returns:
            self._returns[function] = None  # recursion: a function calling itself adds nothing new
            summary = self.summaries[function[0]]["functions"][function[1]]
            self._returns[function] = self._resolve(function, summary["returns"], depth)
        return self._returns[function] or EMPTY

    # --- sinks --------------------------------------------------------------------------------
    def _reaching(self, function: Function) -> list[_Reach]:
        """Every sink `function` reaches, in its own or a callee's body, with the labels that reach it."""
        if function in self._reach:
            return self._reach[function] or []
        self._reach[function] = None
        path, name = function
        summary = self.summaries[path]["functions"][name]
        found = [_Reach(path, s, self._resolve(function, s["labels"], 0), ()) for s in summary["sinks"]]
        for call in summary["calls"].values():
            target, dotted = self._target(path, call["callee"])
            if target is None or target == function or self._declared(target, dotted):
                continue
            for reach in self._reaching(target):
                params = frozenset(label for label in reach.labels if split(label)[0].startswith("P"))
                if len(reach.chain) >= MAX_DEPTH or not params:
                    continue
                labels = self._through(function, call, target, params, 0)
                if labels:
                    found.append(_Reach(reach.sink_path, reach.sink, labels, (target[1], *reach.chain)))
        self._reach[function] = found
        return found

    def flows(self) -> list[Flow]:
        """Request data reaching a sink through at least one project function, one flow per sink."""
        best: dict[tuple[str, int, int, str], Flow] = {}
        for path in sorted(self.summaries):
            for name in sorted(self.summaries[path]["functions"]):
                for reach in self._reaching((path, name)):
                    for label in sorted(reaches(reach.labels, reach.sink["category"])):
                        base = split(label)[0]
                        if not base.startswith("S") or not (reach.chain or "(returned by" in base):
                            continue
                        flow = Flow(reach.sink_path, reach.sink, _source_text(base[1:], path), (name, *reach.chain))
                        key = (reach.sink_path, reach.sink["line"], reach.sink["col"], reach.sink["category"])
                        if key not in best or (len(flow.chain), flow.chain, flow.source) < (
                            len(best[key].chain),
                            best[key].chain,
                            best[key].source,
                        ):
                            best[key] = flow
        return [best[k] for k in sorted(best)]

    def cleared(self) -> list[Clearance]:
        """Sinks that request data reaches only through a sanitising project function: semgrep's
        in-function rules, which cannot see into that function, report them all the same."""
        found: list[Clearance] = []
        for path in sorted(self.summaries):
            functions = self.summaries[path]["functions"]
            for name in sorted(functions):
                function = (path, name)
                for sink in functions[name]["sinks"]:
                    category = sink["category"]
                    if _requested(reaches(self._resolve(function, sink["labels"], 0), category)):
                        continue
                    stripped = self._stripping(function, sink["labels"], category, 0)
                    if stripped is not None:
                        found.append(Clearance(path, sink, stripped.name, stripped.where, stripped.declared))
        return found

    def _stripping(self, function: Function, labels: Iterable[str], category: str, depth: int) -> _Sanitiser | None:
        """The first call among `labels` to a project function or declared sanitiser that is given
        request data and returns none of it for `category` (calls to library functions, which pass
        their arguments on, are looked into)."""
        calls = self.summaries[function[0]]["functions"][function[1]]["calls"]
        for label in sorted(labels):
            base, safe = split(label)
            guards = {s for s in safe if s.startswith("?")}
            if guards and category not in safe:
                unguarded = self._resolve(function, [join(base, safe - guards)], depth + 1)
                for guard in sorted(guards):
                    found = self._guard(function, guard)
                    if found is not None and _requested(reaches(unguarded, category)):
                        return found
            if not base.startswith("C") or category in safe:
                continue
            call = calls[base[1:]]
            arguments = [a for args in call["args"] for a in args] + [a for v in call["kwargs"].values() for a in v]
            target, dotted = self._target(function[0], call["callee"])
            declared = self._declared(target, dotted)
            if target is None and not declared:
                inner = self._stripping(function, arguments, category, depth + 1) if depth < MAX_DEPTH else None
                if inner is not None:
                    return inner
                continue
            if not _requested(reaches(self._resolve(function, arguments, depth + 1), category)):
                continue
            if declared:
                return _Sanitiser(dotted.lstrip("."), self._where(target), True)
            if target is not None:
                returned = self._through(function, call, target, self._returns_of(target, depth + 1), depth)
                if not _requested(reaches(returned, category)):
                    return _Sanitiser(dotted.lstrip("."), self._where(target), False)
        return None

    def _where(self, function: Function | None) -> str:
        """`path:line` of a project function's definition; "" for a library function."""
        if function is None:
            return ""
        return f"{function[0]}:{self.summaries[function[0]]['functions'][function[1]]['line']}"


def _requested(labels: Iterable[str]) -> bool:
    """Whether any of `labels` is request data."""
    return any(split(label)[0].startswith("S") for label in labels)


def _source_text(label: str, path: str) -> str:
    """`request.args@12` as `request.args, shop/views.py:12` (a source a helper returned is named
    with that helper: its line is in the helper's module)."""
    what, _, rest = label.partition("@")
    line, _, returned = rest.partition(" ")
    if returned:
        return f"{what}, line {line} {returned.strip()}"
    return f"{what}, {path}:{line}" if line not in ("", "0") else f"{what}, {path}"


def _module_names(path: str) -> list[str]:
    """Every dotted name a file may be imported by: `src/shop/db.py` is `shop.db`, `db`, ..."""
    parts = list(PurePosixPath(path).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return [".".join(parts[i:]) for i in range(len(parts))]


def _shared(a: str, b: str) -> int:
    count = 0
    for x, y in zip(PurePosixPath(a).parts, PurePosixPath(b).parts):
        if x != y:
            break
        count += 1
    return count
