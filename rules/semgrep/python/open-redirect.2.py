from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from flask import Flask, request
from flask import redirect as flask_redirect

app = Flask(__name__)


def oauth_callback(request):
    state = request.GET.get("state", "/")
    # ruleid: python-open-redirect
    return redirect(state)


@app.route("/continue")
def cont():
    url = request.values.get("url") or "/"
    # ruleid: python-open-redirect
    return flask_redirect(url, code=302)


@app.route("/referer")
def back():
    # ruleid: python-open-redirect
    return flask_redirect(request.referrer or "/")


def logout(request):
    response = HttpResponseRedirect("/")
    # ruleid: python-open-redirect
    response.headers["Location"] = request.GET["next"]
    return response


def to_invoice(request, invoice_id):
    # ok: python-open-redirect
    return redirect("invoice-detail", pk=invoice_id)


@app.route("/home")
def home():
    request.args.get("next")
    # ok: python-open-redirect
    return flask_redirect("/dashboard")
