const express = require("express");
const db = require("./db");

const app = express();

app.get("/orders", async (req, res) => {
  const [rows] = await db.findByCustomer(req.query.customer);
  res.json(rows);
});

app.get("/orders/status/:status", async (req, res) => {
  const [rows] = await db.findByStatus(req.params.status);
  res.json(rows);
});

app.get("/orders/sorted", async (req, res) => {
  const [rows] = await db.listSorted(req.query.sort);
  res.json(rows);
});

app.get("/orders/search", async (req, res) => {
  const term = req.query.q;
  // ruleid: sql-injection
  const [rows] = await db.pool.promise().query(`SELECT * FROM orders WHERE note LIKE '%${term}%'`);
  res.json(rows);
});

app.get("/orders/count", async (req, res) => {
  const limit = parseInt(req.query.limit, 10);
  // ok: sql-injection
  const [rows] = await db.pool.promise().query("SELECT * FROM orders LIMIT " + limit);
  res.json(rows);
});

module.exports = app;
