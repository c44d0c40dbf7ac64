"""Summaries solved across a project: imports, attribute calls, self methods, returns, depth."""

from __future__ import annotations

import textwrap

from gatekeeper.taint.local import summarise
from gatekeeper.taint.solve import MAX_DEPTH, Project


def _project(files: dict[str, str], sanitisers: tuple[str, ...] = ()) -> Project:
    return Project({path: summarise(textwrap.dedent(code), path) for path, code in files.items()}, sanitisers)


def _flows(files: dict[str, str], sanitisers: tuple[str, ...] = ()) -> list[tuple[str, int, tuple[str, ...]]]:
    return [(f.path, f.sink["line"], f.chain) for f in _project(files, sanitisers).flows()]


VIEW = """
from flask import request
{imports}
def view():
    return {call}(request.args["q"])
"""
HELPER = """
import os
def run(cmd):
    os.system(cmd)
def clean(value):
    return value
"""


def test_from_import_module_attribute_and_relative_import_are_resolved() -> None:
    for imports, call in (
        ("from app.helpers import run", "run"),
        ("import app.helpers as h", "h.run"),
        ("from app import helpers", "helpers.run"),
        ("from .helpers import run", "run"),
    ):
        files = {"app/views.py": VIEW.format(imports=imports, call=call), "app/helpers.py": HELPER}
        assert _flows(files) == [("app/helpers.py", 4, ("view", "run"))], imports


def test_a_direct_flow_is_left_to_semgrep() -> None:
    assert (
        _flows({"app.py": "import os\nfrom flask import request\ndef v():\n    os.system(request.args['c'])\n"}) == []
    )


def test_request_data_a_helper_returns_reaches_a_sink_in_the_caller() -> None:
    files = {
        "app/inputs.py": "from flask import request\ndef wanted():\n    return request.args.get('p')\n",
        "app/views.py": "from app.inputs import wanted\ndef v():\n    return open(wanted())\n",
    }
    flows = _project(files).flows()
    assert [(f.path, f.sink["line"]) for f in flows] == [("app/views.py", 3)]
    assert "returned by wanted()" in flows[0].source


def test_a_helper_that_validates_or_returns_a_constant_is_learnt_as_a_sanitiser() -> None:
    checks = """
    ALLOWED = {"a", "b"}
    def checked(value):
        if value not in ALLOWED:
            raise ValueError(value)
        return value
    def fixed(value):
        return "default"
    """
    for call in ("checked", "fixed"):
        view = f"from flask import request\nfrom app.checks import {call}\nfrom app.helpers import run\ndef v():\n    run({call}(request.args['q']))\n"
        assert _flows({"app/views.py": view, "app/checks.py": checks, "app/helpers.py": HELPER}) == [], call


def test_a_declared_sanitiser_stops_the_flow_and_an_undeclared_one_passes_it_on() -> None:
    view = (
        "from flask import request\nfrom app.helpers import run, clean\ndef v():\n    run(clean(request.args['q']))\n"
    )
    files = {"app/views.py": view, "app/helpers.py": HELPER}
    assert _flows(files) == [("app/helpers.py", 4, ("v", "run"))]
    assert _flows(files, ("app.helpers.clean",)) == []


def test_self_methods_are_followed_with_the_receiver_skipped() -> None:
    code = """
    import os
    from flask import request
    class V:
        def get(self):
            self.step("ls", request.args["d"])
        def step(self, command, directory):
            os.system(command)
            os.system(directory)
    """
    assert _flows({"v.py": code}) == [("v.py", 9, ("V.get", "V.step"))]


def test_chains_are_bounded_and_recursion_ends() -> None:
    helpers = (
        "import os\n"
        + "".join(f"def h{i}(x):\n    return h{i + 1}(x)\n" for i in range(8))
        + "def h8(x):\n    os.system(x)\n"
    )
    helpers += "def loop(x):\n    return loop(x)\n"
    view = "from flask import request\nfrom app.helpers import h0, loop, h5\ndef v():\n    h5(request.args['q'])\n    h0(request.args['q'])\n    loop(request.args['q'])\n"
    flows = _flows({"app/views.py": view, "app/helpers.py": helpers})
    assert flows == [("app/helpers.py", 19, ("v", "h5", "h6", "h7", "h8"))]
    assert len(flows[0][2]) == MAX_DEPTH + 1


def test_arguments_passed_by_keyword_reach_the_parameter_of_that_name() -> None:
    helper = "import os\ndef run(tool, *, target='/srv'):\n    os.system(tool + ' ' + target)\n"
    view = "from flask import request\nfrom app.helpers import run\ndef v():\n    run('ls', target=request.args['d'])\n"
    assert _flows({"app/views.py": view, "app/helpers.py": helper}) == [("app/helpers.py", 3, ("v", "run"))]
    safe = view.replace("target=request.args['d']", "target='/tmp'")
    assert _flows({"app/views.py": safe, "app/helpers.py": helper}) == []


def _cleared(files: dict[str, str], sanitisers: tuple[str, ...] = ()) -> list[tuple[str, int, str, str, bool]]:
    return [(c.path, c.sink["line"], c.sanitiser, c.defined, c.declared) for c in _project(files, sanitisers).cleared()]


CHECKS = """
import re
NAME = re.compile(r"[a-z]+")
def checked(value):
    if not NAME.fullmatch(value):
        raise ValueError(value)
    return value
def tidy(value):
    return value.strip()
"""


def test_a_sink_reached_only_through_a_project_validator_is_cleared_and_names_it() -> None:
    view = "import os\nfrom flask import request\nfrom app.checks import checked\ndef v():\n    os.system('x ' + checked(request.args['q']))\n"
    assert _cleared({"app/views.py": view, "app/checks.py": CHECKS}) == [
        ("app/views.py", 5, "app.checks.checked", "app/checks.py:4", False)
    ]


def test_a_propagating_helper_a_second_tainted_argument_or_no_request_data_clear_nothing() -> None:
    for body in (
        "os.system(tidy(request.args['q']))",  # tidy passes its argument on
        "os.system(checked(request.args['q']) + request.args['r'])",  # the second part is unchecked
        "os.system(checked('constant'))",  # no request data to clear
    ):
        view = f"import os\nfrom flask import request\nfrom app.checks import checked, tidy\ndef v():\n    {body}\n"
        assert _cleared({"app/views.py": view, "app/checks.py": CHECKS}) == [], body


def test_a_validator_inside_a_library_call_and_a_declared_library_sanitiser_are_found() -> None:
    nested = "import os\nfrom flask import request\nfrom app.checks import checked\ndef v():\n    os.system(' '.join(['x', checked(request.args['q'])]))\n"
    assert [c[2] for c in _cleared({"app/views.py": nested, "app/checks.py": CHECKS})] == ["app.checks.checked"]
    library = "import os\nfrom flask import request\nfrom myorg.text import clean_id\ndef v():\n    os.system(clean_id(request.args['q']))\n"
    assert _cleared({"app/views.py": library}) == []
    assert _cleared({"app/views.py": library}, ("text.clean_id",)) == [
        ("app/views.py", 5, "myorg.text.clean_id", "", True)
    ]


SECURITY = """
import re
from urllib.parse import urlparse
NAME = re.compile(r"[a-z0-9-]+")
def is_safe_redirect(target):
    return urlparse(target).netloc in ("", "shop.example") and target.startswith("/")
def valid_name(name):
    return bool(NAME.fullmatch(name))
def strict_name(name):
    return valid_name(name) and len(name) < 20
def non_empty(value):
    return len(value) > 0
def tidy(value):
    return value.strip()
"""


def _guarded_view(guard: str, sink: str = "os.system('x ' + n)") -> str:
    return (
        "import os\nfrom flask import request, abort, redirect\n"
        "from app.security import is_safe_redirect, valid_name, strict_name, non_empty, tidy\n"
        f"def v():\n    n = request.args['n']\n{textwrap.indent(textwrap.dedent(guard), '    ')}    {sink}\n"
    )


def test_a_value_a_project_predicate_validated_is_cleared_and_names_it() -> None:
    for guard, name, line in (
        ("if not valid_name(n):\n    abort(400)\n", "valid_name", 7),
        ("if not strict_name(n):\n    raise ValueError(n)\n", "strict_name", 9),  # through valid_name
        ("assert valid_name(n)\n", "valid_name", 7),
    ):
        cleared = _cleared({"app/views.py": _guarded_view(guard), "app/security.py": SECURITY})
        sink = 6 + guard.count("\n")
        assert cleared == [("app/views.py", sink, f"app.security.{name}", f"app/security.py:{line}", False)], guard
    nxt = _guarded_view("if not is_safe_redirect(n):\n    abort(400)\n", "return redirect(n)")
    assert [c[2] for c in _cleared({"app/views.py": nxt, "app/security.py": SECURITY})] == [
        "app.security.is_safe_redirect"
    ]
    inside = _guarded_view("if valid_name(n):\n", "    os.system('x ' + n)")
    assert [c[1] for c in _cleared({"app/views.py": inside, "app/security.py": SECURITY})] == [7]


def test_a_guard_that_is_no_validator_or_does_not_hold_at_the_sink_clears_nothing() -> None:
    for guard in (
        "if not non_empty(n):\n    abort(400)\n",  # a length says nothing of the content
        "if not tidy(n):\n    abort(400)\n",  # a project function, not a predicate
        "if not looks_fine(n):\n    abort(400)\n",  # unknown: a library we know nothing of
        "if not valid_name(request.args['other']):\n    abort(400)\n",  # another value checked
        "if not valid_name(n):\n    print('bad name')\n",  # the failing branch carries on
        "if valid_name(n):\n    pass\n",  # checked, then used outside the check
    ):
        files = {"app/views.py": _guarded_view(guard), "app/security.py": SECURITY}
        assert _cleared(files) == [], guard


def test_a_helper_guarding_its_parameter_with_a_predicate_passes_no_flow_on() -> None:
    helper = (
        SECURITY
        + "import os\ndef run(name):\n    if not {check}(name):\n        raise ValueError(name)\n    os.system('make ' + name)\n"
    )
    view = "from flask import request\nfrom app.security import run\ndef v():\n    run(request.args['n'])\n"
    assert _flows({"app/views.py": view, "app/security.py": helper.format(check="valid_name")}) == []
    assert _flows({"app/views.py": view, "app/security.py": helper.format(check="non_empty")}) == [
        ("app/security.py", 19, ("v", "run"))
    ]


def test_declared_and_library_predicates_used_as_guards_clean_the_value() -> None:
    view = "import os\nfrom flask import request, abort\nfrom myorg.checks import fine\ndef v():\n    n = request.args['n']\n    if not fine(n):\n        abort(400)\n    os.system(n)\n"
    assert _cleared({"app/views.py": view}) == []
    assert _cleared({"app/views.py": view}, ("checks.fine",)) == [("app/views.py", 8, "myorg.checks.fine", "", True)]
    django = (
        "from django.shortcuts import redirect\nfrom django.utils.http import url_has_allowed_host_and_scheme\n"
        "def v(request):\n    nxt = request.GET['next']\n"
        "    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={'shop.example'}):\n"
        "        nxt = '/'\n    return redirect(nxt)\n"
    )
    # `nxt = '/'` does not leave: the guard holds after the if only because the branch replaced it.
    assert _cleared({"app/views.py": django}) == []
    leaving = django.replace("nxt = '/'", "return redirect('/')")
    assert _cleared({"app/views.py": leaving}) == [
        ("app/views.py", 7, "django.utils.http.url_has_allowed_host_and_scheme", "", False)
    ]
    keyword = leaving.replace("(nxt, allowed", "(url=nxt, allowed")
    assert [c[2] for c in _cleared({"app/views.py": keyword})] == ["django.utils.http.url_has_allowed_host_and_scheme"]
    other = leaving.replace("(nxt, allowed_hosts={'shop.example'})", "('/', allowed_hosts=nxt)")
    assert _cleared({"app/views.py": other}) == []


def test_predicates_calling_predicates_are_bounded_and_recursion_proves_nothing() -> None:
    chain = "import re\nNAME = re.compile('[a-z]+')\ndef p0(x):\n    return bool(NAME.fullmatch(x))\n"
    chain += "".join(f"def p{i + 1}(x):\n    return p{i}(x)\n" for i in range(MAX_DEPTH + 2))
    chain += "def loop(x):\n    return loop(x) and len(x) > 1\n"
    view = "import os\nfrom flask import request, abort\nfrom app.checks import *\ndef v(name):\n    n = request.args['n']\n    if not {check}(n):\n        abort(400)\n    os.system(n)\n"
    for depth in range(MAX_DEPTH + 3):
        files = {"app/views.py": view.format(check=f"p{depth}").replace("*", f"p{depth}"), "app/checks.py": chain}
        assert bool(_cleared(files)) == (depth < MAX_DEPTH), depth
    files = {"app/views.py": view.format(check="loop").replace("*", "loop"), "app/checks.py": chain}
    assert _cleared(files) == []


def test_a_predicate_method_of_the_same_class_guards_with_the_receiver_skipped() -> None:
    code = """
    import os
    from flask import request, abort
    ALLOWED = ("daily", "weekly")
    class Reports:
        def allowed(self, kind, name):
            return name in ALLOWED
        def run(self):
            kind, name = request.args["kind"], request.args["name"]
            if not self.allowed(kind, name):
                abort(404)
            os.system("report " + name)
            os.system("report " + kind)
    """
    assert [(c[1], c[2]) for c in _cleared({"app/reports.py": code})] == [(12, "Reports.allowed")]
