import xml.etree.ElementTree as ET

from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.route("/soap", methods=["POST"])
def soap():
    # ruleid: python-xxe-lxml-parser
    parser = etree.XMLParser(resolve_entities=True)
    # ruleid: python-xxe-untrusted-xml
    doc = etree.fromstring(request.data, parser)
    return doc.tag


@app.route("/camt", methods=["POST"])
def camt():
    # ruleid: python-xml-untrusted-stdlib
    tree = ET.parse(request.files["statement"])
    return tree.getroot().tag


@app.route("/camt-safe", methods=["POST"])
def camt_safe():
    import defusedxml.ElementTree as DET

    # ok: python-xml-untrusted-stdlib
    tree = DET.parse(request.files["statement"])
    return tree.getroot().tag
