import xml.etree.ElementTree as ET

from fastapi import FastAPI
from flask import request
from lxml import etree

api = FastAPI()
TREE = etree.parse("/srv/app/users.xml")
ROOT = ET.parse("/srv/app/accounts.xml").getroot()


def find_user():
    name = request.args.get("name")
    # ruleid: python-xpath-injection
    return TREE.xpath("//user[@name='" + name + "']")


def find_account(request):
    iban = request.GET["iban"]
    query = f"//account[iban='{iban}']/balance/text()"
    # ruleid: python-xpath-injection
    return TREE.xpath(query)


@api.get("/branch")
def branch(code: str):
    # ruleid: python-xpath-injection
    finder = etree.XPath("//branch[@code='%s']" % code)
    return finder(TREE)


def find_account_etree():
    owner = request.args["owner"]
    # ruleid: python-xpath-injection
    return ROOT.findall(f".//account[@owner='{owner}']")


def find_user_variable():
    name = request.args.get("name")
    # ok: python-xpath-injection
    return TREE.xpath("//user[@name=$name]", name=name)


def find_user_constant():
    request.args.get("ignored")
    # ok: python-xpath-injection
    return TREE.xpath("//user[@active='true']")


def find_account_python():
    owner = request.args["owner"]
    # ok: python-xpath-injection
    return [a for a in ROOT.findall(".//account") if a.get("owner") == owner]


def find_text():
    term = request.args["term"]
    # ok: python-xpath-injection
    return "found" if term.find("/") >= 0 else "plain"
