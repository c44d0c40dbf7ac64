from django.http import HttpResponse
from django.utils.safestring import mark_safe
from flask import Flask, make_response, request
from markupsafe import Markup, escape

app = Flask(__name__)


def comment_preview(request):
    body = request.POST.get("body", "")
    html = "<div class='comment'>%s</div>" % body
    # ruleid: python-xss-markup
    return {"preview": mark_safe(html)}


@app.route("/greet")
def greet():
    name = request.args.get("name", "")
    # ruleid: python-xss-response
    resp = make_response("<b>Hi " + name + "</b>")
    resp.headers["X-Frame-Options"] = "DENY"
    # ok: python-xss-response
    return resp


@app.route("/greet-escaped")
def greet_escaped():
    name = request.args.get("name", "")
    # ok: python-xss-markup
    return Markup("<b>Hi %s</b>") % name


@app.route("/greet-safe")
def greet_safe():
    # ok: python-xss-response
    return "<b>Hi %s</b>" % escape(request.args.get("name", ""))


def search(request):
    q = request.GET.get("q", "")
    # ruleid: python-xss-response
    return HttpResponse(f"<h2>Results for {q}</h2>")
