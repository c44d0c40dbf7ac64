import asyncio
import os
import shlex
import subprocess

from fastapi import FastAPI
from flask import Flask, request

app = Flask(__name__)
api = FastAPI()
ALLOWED_TOOLS = {"uptime", "df"}


def ping():
    host = request.args.get("host")
    # ruleid: python-command-injection
    os.system("ping -c 1 " + host)


def archive():
    name = request.form["name"]
    # ruleid: python-command-injection
    subprocess.run(f"tar czf /tmp/{name}.tgz /data", shell=True)


def listing():
    path = request.args.get("path")
    # ruleid: python-command-injection
    return os.popen("ls -l %s" % path).read()


def explicit_shell(request):
    pattern = request.GET["q"]
    # ruleid: python-command-injection
    return subprocess.check_output(["bash", "-c", "grep -r " + pattern + " /var/log/app"])


def program_from_request():
    tool = request.get_json()["tool"]
    # ruleid: python-command-injection
    return subprocess.run([tool, "--version"], capture_output=True)


@api.post("/convert/{fmt}")
async def convert(fmt: str):
    # ruleid: python-command-injection
    proc = await asyncio.create_subprocess_shell(f"convert in.png out.{fmt}")
    return await proc.wait()


async def aiohttp_handler(request):
    data = await request.post()
    # ruleid: python-command-injection
    return subprocess.getoutput("whois " + data["domain"])


def argument_list():
    host = request.args.get("host")
    # ok: python-command-injection
    subprocess.run(["ping", "-c", "1", host])


def quoted():
    host = request.args.get("host")
    # ok: python-command-injection
    subprocess.run("ping -c 1 " + shlex.quote(host), shell=True)


def constant():
    # ok: python-command-injection
    os.system("uptime")


def overwritten():
    tool = request.args.get("tool")
    tool = "uptime"
    # ok: python-command-injection
    os.system(tool)


def allow_listed():
    tool = request.args.get("tool")
    if tool in ALLOWED_TOOLS:
        # ok: python-command-injection
        return subprocess.check_output(tool, shell=True)
    return "unknown tool"


def numeric():
    count = int(request.args.get("count", "1"))
    # ok: python-command-injection
    os.system("ping -c %d localhost" % count)


def explicit_shell_constant():
    # ok: python-command-injection
    subprocess.run(["sh", "-c", "ls /tmp | wc -l"])


def host_checked():
    host = request.args.get("host", "")
    if not host.replace(".", "").replace("-", "").isalnum():
        return "bad host", 400
    # ok: python-command-injection
    return subprocess.check_output(f"ping -c 1 {host}", shell=True)
