# Django Ninja: route handlers in a module that imports Django and Ninja, but no other web framework.
from django.db import connection
from ninja import NinjaAPI

api = NinjaAPI()


@api.get("/merchants")
def search(request, name: str):
    with connection.cursor() as cursor:
        # ruleid: python-sql-injection
        cursor.execute(f"SELECT * FROM merchants WHERE name LIKE '%{name}%'")
        return cursor.fetchall()


@api.get("/merchants/{merchant_id}")
def by_id(request, merchant_id: int):
    with connection.cursor() as cursor:
        # ok: python-sql-injection
        cursor.execute(f"SELECT * FROM merchants WHERE id = {merchant_id}")
        return cursor.fetchone()
