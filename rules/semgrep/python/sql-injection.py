import sqlite3

import pandas as pd
from django.db import connection
from django.db.models.expressions import RawSQL
from django.views import View
from django.views.generic.edit import FormView
from fastapi import Depends, FastAPI
from flask import Flask, request
from psycopg2 import sql
from sqlalchemy import text

app = Flask(__name__)
api = FastAPI()
ALLOWED_ORDER = {"created", "amount"}
SORT_COLUMNS = {"newest": "created DESC", "largest": "amount DESC"}


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


def by_dot_format(cursor):
    payload = request.get_json()
    sql_text = "UPDATE cards SET label = '{}' WHERE id = {}".format(payload["label"], payload["id"])
    # ruleid: python-sql-injection
    cursor.executemany(sql_text, [])


class PaymentView(View):
    def get(self, request, *args, **kwargs):
        account_id = self.kwargs["account_id"]
        # ruleid: python-sql-injection
        return Payment.objects.raw("SELECT * FROM payments WHERE account = %s" % account_id)


def django_extra(request):
    status = request.GET.get("status", "open")
    # ruleid: python-sql-injection
    return Payment.objects.extra(where=["status = '%s'" % status])


def django_rawsql(request):
    field = request.POST["field"]
    # ruleid: python-sql-injection
    return Payment.objects.annotate(val=RawSQL("SELECT " + field + " FROM ledger", ()))


def django_cursor(request):
    iban = request.GET["iban"]
    with connection.cursor() as cursor:
        # ruleid: python-sql-injection
        cursor.execute("SELECT balance FROM accounts WHERE iban = '" + iban + "'")
        return cursor.fetchone()


@api.get("/merchants")
def fastapi_search(name: str, db=Depends(get_db)):
    # ruleid: python-sql-injection
    return db.execute(text(f"SELECT * FROM merchants WHERE name LIKE '%{name}%'")).all()


async def aiohttp_lookup(request):
    pool = request.app["pool"]
    ref = request.match_info["ref"]
    async with pool.acquire() as conn:
        # ruleid: python-sql-injection
        return await conn.fetchrow(f"SELECT * FROM transfers WHERE ref = '{ref}'")


def report():
    region = request.args["region"]
    # ruleid: python-sql-injection
    return pd.read_sql("SELECT * FROM sales WHERE region = '%s'" % region, engine)


def parameterised(cursor):
    user_id = request.args.get("id")
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM users WHERE id = ?", (user_id,))


def parameterised_named(session):
    name = request.form["name"]
    # ok: python-sql-injection
    session.execute(text("SELECT * FROM users WHERE name = :name"), {"name": name})


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


def allow_listed(cursor):
    order = request.args.get("order", "created")
    if order not in ALLOWED_ORDER:
        return "bad order", 400
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM payments ORDER BY " + order)


def table_lookup(cursor):
    sort = SORT_COLUMNS.get(request.args.get("sort"), "created DESC")
    # ok: python-sql-injection
    cursor.execute("SELECT * FROM payments ORDER BY " + sort)


def psycopg_identifier(cursor):
    column = request.args["column"]
    query = sql.SQL("SELECT {} FROM payments").format(sql.Identifier(column))
    # ok: python-sql-injection
    cursor.execute(query)


def django_raw_params(request):
    account_id = request.GET["account"]
    # ok: python-sql-injection
    return Payment.objects.raw("SELECT * FROM payments WHERE account = %s", [account_id])


def helper_with_request(request, statement_id):
    # ok: python-sql-injection
    return Payment.objects.raw("SELECT * FROM statements WHERE id = %s" % statement_id)


@api.get("/merchants/{merchant_id}")
def typed_id(merchant_id: int, db=Depends(get_db)):
    # ok: python-sql-injection
    return db.execute(text(f"SELECT * FROM merchants WHERE id = {merchant_id}")).one()


def executor_not_db(pool):
    # ok: python-sql-injection
    pool.execute("VACUUM")


class StatementSearch(FormView):
    def form_valid(self, form):
        reference = form.cleaned_data["reference"]
        with connection.cursor() as cursor:
            # ruleid: python-sql-injection
            cursor.execute("SELECT * FROM statements WHERE reference = '%s'" % reference)
            # ok: python-sql-injection
            cursor.execute("SELECT * FROM statements WHERE kind = '%s'" % form.prefix)
            # ok: python-sql-injection
            cursor.execute("SELECT * FROM statements WHERE kind = '%s'" % self.kwargs_label)
        # ruleid: python-sql-injection
        return Payment.objects.raw("SELECT * FROM payments WHERE memo = '%s'" % self.get_form().cleaned_data["memo"])


def drf_perform_create(serializer):
    data = serializer.validated_data
    # ruleid: python-sql-injection
    Payment.objects.extra(where=["memo = '%s'" % data["memo"]])
    # ok: python-sql-injection
    Payment.objects.extra(where=["id = %s" % serializer.instance.pk])


def other_kwargs(task):
    # ok: python-sql-injection
    return Payment.objects.raw("SELECT * FROM payments WHERE account = '%s'" % task.kwargs["account"])
