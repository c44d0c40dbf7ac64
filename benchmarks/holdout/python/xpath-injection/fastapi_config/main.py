import elementpath
from fastapi import FastAPI
from lxml import etree

app = FastAPI()
DOC = etree.parse("/etc/app/settings.xml")


@app.get("/setting")
def setting(key: str):
    # ruleid: xpath-injection
    values = elementpath.select(DOC, f"/settings/entry[@key='{key}']/@value")
    return {"values": [str(v) for v in values]}


@app.get("/settings/all")
def all_settings():
    # ok: xpath-injection
    values = elementpath.select(DOC, "/settings/entry/@key")
    return {"keys": [str(v) for v in values]}
