const express = require("express");
const { exec, execFile, spawn } = require("child_process");
const util = require("util");

const router = express.Router();
const execAsync = util.promisify(exec);
const HOSTS = ["db.internal", "cache.internal"];

router.get("/ping", (req, res) => {
  const host = req.query.host;
  // ruleid: command-injection
  exec(`ping -c 1 ${host}`, (err, stdout) => res.type("text").send(stdout));
});

router.get("/ping/safe", (req, res) => {
  // ok: command-injection
  execFile("ping", ["-c", "1", req.query.host], (err, stdout) => res.type("text").send(stdout));
});

router.post("/archive", async (req, res) => {
  const name = req.body.name;
  // ruleid: command-injection
  const { stdout } = await execAsync("tar czf /tmp/out.tgz " + name);
  res.send(stdout);
});

router.post("/convert", (req, res) => {
  // ruleid: command-injection
  const child = spawn("sh", ["-c", "convert " + req.body.file + " out.png"]);
  child.on("close", () => res.sendStatus(204));
});

router.get("/probe", (req, res) => {
  const host = HOSTS.includes(req.query.host) ? req.query.host : HOSTS[0];
  // ok: command-injection
  exec("nc -z " + host + " 5432", (err) => res.json({ up: !err }));
});

router.get("/uptime", (req, res) => {
  // ok: command-injection
  exec("uptime", (err, stdout) => res.send(stdout));
});

module.exports = router;
