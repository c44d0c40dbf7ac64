const express = require("express");
const fs = require("fs");
const path = require("path");

const app = express();
const BASE = path.join(__dirname, "files");
const REPORTS = { q1: "q1.pdf", q2: "q2.pdf" };

app.get("/a/:name", (req, res) => {
  // ruleid: javascript-path-traversal
  fs.readFile(path.join(BASE, req.params.name), (err, data) => res.send(data));
});

app.get("/b", (req, res) => {
  // ruleid: javascript-path-traversal
  res.sendFile(BASE + "/" + req.query.file);
});

app.post("/c", (req, res) => {
  const target = `${BASE}/${req.body.name}`;
  // ruleid: javascript-path-traversal
  fs.writeFileSync(target, req.body.content);
  res.end();
});

app.get("/d", (req, res) => {
  // ruleid: javascript-path-traversal
  res.download(path.resolve(BASE, req.query.f));
});

app.get("/e/:name", (req, res) => {
  // ok: javascript-path-traversal
  res.sendFile(req.params.name, { root: BASE });
});

app.get("/f/:name", (req, res) => {
  // ok: javascript-path-traversal
  fs.readFile(path.join(BASE, path.basename(req.params.name)), (err, data) => res.send(data));
});

app.get("/g", (req, res) => {
  const full = path.resolve(BASE, req.query.file);
  if (!full.startsWith(BASE + path.sep)) {
    return res.status(403).end();
  }
  // ok: javascript-path-traversal
  return fs.createReadStream(full).pipe(res);
});

app.get("/h", (req, res) => {
  // ok: javascript-path-traversal
  res.download(path.join(BASE, REPORTS[req.query.quarter] || "q1.pdf"));
});

app.get("/i", (req, res) => {
  // ok: javascript-path-traversal
  fs.writeFile(path.join(BASE, "log.txt"), req.query.line, () => res.end());
});
