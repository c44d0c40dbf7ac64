import ssl

import httpx
import requests


def charge(payload):
    # ruleid: python-tls-verification-disabled
    return requests.post("https://psp.example/charge", json=payload, verify=False)


def status(client: httpx.Client):
    # ruleid: python-tls-verification-disabled
    return httpx.get("https://psp.example/status", verify=False)


def context():
    # ruleid: python-tls-verification-disabled
    return ssl._create_unverified_context()


def no_check(ctx):
    # ruleid: python-tls-verification-disabled
    ctx.verify_mode = ssl.CERT_NONE


def verified(payload):
    # ok: python-tls-verification-disabled
    return requests.post("https://psp.example/charge", json=payload)


def private_ca(payload):
    # ok: python-tls-verification-disabled
    return requests.post("https://psp.example/charge", json=payload, verify="/etc/ssl/psp-ca.pem")


def strict(ctx):
    # ok: python-tls-verification-disabled
    ctx.verify_mode = ssl.CERT_REQUIRED
