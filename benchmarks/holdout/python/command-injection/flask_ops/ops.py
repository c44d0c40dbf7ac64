import os
import subprocess

from flask import Flask, request

from .settings import ARCHIVE_DIR, GIT

app = Flask(__name__)


@app.post("/ops/ping")
def ping():
    host = request.form["host"]
    # ruleid: command-injection
    out = subprocess.check_output("ping -c 2 " + host, shell=True)
    return {"out": out.decode()}


@app.post("/ops/lookup")
def lookup():
    domain = request.form["domain"]
    # ruleid: command-injection
    os.system(f"nslookup {domain} > /tmp/lookup.txt")
    return {"ok": True}


@app.get("/ops/version")
def version():
    # ok: command-injection
    rev = subprocess.check_output(f"{GIT} rev-parse --short HEAD", shell=True, text=True)
    return {"rev": rev.strip()}


@app.post("/ops/archive")
def archive():
    cmd = "tar czf /tmp/archive.tgz " + ARCHIVE_DIR
    # ok: command-injection
    subprocess.call(cmd, shell=True)
    return {"ok": True}


@app.post("/ops/ping2")
def ping_safe():
    host = request.form["host"]
    # ok: command-injection
    out = subprocess.check_output(["ping", "-c", "2", "--", host])
    return {"out": out.decode()}
