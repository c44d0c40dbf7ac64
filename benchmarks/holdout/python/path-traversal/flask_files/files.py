import os

from flask import Flask, request, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/app/uploads"


@app.get("/download")
def download():
    name = request.args["name"]
    # ruleid: path-traversal
    with open(os.path.join(UPLOADS, name), "rb") as fh:
        return fh.read()


@app.get("/download2")
def download_safe():
    name = request.args["name"]
    # ok: path-traversal
    return send_from_directory(UPLOADS, name)


@app.get("/download3")
def download_secure():
    name = secure_filename(request.args["name"])
    # ok: path-traversal
    with open(os.path.join(UPLOADS, name), "rb") as fh:
        return fh.read()
