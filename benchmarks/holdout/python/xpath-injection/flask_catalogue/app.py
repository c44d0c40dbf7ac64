from flask import Flask, request
from lxml import etree

from .data import load_catalogue

app = Flask(__name__)


@app.get("/book")
def book():
    title = request.args.get("title", "")
    tree = load_catalogue()
    # ruleid: xpath-injection
    found = tree.xpath(f"//book[title='{title}']/price/text()")
    return {"price": found[0] if found else None}


@app.get("/book-safe")
def book_safe():
    title = request.args.get("title", "")
    tree = load_catalogue()
    # ok: xpath-injection
    found = tree.xpath("//book[title=$t]/price/text()", t=title)
    return {"price": found[0] if found else None}


@app.get("/author")
def author():
    name = request.args.get("name", "")
    # ruleid: xpath-injection
    finder = etree.XPath("//book[author='" + name + "']/title/text()")
    return {"titles": finder(load_catalogue())}
