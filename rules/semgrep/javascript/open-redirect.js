const express = require("express");

const app = express();
const DESTINATIONS = new Set(["/home", "/account"]);

app.get("/a", (req, res) => {
  // ruleid: javascript-open-redirect
  res.redirect(req.query.next);
});

app.get("/b", (req, res) => {
  const url = req.query.returnTo;
  // ruleid: javascript-open-redirect
  res.redirect(301, url);
});

app.get("/c", (req, res) => {
  // ruleid: javascript-open-redirect
  res.location(req.get("Referer")).sendStatus(302);
});

app.get("/d", (req, res) => {
  // ok: javascript-open-redirect
  res.redirect("/search?q=" + encodeURIComponent(req.query.q));
});

app.get("/e", (req, res) => {
  const next = req.query.next;
  if (!DESTINATIONS.has(next)) {
    return res.redirect("/home");
  }
  // ok: javascript-open-redirect
  return res.redirect(next);
});

app.get("/f", (req, res) => {
  // ok: javascript-open-redirect
  res.redirect(`/orders/${req.params.id}`);
});

app.get("/g", (req, res) => {
  let next = req.query.next;
  next = "/";
  // ok: javascript-open-redirect
  res.redirect(next);
});
