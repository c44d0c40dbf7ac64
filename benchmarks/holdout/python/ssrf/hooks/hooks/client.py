import requests

PARTNERS = {"acme": "https://api.acme.example/v1", "globex": "https://globex.example/api"}
TIMEOUT = 5


def fetch(url):
    return requests.get(url, timeout=TIMEOUT).text  # ruleid: ssrf


def notify(url, payload):
    requests.post(url, json=payload, timeout=TIMEOUT)  # ruleid: ssrf


def partner_status(partner):
    base = PARTNERS.get(partner, PARTNERS["acme"])
    return requests.get(base + "/status", timeout=TIMEOUT).json()  # ok: ssrf
