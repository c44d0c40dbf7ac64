import aiosqlite
from aiohttp import web
from fastapi import APIRouter, Query
from sqlalchemy import text
from sqlalchemy.orm import Session

router = APIRouter()


@router.get("/search")
def search(q: str = Query(...), db: Session = None):
    # ruleid: python-sql-injection
    stmt = text("SELECT id, name FROM customers WHERE name ILIKE '%" + q + "%'")
    # ok: python-sql-injection
    return db.execute(stmt).fetchall()


@router.get("/orders/{order_id}")
def order(order_id: int, db: Session = None):
    # ok: python-sql-injection
    return db.execute(text(f"SELECT * FROM orders WHERE id = {order_id}")).one()


async def handler(request: web.Request):
    sort = request.query.get("sort", "id")
    async with aiosqlite.connect("shop.db") as db:
        # ruleid: python-sql-injection
        cursor = await db.execute(f"SELECT * FROM products ORDER BY {sort}")
        return web.json_response(await cursor.fetchall())


async def handler_safe(request: web.Request):
    name = request.match_info["name"]
    async with aiosqlite.connect("shop.db") as db:
        # ok: python-sql-injection
        cursor = await db.execute("SELECT * FROM products WHERE name = ?", (name,))
        return web.json_response(await cursor.fetchall())
