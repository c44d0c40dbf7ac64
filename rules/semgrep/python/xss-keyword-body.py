import html

from django.http import HttpResponse
from django.utils.html import escape
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from flask import Flask, Response, request
from starlette.responses import Response as StarletteResponse

app = Flask(__name__)
api = FastAPI()


def profile(request):
    nickname = request.GET.get("nick", "")
    # ruleid: python-xss-response-keyword-body
    return HttpResponse(content=f"<div class='card'>{nickname}</div>")


async def echo(request):
    message = request.query_params.get("m", "")
    # ruleid: python-xss-response-keyword-body
    return StarletteResponse(content="<pre>" + message + "</pre>", media_type="text/html")


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    # ruleid: python-xss-response-keyword-body
    return Response(response=f"<h1>{name}</h1>", status=200)


@api.get("/search")
async def search(q: str = ""):
    # ruleid: python-xss-response-keyword-body
    return HTMLResponse(content=f"<h2>{q}</h2>")


def profile_safe(request):
    nickname = request.GET.get("nick", "")
    # ok: python-xss-response-keyword-body
    return HttpResponse(content=f"<div class='card'>{escape(nickname)}</div>")


async def echo_text(request):
    message = request.query_params.get("m", "")
    # ok: python-xss-response-keyword-body
    return StarletteResponse(content=message, media_type="text/plain")


@app.route("/hello.txt")
def hello_text():
    name = request.args.get("name", "")
    # ok: python-xss-response-keyword-body
    return Response(response=name, mimetype="text/plain")


@api.get("/search2")
async def search_escaped(q: str = ""):
    # ok: python-xss-response-keyword-body
    return HTMLResponse(content="<h2>" + html.escape(q) + "</h2>")
