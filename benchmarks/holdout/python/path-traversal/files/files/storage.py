import os
from pathlib import Path

UPLOAD_DIR = "/srv/uploads"
TEMPLATES = {"invoice": "invoice.html", "receipt": "receipt.html"}


def user_file(name):
    return os.path.join(UPLOAD_DIR, name)


def read_text(path):
    with open(path) as handle:  # ruleid: path-traversal
        return handle.read()


def safe_name(name):
    return os.path.basename(name)


def template_path(kind):
    return os.path.join("/srv/templates", TEMPLATES.get(kind, "invoice.html"))


def delete_upload(name):
    os.remove(Path(UPLOAD_DIR) / name)  # ruleid: path-traversal
