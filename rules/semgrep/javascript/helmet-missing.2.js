const express = require("express");
const helmet = require("helmet");

const app = express();
app.use(helmet());
app.get("/", (req, res) => res.send("ok"));
// ok: javascript-express-without-helmet
app.listen(3000);

const admin = express();
admin.get("/", (req, res) => res.send("admin"));
// ruleid: javascript-express-without-helmet
admin.listen(3001);
