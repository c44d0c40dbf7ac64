"""Second set of cases for the same rule, in other idioms (written before the rule was tuned)."""
import MySQLdb
from django.db import connection
from django.views import View
from flask import Blueprint, g, request
from sqlalchemy import text

bp = Blueprint("reports", __name__)


class SearchView(View):
    def get(self, request, *args, **kwargs):
        term = self.request.GET.get("q", "")
        with connection.cursor() as cursor:
            # ruleid: python-sql-injection
            cursor.execute("SELECT id FROM merchant WHERE name LIKE '%%%s%%'" % term)
            return cursor.fetchall()


@bp.route("/refunds/<refund_id>", methods=["DELETE"])
def delete_refund(refund_id):
    # ruleid: python-sql-injection
    g.db.execute(f"DELETE FROM refunds WHERE id = {refund_id}")
    return "", 204


@bp.route("/ledger")
def ledger():
    sql = "SELECT * FROM ledger"
    account = request.args.get("account")
    if account:
        sql += " WHERE account = '" + account + "'"
    # ruleid: python-sql-injection
    return {"rows": g.db.execute(sql).fetchall()}


@bp.route("/export")
def export():
    params = request.values
    query = "SELECT * FROM payouts WHERE currency = '{c}' AND status = '{s}'".format(
        c=params["currency"], s=params["status"]
    )
    conn = MySQLdb.connect(db="payments")
    cur = conn.cursor()
    # ruleid: python-sql-injection
    cur.execute(query)
    return {"rows": cur.fetchall()}


@bp.post("/batch")
def batch():
    ids = request.json.get("ids", [])
    placeholders = ", ".join("%s" for _ in ids)
    # ok: python-sql-injection
    g.db.execute(f"SELECT * FROM payouts WHERE id IN ({placeholders})", ids)
    return "ok"


@bp.route("/by-owner")
def by_owner():
    owner = request.args["owner"]
    # ok: python-sql-injection
    rows = g.db.execute(text("SELECT * FROM accounts WHERE owner = :owner"), {"owner": owner})
    return {"rows": [dict(r) for r in rows]}


@bp.route("/count")
def count():
    request.args.get("debug")
    table = "payouts"
    # ok: python-sql-injection
    return {"n": g.db.execute("SELECT COUNT(*) FROM " + table).scalar()}


@bp.route("/page")
def page():
    size = request.args.get("size", type=int, default=20)
    # ok: python-sql-injection
    return {"rows": g.db.execute("SELECT * FROM payouts LIMIT %d" % size).fetchall()}
