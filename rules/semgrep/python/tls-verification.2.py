import ssl
import urllib.request

import requests


def fetch(url):
    ctx = ssl.create_default_context()
    # ruleid: python-tls-verification-disabled
    ctx.check_hostname = False
    # ruleid: python-tls-verification-disabled
    ctx.verify_mode = ssl.CERT_NONE
    return urllib.request.urlopen(url, context=ctx).read()


def fetch_ok(url, ca_bundle):
    # ok: python-tls-verification-disabled
    return requests.get(url, verify=ca_bundle, timeout=10).json()


def fetch_flag(url, insecure):
    # ok: python-tls-verification-disabled
    return requests.get(url, verify=not insecure, timeout=10).json()
