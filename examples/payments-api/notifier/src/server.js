const express = require("express");
const helmet = require("helmet");
const axios = require("axios");
const db = require("./db");
const { deliver } = require("./deliver");

const app = express();
app.use(helmet());
app.use(express.json());

// Fan a payment event out to every active webhook of the merchant.
app.post("/merchants/:merchantId/events", async (req, res) => {
  const hooks = await db.webhooksFor(req.params.merchantId);
  const results = await Promise.all(
    hooks.map(async (hook) => {
      const status = await deliver(hook, { type: req.body.type, paymentId: req.body.paymentId });
      await db.recordDelivery(hook.id, status);
      return status;
    }),
  );
  res.json({ delivered: results.length });
});

// "Send a test event" button of the merchant dashboard: posts to whatever URL the form holds,
// from inside the payments network (SSRF: internal services and the cloud metadata endpoint).
app.post("/webhooks/test", async (req, res) => {
  const response = await axios.post(req.body.url, { type: "test" }, { timeout: 5000 });
  res.json({ status: response.status });
});

// The dashboard's "back" link after saving a webhook (open redirect).
app.get("/webhooks/saved", (req, res) => {
  res.redirect(req.query.returnTo);
});

app.listen(Number(process.env.PORT || 8081));
