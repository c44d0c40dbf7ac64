import os
import shutil
from pathlib import Path

from aiohttp import web
from flask import Flask, request, send_file

app = Flask(__name__)
REPORTS = Path("/srv/reports")


@app.route("/reports/<name>")
def report(name):
    # ruleid: python-path-traversal
    return send_file(REPORTS / name)


@app.route("/avatar", methods=["POST"])
def avatar():
    f = request.files["avatar"]
    dest = os.path.join("/srv/avatars", f.filename)
    # ruleid: python-path-traversal
    f.save(dest)
    return "ok"


async def download(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    # ruleid: python-path-traversal
    return web.FileResponse(f"/srv/exports/{name}")


@app.route("/archive", methods=["POST"])
def archive():
    folder = request.form["folder"]
    # ruleid: python-path-traversal
    shutil.rmtree(os.path.join("/srv/tmp", folder))
    return "ok"


@app.route("/template")
def template():
    lang = request.args.get("lang", "en")
    if lang not in ("en", "de", "fr"):
        lang = "en"
    # ok: python-path-traversal
    return open(os.path.join("/srv/templates", lang + ".html")).read()


@app.route("/report-id/<int:report_id>")
def report_by_id(report_id):
    # ok: python-path-traversal
    return send_file(REPORTS / f"{int(report_id)}.pdf")


@app.route("/latest")
def latest():
    request.args.get("format")
    # ok: python-path-traversal
    return send_file(REPORTS / "latest.pdf")
