import xml.dom.minidom
import xml.etree.ElementTree as ET
import xml.sax
from xml.sax.handler import feature_external_ges

import defusedxml.ElementTree as SafeET
from fastapi import FastAPI
from flask import request
from lxml import etree

api = FastAPI()
HARDENED = etree.XMLParser(resolve_entities=False, no_network=True)


def parsers():
    # ruleid: python-xxe-lxml-parser
    permissive = etree.XMLParser(resolve_entities=True)
    # ruleid: python-xxe-lxml-parser
    networked = etree.XMLParser(no_network=False)
    # ok: python-xxe-lxml-parser
    hardened = etree.XMLParser(resolve_entities=False, no_network=True)
    # ok: python-xxe-lxml-parser
    default = etree.XMLParser(remove_blank_text=True)
    return permissive, networked, hardened, default


def sax_reader():
    reader = xml.sax.make_parser()
    # ruleid: python-xxe-lxml-parser
    reader.setFeature(feature_external_ges, True)
    # ok: python-xxe-lxml-parser
    reader.setFeature(feature_external_ges, False)
    return reader


def import_statement():
    # ruleid: python-xxe-untrusted-xml
    doc = etree.fromstring(request.get_data())
    return doc.findtext("amount")


def upload(request):
    # ruleid: python-xxe-untrusted-xml
    tree = etree.parse(request.FILES["statement"])
    return tree.getroot()


@api.post("/camt")
def camt(document: str):
    # ruleid: python-xxe-untrusted-xml
    return etree.XML(document.encode())


def import_hardened():
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    # ok: python-xxe-untrusted-xml
    return etree.fromstring(request.get_data(), parser)


def import_hardened_kw():
    # ok: python-xxe-untrusted-xml
    return etree.fromstring(request.data, parser=etree.XMLParser(resolve_entities=False))


def import_defused():
    # ok: python-xxe-untrusted-xml
    return SafeET.fromstring(request.get_data())


def own_document():
    request.args.get("ignored")
    # ok: python-xxe-untrusted-xml
    return etree.parse("/etc/app/schema.xml")


def stdlib_etree():
    # ruleid: python-xml-untrusted-stdlib
    return ET.fromstring(request.data)


def stdlib_minidom(request):
    # ruleid: python-xml-untrusted-stdlib
    return xml.dom.minidom.parseString(request.body)


async def stdlib_aiohttp(request):
    payload = await request.text()
    # ruleid: python-xml-untrusted-stdlib
    return ET.fromstring(payload)


def stdlib_defused():
    # ok: python-xml-untrusted-stdlib
    return SafeET.fromstring(request.data)


def stdlib_own_file():
    request.args.get("ignored")
    # ok: python-xml-untrusted-stdlib
    return ET.parse("config/rates.xml")


def stdlib_built():
    root = ET.Element("payment")
    root.set("currency", request.args["currency"])
    # ok: python-xml-untrusted-stdlib
    return ET.tostring(root)


def import_module_parser():
    # ok: python-xxe-untrusted-xml
    return etree.fromstring(request.get_data(), HARDENED)
