import os
from pathlib import Path

from django.http import FileResponse
from fastapi import FastAPI
from fastapi.responses import FileResponse as StarletteFileResponse
from flask import Flask, abort, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
api = FastAPI()
BASE_DIR = "/srv/statements"
STATEMENTS = Path(BASE_DIR)


def download():
    name = request.args.get("file")
    # ruleid: python-path-traversal
    return send_file(os.path.join(BASE_DIR, name))


def read_statement():
    name = request.args["statement"]
    path = os.path.join(BASE_DIR, name)
    # ruleid: python-path-traversal
    with open(path) as handle:
        return handle.read()


def upload():
    document = request.files["document"]
    # ruleid: python-path-traversal
    document.save(os.path.join("/srv/uploads", document.filename))


def upload_secured():
    document = request.files["document"]
    # ok: python-path-traversal
    document.save(os.path.join("/srv/uploads", secure_filename(document.filename)))


def name_prefix_check():
    name = request.args["report"]
    if not name.startswith("report_"):
        abort(400)
    # ruleid: python-path-traversal
    return send_file(os.path.join(BASE_DIR, name))


@app.route("/export/<path:name>")
def export(name):
    # ruleid: python-path-traversal
    return (STATEMENTS / name).read_text()


def django_download(request):
    name = request.GET["name"]
    # ruleid: python-path-traversal
    return FileResponse(open(f"{BASE_DIR}/{name}", "rb"))


@api.get("/receipts/{name}")
def receipt(name: str):
    # ruleid: python-path-traversal
    return StarletteFileResponse(os.path.join(BASE_DIR, "receipts", name))


async def remove(request):
    # ruleid: python-path-traversal
    os.remove(os.path.join(BASE_DIR, request.match_info["name"]))


def from_directory():
    name = request.args.get("file")
    # ok: python-path-traversal
    return send_from_directory(BASE_DIR, name)


def secured():
    name = secure_filename(request.args.get("file"))
    # ok: python-path-traversal
    return send_file(os.path.join(BASE_DIR, name))


def basename_only():
    name = os.path.basename(request.args["statement"])
    # ok: python-path-traversal
    with open(os.path.join(BASE_DIR, name)) as handle:
        return handle.read()


def checked():
    name = request.args["statement"]
    path = os.path.realpath(os.path.join(BASE_DIR, name))
    if not path.startswith(BASE_DIR + os.sep):
        abort(404)
    # ok: python-path-traversal
    return send_file(path)


def checked_pathlib():
    target = (STATEMENTS / request.args["statement"]).resolve()
    if not target.is_relative_to(STATEMENTS):
        raise PermissionError("outside the statements directory")
    # ok: python-path-traversal
    return target.read_bytes()


def constant_path():
    request.args.get("file")
    # ok: python-path-traversal
    return send_file(os.path.join(BASE_DIR, "terms.pdf"))


def numeric_id():
    statement_id = int(request.args["id"])
    # ok: python-path-traversal
    return open(os.path.join(BASE_DIR, "%d.pdf" % statement_id), "rb").read()


def dot_dot_checked():
    name = request.args["name"]
    if ".." in name or name.startswith("/"):
        abort(400)
    # ok: python-path-traversal
    return send_file(os.path.join(BASE_DIR, name))
