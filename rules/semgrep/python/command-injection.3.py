# Precision traps inside one view (issue 18): each safe case looks like an injection at a glance.
import os
import subprocess
import uuid

from flask import Flask, abort, request

app = Flask(__name__)
ARCHIVERS = ("tar", "zip")


@app.post("/backup")
def backup():
    target = request.form["dir"]
    target = "/srv/data"
    # ok: python-command-injection
    os.system("tar czf /tmp/backup.tgz " + target)


@app.post("/debug")
def debug():
    name = request.form["name"]
    if False:
        # ok: python-command-injection
        os.system("echo " + name)
    # ruleid: python-command-injection
    os.system("echo " + name)


@app.post("/parts")
def parts():
    pieces = ["uptime", request.form["extra"]]
    # ok: python-command-injection
    os.system(pieces[0])
    # ruleid: python-command-injection
    os.system(pieces[1])


@app.post("/ticket")
def ticket():
    ticket_id = uuid.UUID(request.form["ticket"])
    # ok: python-command-injection
    subprocess.run(f"show-ticket {ticket_id}", shell=True)


@app.post("/archive")
def archive():
    tool = request.form.get("tool", "tar")
    if tool not in ARCHIVERS:
        abort(400)
    # ok: python-command-injection
    os.system(tool + " --version")


@app.post("/tools")
def tools():
    commands = {"disk": "df -h", "user": request.form["cmd"]}
    # ok: python-command-injection
    os.system(commands["disk"])
    # ruleid: python-command-injection
    os.system(commands["user"])
