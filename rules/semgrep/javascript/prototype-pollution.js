const express = require("express");
const _ = require("lodash");
const deepmerge = require("deepmerge");

const app = express();
app.use(express.json());
const DEFAULTS = { theme: "light" };

app.post("/a", (req, res) => {
  const config = {};
  // ruleid: javascript-prototype-pollution
  _.merge(config, DEFAULTS, req.body);
  res.json(config);
});

app.post("/b", (req, res) => {
  // ruleid: javascript-prototype-pollution
  const config = deepmerge(DEFAULTS, req.body.settings);
  res.json(config);
});

app.post("/c", (req, res) => {
  const store = {};
  // ruleid: javascript-prototype-pollution
  _.set(store, req.body.key, req.body.value);
  res.json(store);
});

app.post("/d", (req, res) => {
  const store = {};
  const { section, key, value } = req.body;
  // ruleid: javascript-prototype-pollution
  store[section][key] = value;
  res.json(store);
});

app.post("/e", (req, res) => {
  // ok: javascript-prototype-pollution
  const config = _.merge({}, DEFAULTS, _.pick(req.body, ["theme"]));
  res.json(config);
});

app.post("/f", (req, res) => {
  // ok: javascript-prototype-pollution
  const config = _.merge({}, DEFAULTS, { theme: "dark" });
  res.json(config);
});

app.post("/g", (req, res) => {
  const store = {};
  // ok: javascript-prototype-pollution
  _.set(store, "profile.theme", req.body.theme);
  res.json(store);
});

app.post("/h", (req, res) => {
  // ok: javascript-prototype-pollution
  const config = Object.assign({}, DEFAULTS, { theme: req.body.theme });
  res.json(config);
});
