import sqlite3

from flask import Flask, g, request

from .queries import TABLE, orders_since

app = Flask(__name__)


def db():
    if "db" not in g:
        g.db = sqlite3.connect("/srv/app/app.db")
    return g.db


@app.get("/reports/orders")
def orders():
    customer = request.args.get("customer", "")
    cur = db().cursor()
    # ruleid: sql-injection
    cur.execute(f"SELECT id, total FROM orders WHERE customer = '{customer}'")
    return {"rows": cur.fetchall()}


@app.get("/reports/orders2")
def orders_param():
    customer = request.args.get("customer", "")
    cur = db().cursor()
    # ok: sql-injection
    cur.execute("SELECT id, total FROM orders WHERE customer = ?", (customer,))
    return {"rows": cur.fetchall()}


@app.get("/reports/count")
def count():
    cur = db().cursor()
    # ok: sql-injection
    cur.execute(f"SELECT count(*) FROM {TABLE}")
    return {"count": cur.fetchone()[0]}


@app.get("/reports/recent")
def recent():
    days = int(request.args.get("days", "7"))
    return {"rows": orders_since(db(), days)}
