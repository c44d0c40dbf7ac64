const jwt = require("jsonwebtoken");
const fs = require("fs");

const SECRET = process.env.JWT_SECRET;
const publicKey = fs.readFileSync("public.pem");

function currentUser(req) {
  const token = req.headers.authorization.slice(7);
  // ruleid: javascript-jwt-decode-without-verify
  const claims = jwt.decode(token);
  return claims.sub;
}

const isAdmin = (req) => {
  // ruleid: javascript-jwt-decode-without-verify
  return jwt.decode(req.cookies.session).role === "admin";
};

function issuer(token) {
  // ruleid: javascript-jwt-decode-without-verify
  const { payload } = jwt.decode(token, { complete: true });
  return payload.iss;
}

function verified(token) {
  // ok: javascript-jwt-decode-without-verify
  const header = jwt.decode(token, { complete: true }).header;
  return jwt.verify(token, keyFor(header.kid), { algorithms: ["RS256"] });
}

function login(user) {
  // ruleid: javascript-jwt-none-algorithm
  return jwt.sign({ sub: user.id }, "", { algorithm: "none" });
}

function check(token) {
  // ruleid: javascript-jwt-none-algorithm
  return jwt.verify(token, SECRET, { algorithms: ["HS256", "none"] });
}

function check2(token) {
  // ruleid: javascript-jwt-none-algorithm
  return jwt.verify(token, "", { algorithms: ["none"] });
}

function loginSafe(user) {
  // ok: javascript-jwt-none-algorithm
  return jwt.sign({ sub: user.id }, SECRET, { algorithm: "HS256", expiresIn: "15m" });
}

function checkSafe(token) {
  // ok: javascript-jwt-none-algorithm, javascript-jwt-verify-without-algorithms
  return jwt.verify(token, publicKey, { algorithms: ["RS256"] });
}

function checkSafe2(token) {
  // ok: javascript-jwt-none-algorithm, javascript-jwt-verify-without-algorithms
  return jwt.verify(token, SECRET);
}

function checkRsa(token) {
  // ruleid: javascript-jwt-verify-without-algorithms
  return jwt.verify(token, publicKey);
}

function checkRsa2(token) {
  // ruleid: javascript-jwt-verify-without-algorithms
  return jwt.verify(token, publicKey, { issuer: "bank" });
}

function checkRsa3(token, pemKey) {
  // ruleid: javascript-jwt-verify-without-algorithms
  return jwt.verify(token, pemKey, { audience: "api" });
}

function checkRsa4(token) {
  // ok: javascript-jwt-verify-without-algorithms
  return jwt.verify(token, publicKey, { algorithms: ["ES256"], audience: "api" });
}

async function refresh(token) {
  // ok: javascript-jwt-decode-without-verify
  const claims = jwt.decode(token);
  jwt.verify(token, SECRET, { algorithms: ["HS256"] });
  return claims.sub;
}

function verifyToken(token) {
  // ok: javascript-jwt-decode-without-verify
  return jwt.verify(token, SECRET, { algorithms: ["HS256"] });
}
