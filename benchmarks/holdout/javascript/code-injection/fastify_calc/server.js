const fastify = require("fastify")();
const vm = require("vm");

const FORMULAS = { fee: "amount * 0.02", tax: "amount * 0.2" };

fastify.post("/calc", async (request, reply) => {
  const expr = request.body.expression;
  // ruleid: code-injection
  return { value: eval(expr) };
});

fastify.post("/calc/fn", async (request) => {
  // ruleid: code-injection
  const fn = new Function("amount", "return " + request.body.formula);
  return { value: fn(100) };
});

fastify.get("/calc/sandbox", async (request) => {
  const code = request.query.code;
  // ruleid: code-injection
  return { value: vm.runInNewContext(code, { amount: 100 }) };
});

fastify.get("/calc/named", async (request) => {
  const formula = FORMULAS[request.query.name] || FORMULAS.fee;
  // ok: code-injection
  return { value: vm.runInNewContext(formula, { amount: Number(request.query.amount) }) };
});

fastify.post("/calc/json", async (request) => {
  // ok: code-injection
  const data = JSON.parse(request.body.payload);
  return data;
});

fastify.get("/calc/const", async () => {
  // ok: code-injection
  return { value: eval("2 + 2") };
});

module.exports = fastify;
