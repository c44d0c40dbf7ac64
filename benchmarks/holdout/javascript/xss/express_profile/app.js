const express = require("express");
const escapeHtml = require("escape-html");

const app = express();
app.set("view engine", "ejs");

app.get("/hello", (req, res) => {
  // ruleid: xss
  res.send("<h1>Hello " + req.query.name + "</h1>");
});

app.get("/hello/safe", (req, res) => {
  // ok: xss
  res.send("<h1>Hello " + escapeHtml(req.query.name) + "</h1>");
});

app.get("/profile", (req, res) => {
  const bio = req.query.bio;
  // ruleid: xss
  res.write(`<div class="bio">${bio}</div>`);
  res.end();
});

app.get("/profile/view", (req, res) => {
  // ok: xss
  res.render("profile", { bio: req.query.bio });
});

app.get("/api/profile", (req, res) => {
  // ok: xss
  res.json({ name: req.query.name });
});

app.get("/count", (req, res) => {
  const n = Number(req.query.n);
  // ok: xss
  res.send("<p>" + n + " items</p>");
});

module.exports = app;
