const express = require("express");
const mysql = require("mysql2");
const { Pool } = require("pg");
const knex = require("knex")({ client: "pg" });

const app = express();
const pool = new Pool();
const conn = mysql.createConnection({ host: "db" });
const SORT = { newest: "created_at DESC", amount: "amount" };

app.get("/a", async (req, res) => {
  // ruleid: javascript-sql-injection
  const r = await pool.query("SELECT * FROM t WHERE name = '" + req.query.name + "'");
  res.json(r.rows);
});

app.get("/b/:id", (req, res) => {
  const id = req.params.id;
  const sql = `SELECT * FROM t WHERE id = ${id}`;
  // ruleid: javascript-sql-injection
  conn.query(sql, (err, rows) => res.json(rows));
});

app.post("/c", async (req, res) => {
  const { email } = req.body;
  // ruleid: javascript-sql-injection
  const rows = await knex("users").whereRaw(`email = '${email}'`);
  res.json(rows);
});

app.get("/d", async (req, res) => {
  const parts = ["SELECT * FROM t WHERE 1=1"];
  parts.push("AND owner = '" + req.get("X-Owner") + "'");
  // ruleid: javascript-sql-injection
  const r = await pool.query(parts.join(" "));
  res.json(r.rows);
});

app.get("/e", async (req, res) => {
  // ok: javascript-sql-injection
  const r = await pool.query("SELECT * FROM t WHERE name = $1", [req.query.name]);
  res.json(r.rows);
});

app.get("/f", async (req, res) => {
  const limit = parseInt(req.query.limit, 10);
  // ok: javascript-sql-injection
  const r = await pool.query("SELECT * FROM t LIMIT " + limit);
  res.json(r.rows);
});

app.get("/g", async (req, res) => {
  const order = SORT[req.query.sort] || "created_at";
  // ok: javascript-sql-injection
  const r = await pool.query(`SELECT * FROM t ORDER BY ${order}`);
  res.json(r.rows);
});

app.get("/h", async (req, res) => {
  let name = req.query.name;
  name = "everyone";
  // ok: javascript-sql-injection
  const r = await pool.query("SELECT * FROM t WHERE name = '" + name + "'");
  res.json(r.rows);
});

app.get("/i", (req, res) => {
  // ok: javascript-sql-injection
  conn.query("SELECT * FROM t WHERE name = " + conn.escape(req.query.name), (err, rows) => res.json(rows));
});

app.get("/j", async (req, res) => {
  const column = req.query.column;
  if (!["name", "email"].includes(column)) {
    return res.status(400).end();
  }
  // ok: javascript-sql-injection
  const r = await pool.query(`SELECT ${column} FROM users`);
  return res.json(r.rows);
});

app.get("/k", async (req, res) => {
  // ruleid: javascript-sql-injection
  const [rows] = await conn.promise().execute(`SELECT * FROM t WHERE code = '${req.query.code}'`);
  res.json(rows);
});

app.get("/l", async (req, res) => {
  // ruleid: javascript-sql-injection
  const rows = await knex.raw("SELECT * FROM t WHERE region = '" + req.headers["x-region"] + "'");
  res.json(rows);
});

app.get("/m", async (req, res) => {
  // ruleid: javascript-sql-injection
  const rows = await knex("t").select("*").orderByRaw(req.query.order);
  res.json(rows);
});

app.get("/n", async (req, res) => {
  // ok: javascript-sql-injection
  const rows = await knex("t").where({ region: req.query.region }).orderBy("id");
  res.json(rows);
});
