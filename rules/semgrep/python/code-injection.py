import ast
import code
import json

from django.template import Template as DjangoTemplate
from fastapi import FastAPI
from flask import Flask, render_template, render_template_string, request
from jinja2 import Environment, Template

app = Flask(__name__)
api = FastAPI()
env = Environment(autoescape=True)
OPERATIONS = {"sum": sum, "max": max}


def calculator():
    expression = request.args.get("expr")
    # ruleid: python-code-injection
    return str(eval(expression))


def run_hook():
    hook = request.get_json()["hook"]
    # ruleid: python-code-injection
    exec(hook, {"__builtins__": {}})


@api.post("/rules")
def compile_rule(body: str):
    # ruleid: python-code-injection
    return compile(body, "<rule>", "eval")


async def console(request):
    source = await request.text()
    # ruleid: python-code-injection
    code.InteractiveInterpreter().runsource(source)


def literal():
    expression = request.args.get("expr")
    # ok: python-code-injection
    return str(ast.literal_eval(expression))


def constant_eval():
    # ok: python-code-injection
    return eval("1 + 2")


def dispatch():
    operation = request.args.get("op")
    values = json.loads(request.args.get("values", "[]"))
    # ok: python-code-injection
    return str(OPERATIONS[operation](values))


def overwritten():
    expression = request.args.get("expr")
    expression = "2 * 21"
    # ok: python-code-injection
    return str(eval(expression))


def greeting():
    name = request.args.get("name", "guest")
    # ruleid: python-template-injection
    return render_template_string("<h1>Hello " + name + "</h1>")


def preview():
    body = request.form["body"]
    # ruleid: python-template-injection
    return Template(body).render()


def preview_env(request):
    # ruleid: python-template-injection
    return env.from_string(request.POST["template"]).render()


def django_preview(request):
    text = request.GET.get("text", "")
    # ruleid: python-template-injection
    return DjangoTemplate(f"<p>{text}</p>").render(context)


def greeting_context():
    name = request.args.get("name", "guest")
    # ok: python-template-injection
    return render_template_string("<h1>Hello {{ name }}</h1>", name=name)


def greeting_file():
    name = request.args.get("name", "guest")
    # ok: python-template-injection
    return render_template("greeting.html", name=name)


def constant_template():
    # ok: python-template-injection
    return Template("<p>{{ amount }}</p>").render(amount=request.args.get("amount"))


def calculator_int():
    # ruleid: python-code-injection
    return int(eval(request.args["expr"]))
