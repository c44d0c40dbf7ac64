import sqlite3

from flask import request
from sqlalchemy import text


def by_format():
    conn = sqlite3.connect("app.db")
    user_id = request.args.get("id")
    # ruleid: python-sql-injection
    conn.execute("SELECT * FROM users WHERE id = '%s'" % user_id)


def by_fstring(cursor):
    name = request.form["name"]
    # ruleid: python-sql-injection
    cursor.execute(f"SELECT * FROM accounts WHERE owner = '{name}'")


def by_concat(session):
    order = request.args.get("order")
    query = "SELECT * FROM payments ORDER BY " + order
    # ruleid: python-sql-injection
    session.execute(text(query))


def parameterised(cursor):
    user_id = request.args.get("id")
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM users WHERE id = ?", (user_id,))


def constant(cursor):
    table = "users"
    # ok: python-sql-injection
    cursor.execute("SELECT count(*) FROM %s" % table)


def overwritten(cursor):
    user_id = request.args.get("id")
    user_id = "42"
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM users WHERE id = " + user_id)


def cast_to_int(cursor):
    limit = int(request.args.get("limit", "10"))
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM users LIMIT %d" % limit)
