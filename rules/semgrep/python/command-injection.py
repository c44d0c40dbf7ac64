import os
import shlex
import subprocess

from flask import request


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
