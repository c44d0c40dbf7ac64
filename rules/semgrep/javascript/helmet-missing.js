const express = require("express");

const app = express();
app.get("/", (req, res) => res.send("ok"));
// ruleid: javascript-express-without-helmet
app.listen(3000);
