from flask import Flask, jsonify, request
from ldap3.utils.conv import escape_filter_chars

from .directory import BASE_DN, connect

app = Flask(__name__)


@app.get("/people")
def people():
    surname = request.args.get("sn", "")
    conn = connect()
    # ruleid: ldap-injection
    conn.search(BASE_DN, f"(&(objectClass=person)(sn={surname}))", attributes=["cn"])
    return jsonify([str(e.cn) for e in conn.entries])


@app.get("/people-safe")
def people_safe():
    surname = request.args.get("sn", "")
    conn = connect()
    # ok: ldap-injection
    conn.search(BASE_DN, f"(&(objectClass=person)(sn={escape_filter_chars(surname)}))", attributes=["cn"])
    return jsonify([str(e.cn) for e in conn.entries])


@app.get("/people/me")
def me():
    conn = connect()
    # ok: ldap-injection
    conn.search(search_base=BASE_DN, search_filter="(uid=svc-portal)", attributes=["cn"])
    return jsonify([str(e.cn) for e in conn.entries])
