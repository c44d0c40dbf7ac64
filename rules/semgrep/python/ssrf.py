import urllib.request
from urllib.parse import urlparse

import aiohttp
import httpx
import requests
from fastapi import FastAPI
from flask import Flask, abort, request

app = Flask(__name__)
api = FastAPI()
ALLOWED_HOSTS = {"hooks.partner.example", "api.psp.example"}


def preview():
    url = request.args.get("url")
    # ruleid: python-ssrf
    return requests.get(url, timeout=5).text


def webhook_test(request):
    # ruleid: python-ssrf
    return requests.post(request.POST["callback"], json={"ping": True})


@api.post("/avatar")
async def fetch_avatar(avatar_url: str):
    async with httpx.AsyncClient() as client:
        # ruleid: python-ssrf
        response = await client.get(avatar_url)
    return response.content


def legacy_fetch():
    host = request.form["host"]
    # ruleid: python-ssrf
    return urllib.request.urlopen("http://" + host + "/status").read()


async def aiohttp_proxy(request):
    target = request.query["target"]
    async with aiohttp.ClientSession() as session:
        # ruleid: python-ssrf
        async with session.get(target) as response:
            return await response.text()


def relay():
    session = requests.Session()
    endpoint = request.get_json()["endpoint"]
    # ruleid: python-ssrf
    return session.post(endpoint, json={"ping": True}).json()


def fixed_host():
    account = request.args["account"]
    # ok: python-ssrf
    return requests.get("https://api.psp.example/v1/accounts/" + account).json()


def fixed_host_fstring():
    # ok: python-ssrf
    return requests.get(f"https://api.psp.example/v1/charges/{request.args['charge']}").json()


def allow_listed_host():
    url = request.args["url"]
    if urlparse(url).hostname not in ALLOWED_HOSTS:
        abort(400)
    # ok: python-ssrf
    return requests.get(url, timeout=5).text


def constant_url():
    request.args.get("ignored")
    # ok: python-ssrf
    return httpx.get("https://status.psp.example/health").json()


def overwritten():
    url = request.args.get("url")
    url = "https://status.psp.example/health"
    # ok: python-ssrf
    return requests.get(url).json()


def session_lookup(request):
    # ok: python-ssrf
    return request.session.get(request.GET["key"])
