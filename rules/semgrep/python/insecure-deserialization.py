import base64
import pickle

import yaml
from flask import request


def load_config(text):
    # ruleid: python-unsafe-yaml-load
    return yaml.load(text)


def load_config_full(text):
    # ruleid: python-unsafe-yaml-load
    return yaml.load(text, Loader=yaml.Loader)


def load_all(text):
    # ruleid: python-unsafe-yaml-load
    return list(yaml.unsafe_load(text))


def safe(text):
    # ok: python-unsafe-yaml-load
    return yaml.safe_load(text)


def safe_loader(text):
    # ok: python-unsafe-yaml-load
    return yaml.load(text, Loader=yaml.SafeLoader)


def dump(obj):
    # ok: python-unsafe-yaml-load
    return yaml.safe_dump(obj)


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
