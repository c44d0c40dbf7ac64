const express = require("express");

const app = express();
const ALLOWED = new Set(["/dashboard", "/settings"]);

app.get("/login/done", (req, res) => {
  // ruleid: open-redirect
  res.redirect(req.query.next);
});

app.get("/logout", (req, res) => {
  const target = req.query.returnTo;
  // ruleid: open-redirect
  res.redirect(302, target);
});

app.get("/go", (req, res) => {
  const target = req.query.to;
  if (!ALLOWED.has(target)) {
    return res.redirect("/dashboard");
  }
  // ok: open-redirect
  return res.redirect(target);
});

app.get("/home", (req, res) => {
  // ok: open-redirect
  res.redirect("/dashboard");
});

app.get("/search", (req, res) => {
  // ok: open-redirect
  res.redirect("/results?q=" + encodeURIComponent(req.query.q));
});

module.exports = app;
