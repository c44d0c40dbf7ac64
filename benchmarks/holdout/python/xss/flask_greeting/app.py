from flask import Flask, request
from markupsafe import escape

from .store import recent_visitors

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "guest")
    # ruleid: xss
    return f"<h1>Welcome back, {name}!</h1>"


@app.route("/hello-safe")
def hello_safe():
    name = request.args.get("name", "guest")
    # ok: xss
    return f"<h1>Welcome back, {escape(name)}!</h1>"


@app.route("/visitors")
def visitors():
    count = len(recent_visitors())
    # ok: xss
    return f"<p>{count} visitors today</p>"
