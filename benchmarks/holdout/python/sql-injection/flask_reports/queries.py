TABLE = "orders"


def orders_since(conn, days: int):
    query = "SELECT id FROM %s WHERE created > date('now', ?)" % TABLE
    # ok: sql-injection
    return conn.execute(query, (f"-{days} days",)).fetchall()
