import html

import jinja2
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from flask import Flask, Response, escape, jsonify, make_response, render_template, request
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

app = Flask(__name__)
api = FastAPI()


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    # ruleid: python-xss-response
    return "<h1>Hello " + name + "</h1>"


@app.route("/search")
def search():
    term = request.args.get("q", "")
    body = "<p>No results for {}</p>".format(term)
    # ruleid: python-xss-response
    return body, 404


@app.get("/receipt")
def receipt():
    reference = request.args["ref"]
    # ruleid: python-xss-response
    return make_response(f"<p>Receipt {reference}</p>")


def django_greeting(request):
    # ruleid: python-xss-response
    return HttpResponse("<p>Welcome back, %s</p>" % request.GET["user"])


@api.get("/card", response_class=HTMLResponse)
def card(holder: str):
    # ruleid: python-xss-response
    return f"<div class='card'>{holder}</div>"


@app.route("/hello-escaped")
def hello_escaped():
    name = request.args.get("name", "")
    # ok: python-xss-response
    return "<h1>Hello " + escape(name) + "</h1>"


@app.route("/hello-template")
def hello_template():
    # ok: python-xss-response
    return render_template("hello.html", name=request.args.get("name"))


@app.route("/api/hello")
def hello_json():
    name = request.args.get("name", "")
    # ok: python-xss-response
    return jsonify(greeting="Hello " + name)


@app.route("/api/echo")
def echo_dict():
    # ok: python-xss-response
    return {"echo": request.args.get("q")}


def django_plain(request):
    # ok: python-xss-response
    return HttpResponse("Welcome back, %s" % request.GET["user"], content_type="text/plain")


def django_escaped(request):
    # ok: python-xss-response
    return HttpResponse("<p>Welcome back, %s</p>" % html.escape(request.GET["user"]))


@app.route("/static-page")
def static_page():
    request.args.get("ignored")
    # ok: python-xss-response
    return Response("<p>Maintenance tonight</p>")


def flag():
    note = request.form["note"]
    # ruleid: python-xss-markup
    return Markup("<span class='note'>" + note + "</span>")


def django_label(request):
    label = request.GET.get("label")
    # ruleid: python-xss-markup
    return mark_safe(f"<b>{label}</b>")


def django_format(request):
    # ruleid: python-xss-markup
    return format_html(request.POST["layout"], request.user.username)


def flag_escaped():
    note = request.form["note"]
    # ok: python-xss-markup
    return Markup("<span class='note'>{}</span>").format(note)


def django_format_safe(request):
    # ok: python-xss-markup
    return format_html("<b>{}</b>", request.GET.get("label"))


def constant_markup():
    # ok: python-xss-markup
    return Markup("<hr>")


def escaped_markup():
    # ok: python-xss-markup
    return Markup("<i>%s</i>" % html.escape(request.args["q"]))


def environments():
    # ruleid: python-jinja2-autoescape-disabled
    plain = Environment(loader=FileSystemLoader("templates"))
    # ruleid: python-jinja2-autoescape-disabled
    unsafe = jinja2.Environment(loader=FileSystemLoader("templates"), autoescape=False)
    # ok: python-jinja2-autoescape-disabled
    safe = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())
    # ok: python-jinja2-autoescape-disabled
    always = jinja2.Environment(autoescape=True)
    # ok: python-jinja2-autoescape-disabled
    configured = Environment(**settings.JINJA_OPTIONS)
    return plain, unsafe, safe, always, configured


def flask_settings():
    # ruleid: python-jinja2-autoescape-disabled
    app.jinja_env.autoescape = False
    # ok: python-jinja2-autoescape-disabled
    app.jinja_env.autoescape = True


TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # ruleid: python-jinja2-autoescape-disabled
        "OPTIONS": {"autoescape": False, "context_processors": []},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # ok: python-jinja2-autoescape-disabled
        "OPTIONS": {"autoescape": True},
    },
]


@api.get("/api/card")
def card_json(holder: str):
    # ok: python-xss-response
    return "Card holder: " + holder


@app.get("/receipt-text")
def receipt_text():
    reference = request.args["ref"]
    # ruleid: python-xss-response
    return "<p>Receipt " + reference + "</p>"


# ruleid: python-jinja2-autoescape-disabled
app.jinja_options = {"autoescape": False, "trim_blocks": True}
