const express = require("express");
const _ = require("lodash");
const merge = require("deepmerge");

const app = express();
app.use(express.json());
const defaults = { theme: "light", locale: "en" };

app.post("/settings", (req, res) => {
  const settings = {};
  // ruleid: prototype-pollution
  _.merge(settings, defaults, req.body);
  res.json(settings);
});

app.post("/settings/deep", (req, res) => {
  // ruleid: prototype-pollution
  const settings = _.defaultsDeep(req.body.prefs, defaults);
  res.json(settings);
});

app.post("/settings/picked", (req, res) => {
  const picked = _.pick(req.body, ["theme", "locale"]);
  // ok: prototype-pollution
  const settings = _.merge({}, defaults, picked);
  res.json(settings);
});

app.post("/settings/path", (req, res) => {
  const settings = {};
  // ruleid: prototype-pollution
  _.set(settings, req.body.path, req.body.value);
  res.json(settings);
});

app.post("/settings/shallow", (req, res) => {
  // ok: prototype-pollution
  const settings = Object.assign({}, defaults, { theme: req.body.theme });
  res.json(settings);
});

app.get("/settings/defaults", (req, res) => {
  // ok: prototype-pollution
  res.json(merge(defaults, { locale: "en" }));
});

module.exports = app;
