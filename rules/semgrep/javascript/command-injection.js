const express = require("express");
const { exec, execSync, execFile, spawn } = require("child_process");
const util = require("util");

const app = express();
const run = util.promisify(exec);
const TOOLS = { disk: "df -h", mem: "free -m" };

app.get("/a", (req, res) => {
  // ruleid: javascript-command-injection
  exec("ping -c 1 " + req.query.host, (err, out) => res.send(out));
});

app.get("/b", (req, res) => {
  const file = req.query.file;
  // ruleid: javascript-command-injection
  const out = execSync(`wc -l ${file}`);
  res.send(String(out));
});

app.post("/c", async (req, res) => {
  // ruleid: javascript-command-injection
  const { stdout } = await run(`git log ${req.body.ref}`);
  res.send(stdout);
});

app.post("/d", (req, res) => {
  // ruleid: javascript-command-injection
  spawn("/bin/sh", ["-c", "gzip " + req.body.path]);
  res.end();
});

app.get("/e", (req, res) => {
  // ok: javascript-command-injection
  execFile("ping", ["-c", "1", req.query.host], (err, out) => res.send(out));
});

app.get("/f", (req, res) => {
  // ok: javascript-command-injection
  exec(TOOLS[req.query.tool] || "uptime", (err, out) => res.send(out));
});

app.get("/g", (req, res) => {
  let host = req.query.host;
  host = "localhost";
  // ok: javascript-command-injection
  exec("ping -c 1 " + host, (err, out) => res.send(out));
});

app.get("/h", (req, res) => {
  const port = Number(req.query.port);
  // ok: javascript-command-injection
  exec("nc -z localhost " + port, (err) => res.json({ open: !err }));
});

app.get("/i", (req, res) => {
  const host = req.query.host;
  if (!/^[a-z0-9.-]+$/.test(host)) {
    return res.status(400).end();
  }
  // ok: javascript-command-injection
  return exec("ping -c 1 " + host, (err, out) => res.send(out));
});

app.get("/j", (req, res) => {
  // ok: javascript-command-injection
  spawn("git", ["log", req.query.ref]);
  res.end();
});

app.get("/k", (req, res) => {
  const SHELLS = ["bash", "zsh"];
  const shell = SHELLS.includes(req.query.shell) ? req.query.shell : "sh";
  // ok: javascript-command-injection
  exec("chsh -s " + shell, (err) => res.end());
});
