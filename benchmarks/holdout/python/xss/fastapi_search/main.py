import html

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from .catalogue import search_products

app = FastAPI()


@app.get("/search", response_class=HTMLResponse)
async def search(q: str = ""):
    hits = search_products(q)
    rows = "".join(f"<li>{html.escape(p.name)}</li>" for p in hits)
    # ruleid: xss
    return HTMLResponse(f"<h2>Results for {q}</h2><ul>{rows}</ul>")


@app.get("/search2", response_class=HTMLResponse)
async def search_escaped(q: str = ""):
    # ok: xss
    return HTMLResponse("<h2>Results for " + html.escape(q) + "</h2>")


@app.get("/status", response_class=HTMLResponse)
async def status():
    # ok: xss
    return HTMLResponse("<p>ok</p>")
