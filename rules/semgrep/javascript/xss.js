const express = require("express");
const escapeHtml = require("escape-html");

const app = express();

app.get("/a", (req, res) => {
  // ruleid: javascript-xss
  res.send("<p>Hello " + req.query.name + "</p>");
});

app.get("/b", (req, res) => {
  const msg = req.query.msg;
  // ruleid: javascript-xss
  res.status(400).send(`<div class="error">${msg}</div>`);
});

app.get("/c", (req, res) => {
  res.write("<ul>");
  // ruleid: javascript-xss
  res.write(`<li>${req.cookies.last}</li>`);
  res.end("</ul>");
});

app.get("/d", (req, res) => {
  // ruleid: javascript-xss
  res.send(req.query.html);
});

app.get("/e", (req, res) => {
  // ok: javascript-xss
  res.send("<p>Hello " + escapeHtml(req.query.name) + "</p>");
});

app.get("/f", (req, res) => {
  // ok: javascript-xss
  res.send({ name: req.query.name });
});

app.get("/g", (req, res) => {
  res.type("text/plain");
  // ok: javascript-xss
  res.send("Hello " + req.query.name);
});

app.get("/h", (req, res) => {
  const count = Number(req.query.count);
  // ok: javascript-xss
  res.send(`<p>${count} results</p>`);
});

app.get("/i", (req, res) => {
  // ok: javascript-xss
  res.render("hello", { name: req.query.name });
});
