const express = require("express");
const mongoose = require("mongoose");

const User = mongoose.model("User", new mongoose.Schema({ name: String, token: String }));
const app = express();
app.use(express.json());

app.post("/a", async (req, res) => {
  // ruleid: javascript-nosql-injection
  const user = await User.findOne({ name: req.body.name, token: req.body.token });
  res.json(Boolean(user));
});

app.get("/b", async (req, res) => {
  const query = { owner: req.query.owner };
  // ruleid: javascript-nosql-injection
  const docs = await User.find(query);
  res.json(docs);
});

app.post("/c", async (req, res) => {
  // ruleid: javascript-nosql-injection
  await User.deleteMany(req.body.filter);
  res.end();
});

app.get("/d", async (req, res) => {
  const db = mongoose.connection.db;
  // ruleid: javascript-nosql-injection
  const docs = await db.collection("users").find({ $where: "this.name == '" + req.query.name + "'" }).toArray();
  res.json(docs);
});

app.post("/e", async (req, res) => {
  // ok: javascript-nosql-injection
  const user = await User.findOne({ name: String(req.body.name) });
  res.json(Boolean(user));
});

app.get("/f/:id", async (req, res) => {
  // ok: javascript-nosql-injection
  const user = await User.findOne({ _id: req.params.id });
  res.json(user);
});

app.get("/g", async (req, res) => {
  // ok: javascript-nosql-injection
  const docs = await User.find({ owner: { $eq: req.query.owner } });
  res.json(docs);
});

app.get("/h", async (req, res) => {
  const items = [{ id: "a" }, { id: "b" }];
  // ok: javascript-nosql-injection
  res.json(items.find((item) => item.id === req.query.id));
});

app.get("/i", async (req, res) => {
  // ok: javascript-nosql-injection
  const docs = await User.find({ active: true });
  res.json(docs);
});
