const express = require("express");
const session = require("express-session");
const cookieSession = require("cookie-session");

const app = express();

// ruleid: javascript-insecure-cookie
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: false } }));

// ruleid: javascript-insecure-cookie
app.use(cookieSession({ name: "s", keys: [process.env.KEY], httpOnly: false }));

// ok: javascript-insecure-cookie
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: true, httpOnly: true, sameSite: "lax" } }));

app.post("/login", (req, res) => {
  // ruleid: javascript-insecure-cookie
  res.cookie("session", "abc");
  // ruleid: javascript-insecure-cookie
  res.cookie("remember", "1", { maxAge: 86400000, httpOnly: true });
  // ok: javascript-insecure-cookie
  res.cookie("session", "abc", { httpOnly: true, secure: true, sameSite: "strict" });
  // ok: javascript-insecure-cookie
  res.cookie("XSRF-TOKEN", "t", { secure: true, sameSite: "strict" });
  res.end();
});
