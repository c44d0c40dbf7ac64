import express from "express";
import helmet from "helmet";

export const api = express();
api.use(helmet({ contentSecurityPolicy: false }));
// ok: javascript-express-without-helmet
api.listen(8080);

const internal = express();
// ruleid: javascript-express-without-helmet
internal.listen(9090, "127.0.0.1");

const server = require("http").createServer();
// ok: javascript-express-without-helmet
server.listen(7070);
