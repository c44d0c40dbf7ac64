"""One module's summary, from its own text alone (so it is cached by the file's content).

Each function is walked once, in statement order, with its parameters as symbolic labels (P0, P1,
...): what reaches each sink, what it returns, and which calls to possibly-project functions it
makes with what (their results are labels `C<id>` that solve.py resolves across modules). The
precision traps are handled here: a name overwritten by a constant loses its taint, a branch
under a constant condition is skipped (or taken), constant keys into literal containers and
constant tables, conversions to numbers, allow-list membership and full-match checks.
"""

from __future__ import annotations

import ast
from typing import Any

from gatekeeper.taint import model, predicates, syntax
from gatekeeper.taint.labels import EMPTY, Labels, guarded, reaches, sanitised

MODULE_SCOPE = "<module>"


def summarise(source: str | bytes, filename: str) -> dict[str, Any]:
    """The module's summary (JSON-able); `{"error": ...}` when it does not parse. Bytes are decoded as
    Python does (a coding declaration, else UTF-8)."""
    try:
        tree = ast.parse(source, filename=filename)
    except (SyntaxError, ValueError) as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, SyntaxError) and exc.lineno else ""
        return {"error": f"not valid Python 3{where}: {getattr(exc, 'msg', None) or exc}"}
    except (RecursionError, MemoryError):
        return {"error": "nested too deeply for Python's parser"}
    try:
        return _summary(tree)
    except RecursionError:  # an expression nested deeper than the interpreter's stack allows
        return {"error": "nested too deeply to analyse (Python's recursion limit)"}


def _summary(tree: ast.Module) -> dict[str, Any]:
    imports = syntax.imports(tree)
    web = any(name.split(".")[0].lstrip(".") in model.FRAMEWORKS for name in imports.values())
    constants = {
        t.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name) and t.id.isupper()
    }
    defined = {
        node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    }
    context = _Module(imports, web, constants, defined)
    functions: dict[str, Any] = {MODULE_SCOPE: _Function(context, "", [], False).walk(tree.body)}
    for node, owner in syntax.functions(tree):
        qualname = f"{owner}.{node.name}" if owner else node.name
        params = [a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)]
        handler = web and syntax.is_route(node)
        safe = (
            {a.arg for a in node.args.args if syntax.safe_annotation(a.annotation)} | syntax.converted_params(node)
            if handler
            else set()
        )
        functions[qualname] = _Function(context, owner, params, handler, safe).walk(node.body, node.lineno)
    return {"imports": imports, "functions": functions}


class _Module:
    def __init__(self, imports: dict[str, str], web: bool, constants: set[str], defined: set[str]) -> None:
        self.imports, self.web, self.constants, self.defined = imports, web, constants, defined


class _Function:
    def __init__(
        self, module: _Module, owner: str, params: list[str], handler: bool, safe: set[str] | None = None
    ) -> None:
        self.module, self.owner, self.params = module, owner, params
        self.env: dict[str, Labels] = {}
        for index, param in enumerate(params):
            if handler and param not in model.FRAMEWORK_PARAMS and param not in (safe or set()):
                self.env[param] = frozenset({f"Sroute parameter '{param}'@0"})
            elif not handler:
                self.env[param] = frozenset({f"P{index}"})
        self.sinks: list[dict[str, Any]] = []
        self.calls: dict[str, dict[str, Any]] = {}
        self.call_ids: dict[int, str] = {}  # id() of a listed call's node -> its id in `calls`
        self.returns: Labels = EMPTY
        # Parameter index -> what makes every return so far a check of it (predicates.py); a
        # parameter drops out at the first return that is not one.
        self.checks: dict[int, predicates.Formula] = {} if handler else dict.fromkeys(range(len(params)), True)
        self.approves = False
        self.body: list[ast.stmt] = []

    def walk(self, body: list[ast.stmt], line: int = 1) -> dict[str, Any]:
        self.body = body
        self._block(body)
        summary = {
            "line": line,
            "params": self.params,
            "sinks": self.sinks,
            "calls": self.calls,
            "returns": sorted(self.returns),
        }
        if self.approves and self.checks:
            summary["predicates"] = {str(i): formula for i, formula in self.checks.items()}
        return summary

    # --- statements ---------------------------------------------------------------------------
    def _block(self, body: list[ast.stmt]) -> bool:
        """Walk a block; whether it always leaves (its environment then joins nothing after it)."""
        return any(self._statement(statement) for statement in body)

    def _statement(self, node: ast.stmt) -> bool:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)):
            return False
        if isinstance(node, ast.Assign):
            value = self._eval(node.value)
            for target in node.targets:
                self._assign(target, value, node.value)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            value = self._eval(node.value)
            if isinstance(node, ast.AugAssign):
                value |= self._eval(node.target)
            self._assign(node.target, value, node.value)
        elif isinstance(node, ast.Return):
            self.returns |= self._eval(node.value) if node.value else EMPTY
            if self.checks:  # narrowed to the parameters this return checks
                approves = predicates.narrow(self.checks, node.value, self.params, self.env, self.body, self._listed)
                self.approves = self.approves or approves
            return True
        elif isinstance(node, (ast.Raise, ast.Continue, ast.Break)):
            return True
        elif isinstance(node, ast.If):
            return self._if(node)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self._assign(node.target, self._eval(node.iter), None)
            self._loop(node.body)
            self._branches([node.orelse])
        elif isinstance(node, ast.While):
            if syntax.constant_test(node.test) is not False:
                self._eval(node.test)
                self._loop(node.body)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                value = self._eval(item.context_expr)
                if item.optional_vars is not None:
                    self._assign(item.optional_vars, value, None)
            return self._block(node.body)
        elif isinstance(node, (ast.Try, ast.TryStar)):
            self._branches([node.body + node.orelse, *[h.body for h in node.handlers]])
            self._block(node.finalbody)
        elif isinstance(node, ast.Match):
            subject = self._eval(node.subject)
            for case in node.cases:  # a capture pattern binds the subject
                for capture in (n for n in ast.walk(case.pattern) if isinstance(n, (ast.MatchAs, ast.MatchStar))):
                    if capture.name:
                        self.env[capture.name] = subject
            self._branches([case.body for case in node.cases] + [[]])
        elif isinstance(node, ast.Expr):
            if syntax.name(node.value.func if isinstance(node.value, ast.Call) else node.value).split(".")[-1] in {
                "abort",
                "exit",
            }:
                self._eval(node.value)
                return True
            self._eval(node.value)
        elif isinstance(node, ast.Assert):  # assert x in ALLOWED / assert is_safe(x): ours after it
            self._eval(node.test)
            checked, negated = syntax.allow_check(node.test)
            if checked and not negated:
                self.env[checked] = EMPTY
            elif not checked:
                self._guard(node.test, leaving=False)
        return False

    def _assign(self, target: ast.expr, value: Labels, source: ast.expr | None) -> None:
        key = syntax.key(target)
        if key is not None:
            # A fresh value replaces what the name held (and what its parts held).
            for old in [k for k in self.env if k.startswith((key + ".", key + "["))]:
                del self.env[old]
            self.env[key] = value
            if isinstance(source, (ast.List, ast.Tuple)):
                for index, element in enumerate(source.elts):
                    self.env[f"{key}[{index!r}]"] = self._eval(element)
            elif isinstance(source, ast.Dict):
                for k, v in zip(source.keys, source.values):
                    if isinstance(k, ast.Constant):
                        self.env[f"{key}[{k.value!r}]"] = self._eval(v)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._assign(element, value, None)
        elif isinstance(target, ast.Subscript):
            base = syntax.key(target.value)
            if base is not None:  # items[k] = tainted: the container now holds it
                self.env[base] = self.env.get(base, EMPTY) | value

    def _if(self, node: ast.If) -> bool:
        constant = syntax.constant_test(node.test)
        if constant is True:
            return self._block(node.body)
        if constant is False:
            return self._block(node.orelse)
        self._eval(node.test)
        checked, negated = syntax.allow_check(node.test)
        before = dict(self.env)
        if checked and not negated:  # if x in ALLOWED: ... — x is one of ours inside
            self.env[checked] = EMPTY
        elif not checked:  # if is_safe(x): ... — x is ours inside, if is_safe validates
            self._guard(node.test, leaving=False)
        body_leaves = self._block(node.body)
        body_env, self.env = self.env, dict(before)
        else_leaves = self._block(node.orelse)
        if checked and negated and body_leaves:  # if x not in ALLOWED: abort() — ours from here on
            self.env[checked] = EMPTY
        elif not checked and body_leaves:  # if not is_safe(x): abort() — ours from here on, if ...
            self._guard(node.test, leaving=True)
        if body_leaves and else_leaves:
            return True
        if not body_leaves:
            self.env = _join(self.env, body_env) if not else_leaves else body_env
        return False

    def _guard(self, test: ast.expr, leaving: bool) -> None:
        """A condition that calls a function with our values as arguments: when it holds (or, for
        `leaving`, when `not f(x)` sent control away), each such value is ours if the function
        validates that argument, which solve.py decides: its labels carry the guard `?<call>:<arg>`."""
        negated = isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
        call = test.operand if isinstance(test, ast.UnaryOp) and negated else test
        if negated != leaving or not isinstance(call, ast.Call):
            return
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in predicates.STR_PREDICATES:
            subject = syntax.key(func.value)  # if not x.isdigit(): abort()
            if subject is not None and not call.args:
                self.env[subject] = EMPTY
            return
        arguments = [(str(i), a) for i, a in enumerate(call.args)]
        arguments += [(k.arg, k.value) for k in call.keywords if k.arg]
        keyed = [(position, key, arg) for position, arg in arguments if (key := syntax.key(arg)) is not None]
        if not keyed:
            return
        call_id = self._listed(call)
        if call_id is None:
            return
        for position, key, arg in keyed:
            labels = self._eval(arg)
            if labels:
                self.env[key] = guarded(labels, f"?{call_id}:{position}")

    def _listed(self, call: ast.Call) -> str | None:
        """The id of `call` in the summary's calls, listing it (as `lib:<name>`, for a library
        function or a declared sanitiser the solver may know) if it was not."""
        if id(call) not in self.call_ids and self._callee(call.func) is not None:
            self._call(call)  # under a `not`, which _eval does not walk into
        if id(call) in self.call_ids:
            return self.call_ids[id(call)]
        name = self._qualified(call.func)
        if not name:
            return None
        call_id = str(len(self.calls))
        self.calls[call_id] = {"callee": f"lib:{name}", "line": call.lineno, "args": [], "kwargs": {}}
        self.call_ids[id(call)] = call_id
        return call_id

    def _branches(self, bodies: list[list[ast.stmt]]) -> None:
        before, joined = dict(self.env), dict(self.env)
        for body in bodies:
            self.env = dict(before)
            self._block(body)
            joined = _join(joined, self.env)
        self.env = joined

    def _loop(self, body: list[ast.stmt]) -> None:
        for _ in range(2):  # twice: what one iteration assigns, the next one reads
            self._branches([body])

    # --- expressions --------------------------------------------------------------------------
    def _eval(self, node: ast.expr | None) -> Labels:
        if node is None or isinstance(node, (ast.Constant, ast.Lambda, ast.Compare)):
            return EMPTY
        if isinstance(node, ast.Name):
            return self.env.get(node.id, EMPTY)
        if isinstance(node, ast.Attribute):
            return self._attribute(node)
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.UnaryOp):
            return EMPTY if isinstance(node.op, ast.Not) else self._eval(node.operand)
        if isinstance(node, ast.IfExp):
            constant = syntax.constant_test(node.test)
            if constant is not None:
                return self._eval(node.body if constant else node.orelse)
            return self._eval(node.body) | self._eval(node.orelse)
        if isinstance(node, ast.NamedExpr):
            value = self._eval(node.value)
            self._assign(node.target, value, node.value)
            return value
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            for generator in node.generators:
                self._assign(generator.target, self._eval(generator.iter), None)
            parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            return frozenset().union(*(self._eval(p) for p in parts))
        if isinstance(node, ast.BinOp):  # `a + b + c + ...` nests to the left: walked as a list
            operands: list[ast.expr] = []
            while isinstance(node, ast.BinOp):
                operands.append(node.right)
                node = node.left
            return frozenset().union(self._eval(node), *(self._eval(o) for o in operands))
        labels: Labels = EMPTY
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                labels |= self._eval(child)
        return labels

    def _source(self, node: ast.Attribute) -> bool:
        if not self.module.web:
            return False
        base = syntax.name(node.value)
        return (base.split(".")[-1] in model.REQUEST_NAMES and node.attr in model.REQUEST_ATTRIBUTES) or (
            node.attr in model.VALIDATED_ATTRIBUTES
        )

    def _attribute(self, node: ast.Attribute) -> Labels:
        if self._source(node):
            return frozenset({f"S{syntax.name(node) or 'request data'}@{node.lineno}"})
        key = syntax.key(node)
        if key is not None and key in self.env:
            return self.env[key]
        return self._eval(node.value)

    def _subscript(self, node: ast.Subscript) -> Labels:
        key = syntax.key(node)
        if key is not None and key in self.env:
            return self.env[key]
        if isinstance(node.value, ast.Name) and node.value.id in self.module.constants:
            return EMPTY  # a constant table's entry is our value, whatever the key
        return self._eval(node.value)

    def _qualified(self, func: ast.expr) -> str:
        """The called name with the module's imports applied (`sp.run` -> `subprocess.run`)."""
        dotted = syntax.name(func)
        head, _, rest = dotted.partition(".")
        if head in self.module.imports and not self.module.imports[head].startswith("."):
            return self.module.imports[head] + ("." + rest if rest else "")
        return dotted

    def _call(self, node: ast.Call) -> Labels:
        args = [self._eval(a.value if isinstance(a, ast.Starred) else a) for a in node.args]
        kwargs = {k.arg: self._eval(k.value) for k in node.keywords if k.arg}
        everything = frozenset().union(
            *args, *kwargs.values(), *(self._eval(k.value) for k in node.keywords if not k.arg)
        )
        func = node.func
        name = self._qualified(func)
        short = name.split(".")[-1]
        if (
            isinstance(func, ast.Attribute)
            and self.module.web
            and short in model.REQUEST_METHODS
            and syntax.name(func.value).split(".")[-1] in model.REQUEST_NAMES
        ):
            return frozenset({f"S{syntax.name(func)}()@{node.lineno}"})
        self._sinks(node, name, args, kwargs)
        if name in model.CLEANING or (isinstance(func, ast.Attribute) and func.attr in model.CLEANING_METHODS):
            return EMPTY
        if any(k.arg == "type" and syntax.name(k.value) in {"int", "float", "bool"} for k in node.keywords):
            return EMPTY  # request.args.get("n", type=int)
        if isinstance(func, ast.Attribute) and func.attr == "get" and syntax.name(func.value) in self.module.constants:
            return EMPTY  # ALLOWED.get(key): our value
        if name in model.SANITISERS:
            return sanitised(everything, model.SANITISERS[name])
        callee = self._callee(func)
        if callee is None:
            receiver = self._eval(func.value) if isinstance(func, ast.Attribute) else EMPTY
            return everything | receiver
        call_id = str(len(self.calls))
        self.calls[call_id] = {
            "callee": callee,
            "line": node.lineno,
            "args": [sorted(a) for a in args],
            "kwargs": {k: sorted(v) for k, v in kwargs.items()},
        }
        self.call_ids[id(node)] = call_id
        return frozenset({f"C{call_id}"})

    def _callee(self, func: ast.expr) -> str | None:
        """A reference to what may be a project function, resolved when the project is solved."""
        if isinstance(func, ast.Name):
            if func.id in self.module.defined or func.id in self.module.imports:
                return f"name:{func.id}"
            return None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if func.value.id == "self" and self.owner:
                return f"self:{self.owner}.{func.attr}"
            if func.value.id in self.module.imports:
                return f"attr:{func.value.id}.{func.attr}"
        return None

    def _sinks(self, node: ast.Call, name: str, args: list[Labels], kwargs: dict[str, Labels]) -> None:
        sink = model.SINKS.get(name)
        if sink is None and name == "yaml.load" and not syntax.safe_loader(node):
            sink = model.Sink("deserialization", 0)
        if sink is None and isinstance(node.func, ast.Attribute):
            sink = model.METHOD_SINKS.get(node.func.attr)
        if sink is None:
            return
        if sink.needs_shell and not any(k.arg == "shell" and syntax.constant_test(k.value) for k in node.keywords):
            return
        if sink.argument < 0:
            labels = self._eval(node.func.value) if isinstance(node.func, ast.Attribute) else EMPTY
        elif sink.argument < len(args):
            labels = args[sink.argument]
        else:
            labels = kwargs.get(sink.keyword, EMPTY)
        labels = reaches(labels, sink.category)
        if labels:
            shown = name or (node.func.attr if isinstance(node.func, ast.Attribute) else "call")
            self.sinks.append(
                {
                    "category": sink.category,
                    "name": shown,
                    "line": node.lineno,
                    "col": node.col_offset + 1,
                    "end_line": node.end_lineno or node.lineno,
                    "end_col": (node.end_col_offset or 0) + 1,
                    "labels": sorted(labels),
                }
            )


def _join(a: dict[str, Labels], b: dict[str, Labels]) -> dict[str, Labels]:
    return {k: a.get(k, EMPTY) | b.get(k, EMPTY) for k in a.keys() | b.keys()}
