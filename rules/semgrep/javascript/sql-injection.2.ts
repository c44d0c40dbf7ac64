import Koa from "koa";
import Router from "@koa/router";
import { Sequelize, QueryTypes } from "sequelize";
import { Controller, Get, Query } from "@nestjs/common";
import { PrismaClient } from "@prisma/client";

const sequelize = new Sequelize("postgres://db/app");
const prisma = new PrismaClient();
const router = new Router();

router.get("/accounts", async (ctx) => {
  const owner = ctx.request.query.owner as string;
  // ruleid: javascript-sql-injection
  ctx.body = await sequelize.query(`SELECT * FROM accounts WHERE owner = '${owner}'`, { type: QueryTypes.SELECT });
});

router.get("/accounts/safe", async (ctx) => {
  // ok: javascript-sql-injection
  ctx.body = await sequelize.query("SELECT * FROM accounts WHERE owner = :owner", { replacements: { owner: ctx.query.owner } });
});

@Controller("payments")
export class PaymentsController {
  @Get()
  async list(@Query("status") status: string) {
    // ruleid: javascript-sql-injection
    return prisma.$queryRawUnsafe("SELECT * FROM payments WHERE status = '" + status + "'");
  }

  @Get("safe")
  async safe(@Query("status") status: string) {
    // ok: javascript-sql-injection
    return prisma.$queryRaw`SELECT * FROM payments WHERE status = ${status}`;
  }
}

// Known miss: semgrep loses taint through destructuring a TypeScript type assertion.
router.post("/reports", async (ctx) => {
  const { from } = ctx.request.body as { from: string };
  // todoruleid: javascript-sql-injection
  ctx.body = await sequelize.query(`SELECT * FROM entries WHERE booked_at > '${from}'`);
});
