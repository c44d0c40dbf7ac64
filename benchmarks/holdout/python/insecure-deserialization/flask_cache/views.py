import base64
import json
import pickle

from flask import Flask, request

from .cache import load_cached

app = Flask(__name__)


@app.post("/import")
def import_state():
    blob = base64.b64decode(request.form["state"])
    # ruleid: insecure-deserialization
    state = pickle.loads(blob)
    return {"keys": sorted(state)}


@app.post("/import.json")
def import_json():
    # ok: insecure-deserialization
    state = json.loads(request.form["state"])
    return {"keys": sorted(state)}


@app.get("/stats")
def stats():
    return {"stats": load_cached("stats")}
