const mysql = require("mysql2");

const pool = mysql.createPool({ host: "db", user: "orders", database: "orders" });

const SORT_COLUMNS = { date: "created_at", amount: "amount_cents" };

function findByCustomer(customerId) {
  return pool.promise().query("SELECT * FROM orders WHERE customer_id = " + customerId); // ruleid: sql-injection
}

function findByStatus(status) {
  return pool.promise().query("SELECT * FROM orders WHERE status = ?", [status]); // ok: sql-injection
}

function listSorted(sortKey) {
  const column = SORT_COLUMNS[sortKey] || "created_at";
  return pool.promise().query(`SELECT * FROM orders ORDER BY ${column}`); // ok: sql-injection
}

module.exports = { pool, findByCustomer, findByStatus, listSorted };
