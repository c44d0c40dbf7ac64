import Koa from "koa";
import type { NextApiRequest, NextApiResponse } from "next";

const app = new Koa();

app.use(async (ctx) => {
  // ruleid: javascript-xss
  ctx.body = `<h1>${ctx.query.title}</h1>`;
});

app.use(async (ctx) => {
  // ok: javascript-xss
  ctx.body = { title: ctx.query.title };
});

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  // ruleid: javascript-xss
  res.end("<html><body>" + req.query.q + "</body></html>");
}

import Fastify from "fastify";
const fastify = Fastify();
fastify.post("/echo", async (request, reply) => {
  // ok: javascript-xss
  reply.send(request.body);
});
