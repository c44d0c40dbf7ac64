from urllib.parse import urlparse

from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.post("/login")
def login():
    target = request.args.get("next", "/")
    # ruleid: open-redirect
    return redirect(target)


@app.post("/login2")
def login_checked():
    target = request.args.get("next", "/")
    if urlparse(target).netloc:
        target = "/"
    # ok: open-redirect
    return redirect(url_for("index"))
