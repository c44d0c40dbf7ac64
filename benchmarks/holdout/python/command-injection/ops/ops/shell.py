import os
import shlex
import subprocess

ALLOWED_TOOLS = ("ping", "traceroute", "dig")


def run(command):
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout  # ruleid: command-injection


def ping(host):
    return run("ping -c 1 " + host)


def safe_ping(host):
    return subprocess.run(["ping", "-c", "1", host], capture_output=True, text=True).stdout  # ok: command-injection


def quoted_lookup(name):
    return os.popen("dig +short " + shlex.quote(name)).read()  # ok: command-injection


def archive(directory):
    os.system("tar czf /tmp/backup.tgz " + directory)  # ruleid: command-injection
