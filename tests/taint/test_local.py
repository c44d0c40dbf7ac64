"""One module's summary: sinks, returns and calls in terms of parameters, and the precision traps."""

from __future__ import annotations

import textwrap

from gatekeeper.taint.local import summarise


def _function(code: str, name: str = "f") -> dict:
    summary = summarise(textwrap.dedent(code), "m.py")
    return summary["functions"][name]


def _sink_labels(code: str, name: str = "f") -> list[list[str]]:
    return [s["labels"] for s in _function(code, name)["sinks"]]


def test_a_parameter_reaching_a_sink_is_summarised_with_its_index() -> None:
    code = """
    import os
    def f(a, b):
        os.system("tar " + b)
    """
    assert _sink_labels(code) == [["P1"]]


def test_overwritten_by_a_constant_before_the_sink_is_clean() -> None:
    code = """
    import os
    def f(a):
        cmd = "ls " + a
        cmd = "ls /srv"
        os.system(cmd)
    """
    assert _sink_labels(code) == []


def test_a_branch_under_a_constant_false_condition_is_skipped_and_a_true_one_taken() -> None:
    code = """
    import os
    def f(a):
        if False:
            os.system(a)
        cmd = "x"
        if True:
            cmd = a
        else:
            os.system(a)
        os.popen(cmd)
    """
    assert [(s["name"], s["labels"]) for s in _function(code)["sinks"]] == [("os.popen", ["P0"])]


def test_a_constant_index_into_a_literal_container_reads_that_element_only() -> None:
    code = """
    import os
    def f(a):
        parts = ["ls", a]
        table = {"safe": "ls", "user": a}
        os.system(parts[0])
        os.system(table["safe"])
        os.system(parts[1])
    """
    assert _sink_labels(code) == [["P0"]]


def test_a_constant_table_lookup_is_ours_whatever_the_key() -> None:
    code = """
    import os
    TOOLS = {"disk": "df"}
    def f(a):
        os.system(TOOLS[a])
        os.system(TOOLS.get(a, "df"))
    """
    assert _sink_labels(code) == []


def test_conversions_to_numbers_and_uuids_clean_and_quoting_cleans_for_its_class_only() -> None:
    code = """
    import os, shlex, uuid
    def f(a):
        os.system("seq %d" % int(a))
        os.system("rm " + str(uuid.UUID(a)))
        os.system("ls " + shlex.quote(a))
        eval(shlex.quote(a))
    """
    assert [(s["name"], s["labels"]) for s in _function(code)["sinks"]] == [("eval", ["P0!command-injection"])]


def test_allow_list_membership_cleans_inside_the_check_and_after_a_failing_branch_that_leaves() -> None:
    code = """
    import os
    from flask import abort
    ALLOWED = ("a", "b")
    def f(a, b, c):
        if a in ALLOWED:
            os.system(a)
        if b not in ALLOWED:
            abort(400)
        os.system(b)
        if c not in ALLOWED:
            print("not allowed")
        os.system(c)
    """
    assert _sink_labels(code) == [["P2"]]


def test_a_full_match_check_that_raises_cleans_the_value() -> None:
    code = """
    import os, re
    REF = re.compile("[a-z]+")
    def f(a):
        if not REF.fullmatch(a):
            raise ValueError(a)
        os.system(a)
    """
    assert _sink_labels(code) == []


def test_request_data_is_a_source_only_in_a_module_that_uses_a_web_framework() -> None:
    web = summarise("from flask import request\ndef f():\n    return request.args['q']\n", "m.py")
    other = summarise("def f(request):\n    return request.args['q']\n", "m.py")
    assert web["functions"]["f"]["returns"] == ["Srequest.args@3"]
    assert other["functions"]["f"]["returns"] == ["P0"]  # a parameter, not request data


def test_route_parameters_are_sources_unless_typed_as_numbers() -> None:
    code = """
    from fastapi import FastAPI
    app = FastAPI()
    @app.get("/x/{name}/{n}")
    def f(name: str, n: int):
        return name + str(n)
    """
    assert _function(code)["returns"] == ["Sroute parameter 'name'@0"]


def test_route_parameters_a_url_converter_makes_numbers_are_not_sources() -> None:
    code = """
    from flask import Flask
    app = Flask(__name__)
    @app.route("/items/<int:item_id>/<path:name>")
    def f(item_id, name):
        return name + str(item_id)
    """
    assert _function(code)["returns"] == ["Sroute parameter 'name'@0"]


def test_calls_to_project_functions_are_left_for_the_solver() -> None:
    code = """
    import helpers
    from app.db import run_query
    def f(a):
        run_query(a)
        return helpers.clean(a)
    """
    function = _function(code)
    assert [c["callee"] for c in function["calls"].values()] == ["name:run_query", "attr:helpers.clean"]
    assert function["returns"] == ["C1"]
    assert summarise(textwrap.dedent(code), "m.py")["imports"]["run_query"] == "app.db.run_query"


def test_shell_false_subprocess_with_a_list_is_not_a_sink_and_yaml_safe_loader_is_not() -> None:
    code = """
    import subprocess, yaml
    def f(a):
        subprocess.run(["ping", a])
        subprocess.run(a, shell=True)
        yaml.load(a, Loader=yaml.SafeLoader)
        yaml.load(a, Loader=yaml.Loader)
    """
    assert [s["name"] for s in _function(code)["sinks"]] == ["subprocess.run", "yaml.load"]


def test_a_module_that_does_not_parse_says_where() -> None:
    assert summarise("def f(:\n", "m.py") == {"error": "not valid Python 3 (line 1): invalid syntax"}


def test_a_long_concatenation_is_walked_and_a_module_nested_too_deeply_is_an_error_not_a_crash() -> None:
    long_sum = "import os\ndef f(a):\n    os.system(" + " + ".join(["'x'"] * 1500 + ["a"]) + ")\n"
    assert summarise(long_sum, "m.py")["functions"]["f"]["sinks"][0]["labels"] == ["P0"]
    deep = "x = " + "-" * 100_000 + "1\n"  # past the parser's own recursion limit
    assert "nested too deeply" in summarise(deep, "m.py")["error"]


def test_match_cases_and_keyword_only_parameters_are_followed() -> None:
    code = """
    import os
    def f(action, *, target):
        match action:
            case "archive":
                os.system("tar czf /tmp/a.tgz " + target)
            case other:
                os.system("echo " + other)
    """
    function = _function(code)
    assert function["params"] == ["action", "target"]
    assert [s["labels"] for s in function["sinks"]] == [["P1"], ["P0"]]


PREDICATES = """
import re
from urllib.parse import urlparse
NAME = re.compile(r"[a-z0-9-]+")
ALLOWED_HOSTS = {"shop.example"}
def safe_redirect(target):
    return urlparse(target).netloc in ("", "shop.example") and target.startswith("/")
def parsed_first(url):
    parsed = urlparse(url)
    return parsed.hostname in ALLOWED_HOSTS
def report_name(name):
    return bool(NAME.fullmatch(name))
def matched(name):
    return NAME.match(name) is not None
def digits(value):
    return value.isdigit() or value == "all"
def branchy(value):
    if value in ("a", "b"):
        return True
    return False
def other(a, b):
    return b in ("x", "y")
def via(value):
    return report_name(value) and len(value) < 10
def guarded_then_true(value):
    if not report_name(value):
        return False
    return True
def non_empty(value):
    return len(value) > 0
def prefixed(path):
    return path.startswith("/srv/files/")
def deny_list(value):
    return value not in ("root", "admin")
def deny_pattern(value):
    return not NAME.search(value)
def gives_the_value(value):
    if value in ("a", "b"):
        return value
    return None
def one_branch_unchecked(value):
    if value.isdigit():
        return True
    return value.endswith(".txt")
def never_true(value):
    return False
"""


def test_a_function_whose_every_return_checks_a_parameter_is_summarised_as_a_predicate() -> None:
    functions = summarise(textwrap.dedent(PREDICATES), "m.py")["functions"]
    predicates = {name: f.get("predicates") for name, f in functions.items() if name != "<module>"}
    call = functions["via"]["calls"]["0"]
    assert call["callee"] == "name:report_name"
    guard = functions["guarded_then_true"]["calls"]["0"]["callee"]
    assert guard == "name:report_name"
    assert predicates == {
        "safe_redirect": {"0": True},
        "parsed_first": {"0": True},
        "report_name": {"0": True},
        "matched": {"0": True},
        "digits": {"0": True},
        "branchy": {"0": True},
        "other": {"1": True},  # the parameter it checks, not the other one
        "via": {"0": ["call", "0", "0"]},  # report_name and (a length): true if report_name validates
        "guarded_then_true": {"0": ["call", "0", "0"]},
        # a length, a deny-list, a value rather than a verdict, an unchecked branch: not predicates
        "non_empty": None,
        "prefixed": None,  # /srv/files/../../etc/passwd starts with it
        "deny_list": None,
        "deny_pattern": None,
        "gives_the_value": None,
        "one_branch_unchecked": None,
        "never_true": None,  # approves nothing: not a check of anything
    }


def test_a_value_behind_a_call_guard_carries_the_guard_for_the_solver() -> None:
    leaving = """
    import os
    def f(a, b):
        if not is_safe(a):
            raise ValueError(a)
        os.system(a)
        os.system(b)
    """
    calls = _function(leaving)["calls"]
    (call_id,) = [i for i, call in calls.items() if call["callee"] == "lib:is_safe"]
    assert _sink_labels(leaving) == [[f"P0!?{call_id}:0"], ["P1"]]  # the guard checked a, not b
    inside = """
    import os
    def f(a):
        if is_safe(value=a):
            os.system(a)
        os.system(a)
    """
    assert _sink_labels(inside) == [["P0!?0:value"], ["P0", "P0!?0:value"]]  # after the if: either
    for body in ("pass", "log(a)"):  # a failing check that does not leave guards nothing after it
        code = f"""
        import os
        def f(a):
            if not is_safe(a):
                {body}
            os.system(a)
        """
        assert _sink_labels(code) == [["P0"]], body
    asserted = """
    import os
    ALLOWED = ("a", "b")
    def f(a, b):
        assert is_safe(a)
        assert b in ALLOWED
        os.system(a + b)
    """
    assert _sink_labels(asserted) == [["P0!?0:0"]]


def test_a_str_predicate_guard_cleans_the_value_it_is_called_on() -> None:
    code = """
    import os
    def f(a, b):
        if not a.isdigit():
            return None
        if not b.startswith("/srv/files/"):
            return None
        os.system(a + b)
    """
    assert _sink_labels(code) == [["P1"]]  # a prefix is no check: /srv/files/../x has it
