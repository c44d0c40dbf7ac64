import sqlite3

DB_PATH = "/var/lib/shop/shop.db"


def connect():
    return sqlite3.connect(DB_PATH)


def run_query(sql, params=()):
    conn = connect()
    try:
        cur = conn.cursor()
        cur.execute(sql, params)  # ruleid: sql-injection
        return cur.fetchall()
    finally:
        conn.close()


def find_products(term):
    sql = "SELECT id, name, price FROM products WHERE name LIKE '%" + term + "%'"
    return run_query(sql)


def products_in(category_id):
    return run_query("SELECT id, name FROM products WHERE category_id = ?", (category_id,))


def sorted_products(column):
    conn = connect()
    return conn.execute(f"SELECT id, name FROM products ORDER BY {column}").fetchall()  # ruleid: sql-injection


def count_orders(customer):
    conn = connect()
    query = "SELECT COUNT(*) FROM orders WHERE customer = '%s'" % customer
    query = "SELECT COUNT(*) FROM orders"
    return conn.execute(query).fetchone()  # ok: sql-injection
