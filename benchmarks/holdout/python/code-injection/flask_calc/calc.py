import ast

from flask import Flask, request

from .limits import DEFAULT_LIMITS

app = Flask(__name__)


@app.post("/calc")
def calc():
    expression = request.form["expr"]
    # ruleid: code-injection
    return {"result": eval(expression)}


@app.post("/calc/literal")
def calc_literal():
    expression = request.form["expr"]
    # ok: code-injection
    return {"result": ast.literal_eval(expression)}


@app.get("/limits")
def limits():
    # ok: code-injection
    table = eval(DEFAULT_LIMITS)
    return {"limits": table}
