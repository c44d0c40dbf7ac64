const express = require("express");
const mongoose = require("mongoose");
const { MongoClient } = require("mongodb");

const User = mongoose.model("User", new mongoose.Schema({ email: String, password: String }));
const client = new MongoClient("mongodb://db:27017");
const app = express();
app.use(express.json());

app.post("/login", async (req, res) => {
  // ruleid: nosql-injection
  const user = await User.findOne({ email: req.body.email, password: req.body.password });
  res.json({ ok: Boolean(user) });
});

app.post("/login/safe", async (req, res) => {
  const email = String(req.body.email);
  // ok: nosql-injection
  const user = await User.findOne({ email: email });
  res.json({ ok: Boolean(user) });
});

app.get("/accounts", async (req, res) => {
  const filter = { owner: req.query.owner };
  // ruleid: nosql-injection
  const docs = await client.db("bank").collection("accounts").find(filter).toArray();
  res.json(docs);
});

app.get("/accounts/where", async (req, res) => {
  // ruleid: nosql-injection
  const docs = await client.db("bank").collection("accounts").find({ $where: "this.owner == '" + req.query.owner + "'" }).toArray();
  res.json(docs);
});

app.get("/accounts/:id", async (req, res) => {
  // ok: nosql-injection
  const doc = await User.findById(req.params.id);
  res.json(doc);
});

app.get("/accounts/eq", async (req, res) => {
  // ok: nosql-injection
  const docs = await client.db("bank").collection("accounts").find({ owner: { $eq: req.query.owner } }).toArray();
  res.json(docs);
});

module.exports = app;
