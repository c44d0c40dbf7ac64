const express = require("express");
const fs = require("fs");
const path = require("path");

const app = express();
const UPLOADS = path.resolve(__dirname, "uploads");

app.get("/files/:name", (req, res) => {
  // ruleid: path-traversal
  fs.readFile(path.join(UPLOADS, req.params.name), (err, data) => res.send(data));
});

app.get("/download", (req, res) => {
  const file = req.query.file;
  // ruleid: path-traversal
  res.sendFile("/srv/reports/" + file);
});

app.get("/safe/:name", (req, res) => {
  // ok: path-traversal
  res.sendFile(req.params.name, { root: UPLOADS });
});

app.get("/base/:name", (req, res) => {
  const name = path.basename(req.params.name);
  // ok: path-traversal
  fs.readFile(path.join(UPLOADS, name), (err, data) => res.send(data));
});

app.get("/checked", (req, res) => {
  const target = path.resolve(UPLOADS, req.query.file);
  if (!target.startsWith(UPLOADS + path.sep)) {
    return res.status(400).end();
  }
  // ok: path-traversal
  return fs.createReadStream(target).pipe(res);
});

app.post("/notes", (req, res) => {
  // ruleid: path-traversal
  fs.writeFileSync(`/var/notes/${req.body.title}.txt`, req.body.text);
  res.sendStatus(201);
});

module.exports = app;
