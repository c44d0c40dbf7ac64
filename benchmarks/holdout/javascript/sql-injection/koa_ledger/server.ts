import Koa from "koa";
import Router from "@koa/router";
import { Pool } from "pg";
import knex from "knex";
import { Sequelize, QueryTypes } from "sequelize";

const pool = new Pool();
const db = knex({ client: "pg" });
const sequelize = new Sequelize("postgres://ledger@db/ledger");
const router = new Router();

router.get("/entries", async (ctx) => {
  const account = ctx.query.account;
  // ruleid: sql-injection
  const result = await pool.query("SELECT * FROM entries WHERE account = '" + account + "'");
  ctx.body = result.rows;
});

router.get("/entries/:id", async (ctx) => {
  // ok: sql-injection
  const result = await pool.query("SELECT * FROM entries WHERE id = $1", [ctx.params.id]);
  ctx.body = result.rows[0];
});

router.get("/totals", async (ctx) => {
  const currency = ctx.request.query.currency;
  // ruleid: sql-injection
  const rows = await db.raw(`SELECT sum(amount) FROM entries WHERE currency = '${currency}'`);
  ctx.body = rows;
});

router.get("/totals/safe", async (ctx) => {
  // ok: sql-injection
  const rows = await db.raw("SELECT sum(amount) FROM entries WHERE currency = ?", [ctx.query.currency]);
  ctx.body = rows;
});

router.post("/reports", async (ctx) => {
  const { from } = ctx.request.body as { from: string };
  // ruleid: sql-injection
  const rows = await sequelize.query(`SELECT * FROM entries WHERE booked_at > '${from}'`, { type: QueryTypes.SELECT });
  ctx.body = rows;
});

router.post("/reports/safe", async (ctx) => {
  const { from } = ctx.request.body as { from: string };
  // ok: sql-injection
  const rows = await sequelize.query("SELECT * FROM entries WHERE booked_at > :from", { replacements: { from }, type: QueryTypes.SELECT });
  ctx.body = rows;
});

router.get("/health", async (ctx) => {
  const table = "entries";
  // ok: sql-injection
  const result = await pool.query(`SELECT count(*) FROM ${table}`);
  ctx.body = result.rows[0];
});

const app = new Koa();
app.use(router.routes());
export default app;
