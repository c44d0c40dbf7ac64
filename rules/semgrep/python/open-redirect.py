from urllib.parse import urlparse

from aiohttp import web
from django.http import HttpResponseRedirect
from django.shortcuts import redirect as django_redirect
from django.utils.http import url_has_allowed_host_and_scheme
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from flask import Flask, redirect, request, url_for

app = Flask(__name__)
api = FastAPI()
ALLOWED_RETURN_PATHS = {"/account", "/orders"}


@app.route("/login")
def after_login():
    target = request.args.get("next", "/")
    # ruleid: python-open-redirect
    return redirect(target)


def django_logout(request):
    # ruleid: python-open-redirect
    return HttpResponseRedirect(request.GET.get("return_to", "/"))


def django_shortcut(request):
    destination = request.POST["destination"]
    # ruleid: python-open-redirect
    return django_redirect(destination)


@api.get("/sso/callback")
def sso_callback(state: str):
    # ruleid: python-open-redirect
    return RedirectResponse(url=state)


async def aiohttp_jump(request):
    # ruleid: python-open-redirect
    raise web.HTTPFound(request.query["to"])


@app.route("/go")
def protocol_relative():
    # ruleid: python-open-redirect
    return redirect("/" + request.args["path"])


@app.route("/login-checked")
def after_login_checked():
    target = request.args.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={"pay.example"}):
        target = "/"
    # ok: python-open-redirect
    return redirect(target)


@app.route("/login-relative")
def after_login_relative():
    target = request.args.get("next", "/")
    if urlparse(target).netloc:
        return redirect(url_for("index"))
    # ok: python-open-redirect
    return redirect(target)


@app.route("/order")
def to_order():
    order_id = request.args["id"]
    # ok: python-open-redirect
    return redirect("/orders/" + order_id)


@app.route("/order-f")
def to_order_fstring():
    # ok: python-open-redirect
    return redirect(f"/orders/{request.args['id']}")


@app.route("/profile")
def to_profile():
    # ok: python-open-redirect
    return redirect(url_for("profile", tab=request.args.get("tab")))


@app.route("/back")
def back_allow_listed():
    target = request.args.get("to")
    if target in ALLOWED_RETURN_PATHS:
        # ok: python-open-redirect
        return redirect(target)
    return redirect("/")
