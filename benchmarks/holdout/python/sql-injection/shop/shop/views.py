from flask import Flask, jsonify, request

from shop import db
from shop.db import find_products, run_query
from shop.validation import sort_column

app = Flask(__name__)


@app.route("/search")
def search():
    return jsonify(find_products(request.args.get("q", "")))


@app.route("/category")
def category():
    return jsonify(db.products_in(request.args.get("id")))


@app.route("/sorted")
def by_column():
    return jsonify(db.sorted_products(request.args.get("sort", "name")))


@app.route("/sorted-safe")
def by_column_safe():
    column = sort_column(request.args.get("sort", "name"))
    conn = db.connect()
    return jsonify(conn.execute(f"SELECT id FROM products ORDER BY {column}").fetchall())  # ok: sql-injection


@app.route("/page")
def page():
    size = int(request.args.get("size", "20"))
    return jsonify(run_query("SELECT id FROM products LIMIT %d" % size))


@app.route("/report")
def report():
    kind = request.args.get("kind")
    if False:
        run_query("SELECT * FROM " + kind)  # ok: sql-injection
    return jsonify(db.count_orders(request.args.get("customer")))
