const express = require("express");
const axios = require("axios");
const https = require("https");

const app = express();
const PARTNERS = { acme: "https://api.acme.example", globex: "https://globex.example" };

app.get("/preview", async (req, res) => {
  // ruleid: ssrf
  const page = await fetch(req.query.url);
  res.send(await page.text());
});

app.post("/hooks/test", async (req, res) => {
  const { callback } = req.body;
  // ruleid: ssrf
  await axios.post(callback, { event: "test" });
  res.sendStatus(204);
});

app.get("/image", (req, res) => {
  // ruleid: ssrf
  https.get(req.query.src, (upstream) => upstream.pipe(res));
});

app.get("/partner/:name/status", async (req, res) => {
  const base = PARTNERS[req.params.name] || PARTNERS.acme;
  // ok: ssrf
  const r = await axios.get(base + "/status");
  res.json(r.data);
});

app.get("/rates", async (req, res) => {
  // ok: ssrf
  const r = await fetch(`https://rates.example.com/v1/latest?base=${encodeURIComponent(req.query.base)}`);
  res.json(await r.json());
});

module.exports = app;
