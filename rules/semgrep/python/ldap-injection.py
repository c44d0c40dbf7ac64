import ldap
import ldap3
from fastapi import FastAPI
from flask import request
from ldap.filter import escape_filter_chars, filter_format
from ldap3.utils.conv import escape_filter_chars as ldap3_escape

api = FastAPI()
BASE_DN = "ou=people,dc=bank,dc=example"


def lookup():
    conn = ldap.initialize("ldaps://ldap.bank.example")
    uid = request.args.get("uid")
    # ruleid: python-ldap-injection
    return conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")


def lookup_ldap3(request):
    username = request.POST["username"]
    conn = ldap3.Connection(ldap3.Server("ldaps://ldap.bank.example"), auto_bind=True)
    # ruleid: python-ldap-injection
    conn.search(BASE_DN, f"(&(objectClass=person)(sAMAccountName={username}))")
    return conn.entries


@api.post("/login")
def login(user: str, password: str):
    conn = ldap.initialize("ldaps://ldap.bank.example")
    # ruleid: python-ldap-injection
    conn.simple_bind_s("uid=%s,%s" % (user, BASE_DN), password)
    return True


def lookup_by_mail():
    mail = request.args["mail"]
    with ldap3.Connection("ldaps://ldap.bank.example", auto_bind=True) as conn:
        # ruleid: python-ldap-injection
        conn.search(search_base=BASE_DN, search_filter="(mail=%s)" % mail)
        return conn.entries


def lookup_escaped():
    conn = ldap.initialize("ldaps://ldap.bank.example")
    uid = escape_filter_chars(request.args.get("uid"))
    # ok: python-ldap-injection
    return conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")


def lookup_filter_format():
    conn = ldap.initialize("ldaps://ldap.bank.example")
    # ok: python-ldap-injection
    return conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, filter_format("(uid=%s)", [request.args["uid"]]))


def lookup_ldap3_escaped(request):
    username = ldap3_escape(request.POST["username"])
    conn = ldap3.Connection(ldap3.Server("ldaps://ldap.bank.example"), auto_bind=True)
    # ok: python-ldap-injection
    conn.search(BASE_DN, f"(sAMAccountName={username})")
    return conn.entries


def not_ldap():
    import re

    term = request.args["term"]
    # ok: python-ldap-injection
    return re.search(r"^[a-z]+$", term)
