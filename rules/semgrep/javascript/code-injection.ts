import Fastify from "fastify";
import vm from "node:vm";

const app = Fastify();
const FORMULAS: Record<string, string> = { fee: "amount * 0.02" };

app.post("/a", async (request) => {
  const body = request.body as { expr: string };
  // ruleid: javascript-code-injection
  return eval(body.expr);
});

app.get("/b", async (request) => {
  const q = request.query as { f: string };
  // ruleid: javascript-code-injection
  const fn = new Function("x", "return " + q.f);
  return fn(1);
});

app.get("/c", async (request) => {
  const q = request.query as { code: string };
  // ruleid: javascript-code-injection
  return vm.runInNewContext(q.code, {});
});

app.get("/d", async (request) => {
  const q = request.query as { code: string };
  // ruleid: javascript-code-injection
  setTimeout("report(" + q.code + ")", 10);
  return "ok";
});

app.get("/e", async (request) => {
  const q = request.query as { name: string };
  // ok: javascript-code-injection
  return vm.runInNewContext(FORMULAS[q.name] || "0", { amount: 1 });
});

app.get("/f", async (request) => {
  const q = request.query as { delay: string };
  // ok: javascript-code-injection
  setTimeout(() => console.log(q.delay), 10);
  return "ok";
});

app.post("/g", async (request) => {
  const body = request.body as { data: string };
  // ok: javascript-code-injection
  return JSON.parse(body.data);
});

app.get("/h", async (request) => {
  let expr = (request.query as { e: string }).e;
  expr = "1 + 1";
  // ok: javascript-code-injection
  return eval(expr);
});
