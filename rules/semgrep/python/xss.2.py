from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from flask import Blueprint, request

bp = Blueprint("pages", __name__)


@bp.route("/welcome")
def welcome():
    user = request.args.get("user", "")
    html = "<html><body>"
    html += "<h1>Welcome %s</h1>" % user
    html += "</body></html>"
    # ruleid: python-xss-response
    return html


def error_page(request):
    message = request.GET.get("msg", "")
    # ruleid: python-xss-response
    return HttpResponse("<div class='error'>" + message + "</div>", status=400)


@bp.get("/echo")
def echo():
    # ruleid: python-xss-response
    return f"<pre>{request.data.decode()}</pre>"


def error_page_safe(request):
    message = request.GET.get("msg", "")
    # ok: python-xss-response
    return HttpResponse("<div class='error'>" + escape(message) + "</div>", status=400)


def error_page_template(request):
    # ok: python-xss-response
    return render(request, "error.html", {"msg": request.GET.get("msg", "")})


@bp.route("/ping")
def ping():
    request.args.get("x")
    # ok: python-xss-response
    return "<p>pong</p>"
