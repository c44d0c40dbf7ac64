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
