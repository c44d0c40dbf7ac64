import re

from flask import Flask, current_app, jsonify, request
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
BASE_DN = "ou=people,dc=corp,dc=example"


def directory() -> Connection:
    return current_app.extensions["ldap"]


@app.get("/people")
def people():
    surname = request.args.get("sn", "")
    conn = directory()
    # ruleid: python-ldap3-search-injection
    conn.search(BASE_DN, f"(&(objectClass=person)(sn={surname}))", attributes=["cn"])
    return jsonify([str(e.cn) for e in conn.entries])


@app.get("/people/by-mail")
def by_mail():
    mail = request.args["mail"]
    # ruleid: python-ldap3-search-injection
    directory().search(search_base=BASE_DN, search_filter="(mail=" + mail + ")")
    return jsonify([])


@app.get("/people/all")
def everyone():
    group = request.args.get("group", "")
    ldap_filter = "(memberOf=cn=%s,ou=groups,dc=corp,dc=example)" % group
    # ruleid: python-ldap3-search-injection
    pages = directory().extend.standard.paged_search(BASE_DN, ldap_filter, paged_size=100)
    return jsonify([p["dn"] for p in pages])


@app.get("/people/safe")
def people_safe():
    surname = request.args.get("sn", "")
    conn = directory()
    # ok: python-ldap3-search-injection
    conn.search(BASE_DN, f"(&(objectClass=person)(sn={escape_filter_chars(surname)}))")
    return jsonify([str(e.cn) for e in conn.entries])


@app.get("/people/service")
def service_accounts():
    conn = directory()
    # ok: python-ldap3-search-injection
    conn.search(BASE_DN, "(objectClass=serviceAccount)", attributes=["cn"])
    return jsonify([str(e.cn) for e in conn.entries])


@app.get("/people/count")
def count():
    limit = int(request.args.get("limit", "10"))
    conn = directory()
    # ok: python-ldap3-search-injection
    conn.search(BASE_DN, "(objectClass=person)", size_limit=limit)
    return jsonify(len(conn.entries))


SURNAME = re.compile(r"^[A-Za-z' -]+$")


@app.get("/people/check")
def check():
    surname = request.args.get("sn", "")
    # ok: python-ldap3-search-injection
    if re.search(r"[()*\\]", surname):
        return jsonify(error="invalid"), 400
    # ok: python-ldap3-search-injection
    return jsonify(valid=bool(SURNAME.search(surname, 0)))
