"""Cases of several classes in one web module: every rule meets every other class's code here
(benchmarks/rule_quality.py runs the whole pack over all annotated files)."""
import json
import logging
import os
import pickle
import subprocess
from urllib.parse import urlparse

import requests
import yaml
from aiohttp import web
from fastapi import FastAPI, Form, UploadFile
from flask import Flask, abort, redirect, request, url_for
from lxml import etree

app = Flask(__name__)
api = FastAPI()
log = logging.getLogger(__name__)
TREE = etree.parse("users.xml")


@app.route("/go")
def go():
    target = request.args.get("url", "")
    parsed = urlparse(target)
    if parsed.netloc and parsed.netloc != request.host:
        abort(400)
    # ok: python-open-redirect
    return redirect(target)


@app.route("/go2")
def go2():
    # ruleid: python-open-redirect
    return redirect(request.form.get("next") or url_for("index"))


@api.post("/import")
async def import_state(file: UploadFile):
    raw = await file.read()
    # ruleid: python-pickle-untrusted
    return {"n": len(pickle.loads(raw))}


@api.post("/run")
def run(cmd: str = Form(...)):
    # ruleid: python-command-injection
    return {"out": subprocess.getoutput(cmd)}


async def lookup(request: web.Request):
    user = request.query["user"]
    # ruleid: python-xpath-injection
    nodes = TREE.xpath("/users/user[name/text()='%s']" % user)
    return web.json_response({"found": len(nodes)})


@app.route("/hook", methods=["POST"])
def hook():
    data = json.loads(request.data)
    url = data.get("callback")
    # ruleid: python-ssrf
    requests.get(url, timeout=3)
    return "ok"


@app.route("/cfg", methods=["POST"])
def cfg():
    # ok: python-unsafe-yaml-load
    settings = yaml.safe_load(request.data)
    return settings


@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    password = request.form["password"]
    # ruleid: python-log-sensitive-data
    log.debug("login for %s with %s", username, password)
    return "ok"


@app.route("/file")
def file():
    name = request.args["name"]
    if ".." in name or name.startswith("/"):
        abort(400)
    # ok: python-path-traversal
    return open(os.path.join("/srv/public", name)).read()


@app.route("/ping")
def ping():
    host = request.args.get("host", "")
    if not host.replace(".", "").isalnum():
        abort(400)
    # ok: python-command-injection
    return subprocess.check_output(f"ping -c1 {host}", shell=True)
