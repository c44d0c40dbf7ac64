import base64
import marshal
import pickle
import shelve
import socket

import jsonpickle
import yaml
from fastapi import FastAPI, UploadFile
from flask import request
from ruamel.yaml import YAML

api = FastAPI()


def load_config(text):
    # ruleid: python-unsafe-yaml-load
    return yaml.load(text)


def load_config_full(text):
    # ruleid: python-unsafe-yaml-load
    return yaml.load(text, Loader=yaml.Loader)


def load_all(text):
    # ruleid: python-unsafe-yaml-load
    return list(yaml.unsafe_load(text))


def load_positional(text):
    # ruleid: python-unsafe-yaml-load
    return yaml.load(text, yaml.FullLoader)


def load_ruamel(text):
    # ruleid: python-unsafe-yaml-load
    return YAML(typ="unsafe").load(text)


def safe(text):
    # ok: python-unsafe-yaml-load
    return yaml.safe_load(text)


def safe_loader(text):
    # ok: python-unsafe-yaml-load
    return yaml.load(text, Loader=yaml.SafeLoader)


def safe_loader_positional(text):
    # ok: python-unsafe-yaml-load
    return yaml.load(text, yaml.CSafeLoader)


def dump(obj):
    # ok: python-unsafe-yaml-load
    return yaml.safe_dump(obj)


def safe_ruamel(text):
    # ok: python-unsafe-yaml-load
    return YAML(typ="safe").load(text)


def restore_cart():
    blob = request.cookies.get("cart")
    # ruleid: python-pickle-untrusted
    return pickle.loads(base64.b64decode(blob))


def restore_body():
    # ruleid: python-pickle-untrusted
    return pickle.loads(request.get_data())


def restore_form():
    data = request.form["state"]
    # ruleid: python-pickle-untrusted
    return pickle.loads(data.encode())


def restore_upload(request):
    # ruleid: python-pickle-untrusted
    return pickle.load(request.FILES["model"])


@api.post("/session")
def restore_jsonpickle(state: str):
    # ruleid: python-pickle-untrusted
    return jsonpickle.decode(state)


def serve(sock: socket.socket):
    conn, _ = sock.accept()
    payload = conn.recv(65536)
    # ruleid: python-pickle-untrusted
    return marshal.loads(payload)


async def aiohttp_restore(request):
    body = await request.read()
    # ruleid: python-pickle-untrusted
    return pickle.loads(body)


def open_shelf():
    # ruleid: python-pickle-untrusted
    return shelve.open("/srv/shelves/" + request.args["name"])


def restore_local():
    with open("cache.pkl", "rb") as handle:
        # ok: python-pickle-untrusted
        return pickle.load(handle)


def restore_constant():
    # ok: python-pickle-untrusted
    return pickle.loads(b"\x80\x04K\x01.")


def restore_overwritten():
    blob = request.cookies.get("cart")
    blob = b"\x80\x04K\x01."
    # ok: python-pickle-untrusted
    return pickle.loads(blob)


def restore_json():
    import json

    # ok: python-pickle-untrusted
    return json.loads(request.get_data())


def own_shelf():
    request.args.get("ignored")
    # ok: python-pickle-untrusted
    return shelve.open("/srv/shelves/rates")


@api.post("/import")
async def import_state(file: UploadFile):
    raw = await file.read()
    # ruleid: python-pickle-untrusted
    return {"count": len(pickle.loads(raw))}
