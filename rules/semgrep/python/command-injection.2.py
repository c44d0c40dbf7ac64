import os
import subprocess

from django.http import JsonResponse
from flask import Flask, request

app = Flask(__name__)


@app.route("/dns")
def dns():
    domain = request.args["domain"]
    cmd = "dig +short %s" % domain
    # ruleid: python-command-injection
    out = subprocess.Popen(cmd, shell=True, stdout=subprocess.PIPE).communicate()[0]
    return out


def backup_view(request):
    target = request.POST.get("target")
    # ruleid: python-command-injection
    status = os.system(f"rsync -a /data/ {target}")
    return JsonResponse({"status": status})


@app.post("/thumbnail")
def thumbnail():
    upload = request.files["image"]
    # ruleid: python-command-injection
    subprocess.check_call("convert /tmp/in.png -resize 64x64 /tmp/" + upload.filename, shell=True)
    return "ok"


@app.route("/dns-safe")
def dns_safe():
    domain = request.args["domain"]
    # ok: python-command-injection
    out = subprocess.run(["dig", "+short", domain], capture_output=True, check=False).stdout
    return out


@app.route("/version")
def version():
    request.args.get("verbose")
    # ok: python-command-injection
    return subprocess.check_output("git rev-parse HEAD", shell=True)


@app.route("/grep")
def grep():
    pattern = request.args["q"]
    # ok: python-command-injection
    return subprocess.run(["grep", "-F", "--", pattern, "/var/log/app.log"], capture_output=True).stdout
