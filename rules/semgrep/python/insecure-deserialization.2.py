import base64
import pickle

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_config():
    # ruleid: python-unsafe-yaml-load
    config = yaml.load(request.data, Loader=yaml.UnsafeLoader)
    return {"keys": list(config)}


@app.route("/prefs")
def prefs():
    raw = base64.urlsafe_b64decode(request.cookies["prefs"])
    # ruleid: python-pickle-untrusted
    return pickle.loads(raw)["theme"]


@app.route("/upload", methods=["POST"])
def upload_model():
    blob = request.files["model"].read()
    # ruleid: python-pickle-untrusted
    model = pickle.loads(blob)
    return {"type": type(model).__name__}


@app.route("/import-safe", methods=["POST"])
def import_config_safe():
    # ok: python-unsafe-yaml-load
    config = yaml.safe_load(request.data)
    return {"keys": list(config)}


def warm_cache(path):
    with open(path, "rb") as handle:
        # ok: python-pickle-untrusted
        return pickle.load(handle)
