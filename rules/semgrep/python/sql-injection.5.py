# Precision traps inside one Django view (issue 18): each safe case looks like an injection.
from django.db import connection
from django.http import HttpResponseBadRequest, JsonResponse

SORTABLE = ("name", "created", "price")


def orders(request):
    customer = request.GET["customer"]
    query = "SELECT * FROM orders WHERE customer = '%s'" % customer
    query = "SELECT * FROM orders"
    with connection.cursor() as cursor:
        # ok: python-sql-injection
        cursor.execute(query)
        return JsonResponse({"rows": cursor.fetchall()})


def legacy(request):
    table = request.GET["table"]
    with connection.cursor() as cursor:
        while False:
            # ok: python-sql-injection
            cursor.execute("DELETE FROM " + table)
        # ruleid: python-sql-injection
        cursor.execute("SELECT * FROM " + table)
        return JsonResponse({"rows": cursor.fetchall()})


def columns(request):
    picked = ("id", request.GET["column"])
    with connection.cursor() as cursor:
        # ok: python-sql-injection
        cursor.execute("SELECT " + picked[0] + " FROM products")
        # ruleid: python-sql-injection
        cursor.execute("SELECT " + picked[1] + " FROM products")
        return JsonResponse({"rows": cursor.fetchall()})


def page(request):
    limit = int(request.GET.get("limit", "20"))
    with connection.cursor() as cursor:
        # ok: python-sql-injection
        cursor.execute("SELECT * FROM products LIMIT %d" % limit)
        return JsonResponse({"rows": cursor.fetchall()})


def sorted_products(request):
    column = request.GET.get("sort", "name")
    if column not in SORTABLE:
        return HttpResponseBadRequest("cannot sort by that")
    with connection.cursor() as cursor:
        # ok: python-sql-injection
        cursor.execute(f"SELECT * FROM products ORDER BY {column}")
        return JsonResponse({"rows": cursor.fetchall()})
