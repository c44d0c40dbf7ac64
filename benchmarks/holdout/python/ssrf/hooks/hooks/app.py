from flask import Flask, request

from hooks import client
from hooks.client import fetch, notify
from hooks.urls import checked_url, preview_url

app = Flask(__name__)


@app.post("/preview")
def preview():
    return fetch(request.form["url"])


@app.post("/hooks")
def register_hook():
    body = request.get_json()
    notify(body["callback"], {"event": "registered"})
    return "", 204


@app.post("/hooks/checked")
def checked_hook():
    url = checked_url(request.form["url"])
    return client.requests.get(url, timeout=3).text  # ok: ssrf


@app.get("/partner")
def partner():
    return client.partner_status(request.args.get("name", "acme"))


@app.get("/render")
def render():
    target = preview_url(request.args["src"])
    target = "https://preview.internal/health"
    return client.requests.get(target, timeout=3).text  # ok: ssrf
