import base64
import json
import pickle

import yaml


def decode_job(blob):
    return pickle.loads(base64.b64decode(blob))  # ruleid: insecure-deserialization


def decode_config(text):
    return yaml.load(text, Loader=yaml.Loader)  # ruleid: insecure-deserialization


def decode_safe(text):
    return yaml.safe_load(text)


def decode_json(text):
    return json.loads(text)
