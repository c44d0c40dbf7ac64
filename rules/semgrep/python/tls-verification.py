import ssl

import aiohttp
import httpx
import requests
import urllib3
from OpenSSL import SSL


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


def no_hostname(ctx):
    # ruleid: python-tls-verification-disabled
    ctx.check_hostname = False


def session_setting():
    session = requests.Session()
    # ruleid: python-tls-verification-disabled
    session.verify = False
    return session


async def aiohttp_call(session: aiohttp.ClientSession):
    # ruleid: python-tls-verification-disabled
    async with session.get("https://psp.example/status", ssl=False) as response:
        return await response.json()


def pool():
    # ruleid: python-tls-verification-disabled
    return urllib3.PoolManager(cert_reqs="CERT_NONE")


def verified(payload):
    # ok: python-tls-verification-disabled
    return requests.post("https://psp.example/charge", json=payload)


def private_ca(payload):
    # ok: python-tls-verification-disabled
    return requests.post("https://psp.example/charge", json=payload, verify="/etc/ssl/psp-ca.pem")


def strict(ctx):
    # ok: python-tls-verification-disabled
    ctx.verify_mode = ssl.CERT_REQUIRED


def strict_hostname(ctx):
    # ok: python-tls-verification-disabled
    ctx.check_hostname = True


def form_validation(form):
    # ok: python-tls-verification-disabled
    return form.validate(verify=False)


def legacy_context():
    # ruleid: python-tls-weak-protocol
    return ssl.SSLContext(ssl.PROTOCOL_TLSv1)


def legacy_socket(sock):
    # ruleid: python-tls-weak-protocol
    return ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv3)


def legacy_minimum():
    context = ssl.create_default_context()
    # ruleid: python-tls-weak-protocol
    context.minimum_version = ssl.TLSVersion.TLSv1_1
    return context


def legacy_pyopenssl():
    # ruleid: python-tls-weak-protocol
    return SSL.Context(SSL.TLSv1_METHOD)


def modern_context():
    # ok: python-tls-weak-protocol
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def modern_minimum():
    context = ssl.create_default_context()
    # ok: python-tls-weak-protocol
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def disable_old():
    context = ssl.create_default_context()
    # ok: python-tls-weak-protocol
    context.options |= ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1
    return context


def modern_pyopenssl():
    # ok: python-tls-weak-protocol
    return SSL.Context(SSL.TLS_CLIENT_METHOD)
