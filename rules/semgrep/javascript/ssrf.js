const express = require("express");
const axios = require("axios");
const http = require("http");

const app = express();
const PARTNERS = { acme: "https://acme.example", globex: "https://globex.example" };

app.get("/a", async (req, res) => {
  // ruleid: javascript-ssrf
  const r = await fetch(req.query.url);
  res.json(await r.json());
});

app.post("/b", async (req, res) => {
  const { webhook } = req.body;
  // ruleid: javascript-ssrf
  await axios.post(webhook, { ok: true });
  res.end();
});

app.get("/c", (req, res) => {
  // ruleid: javascript-ssrf
  http.get("http://" + req.query.host + "/health", (r) => r.pipe(res));
});

app.get("/d", async (req, res) => {
  // ruleid: javascript-ssrf
  const r = await axios({ method: "get", url: req.query.target });
  res.json(r.data);
});

app.get("/e", async (req, res) => {
  // ok: javascript-ssrf
  const r = await fetch("https://api.example.com/users/" + encodeURIComponent(req.query.id));
  res.json(await r.json());
});

app.get("/f", async (req, res) => {
  // ok: javascript-ssrf
  const r = await axios.get(PARTNERS[req.query.partner] || PARTNERS.acme);
  res.json(r.data);
});

app.get("/g", async (req, res) => {
  // ok: javascript-ssrf
  const r = await fetch(`https://api.example.com/search?q=${req.query.q}`);
  res.json(await r.json());
});

app.get("/h", async (req, res) => {
  // ok: javascript-ssrf
  const r = await axios.get("https://status.example.com/", { params: { q: req.query.q } });
  res.json(r.data);
});
