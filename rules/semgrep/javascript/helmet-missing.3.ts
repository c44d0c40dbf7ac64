import express from "express";

const server = express();
server.use(express.json());
// ruleid: javascript-express-without-helmet
server.listen(Number(process.env.PORT), () => console.log("up"));

const other = express();
other.disable("x-powered-by");
// ok: javascript-express-without-helmet
other.listen(8080);
