const crypto = require("crypto");
const { createHash } = require("node:crypto");

function fingerprint(doc) {
  // ruleid: javascript-weak-hash
  return crypto.createHash("md5").update(doc).digest("hex");
}

function signature(body, key) {
  // ruleid: javascript-weak-hash
  return crypto.createHmac("sha1", key).update(body).digest("hex");
}

function legacy(data) {
  // ruleid: javascript-weak-hash
  return createHash("SHA1").update(data).digest("base64");
}

function modern(doc) {
  // ok: javascript-weak-hash
  return crypto.createHash("sha256").update(doc).digest("hex");
}

function configured(doc, algorithm) {
  // ok: javascript-weak-hash
  return crypto.createHash(algorithm).update(doc).digest("hex");
}

function hmac(body, key) {
  // ok: javascript-weak-hash
  return crypto.createHmac("sha512", key).update(body).digest("hex");
}

function storePassword(user) {
  // ruleid: javascript-weak-password-hash
  user.hash = crypto.createHash("sha256").update(user.password).digest("hex");
}

function storePassword2(password) {
  // ruleid: javascript-weak-password-hash
  return crypto.createHash("md5").update(password).digest("hex");
}

function storePin(newPassword, salt) {
  // ruleid: javascript-weak-password-hash
  return crypto.createHmac("sha256", salt).update(newPassword).digest("hex");
}

function storeSafe(password, salt) {
  // ok: javascript-weak-password-hash
  return crypto.scryptSync(password, salt, 64).toString("hex");
}

function checksum(file) {
  // ok: javascript-weak-password-hash
  return crypto.createHash("sha256").update(file.contents).digest("hex");
}

function pbkdf2(password, salt) {
  // ok: javascript-weak-password-hash
  return crypto.pbkdf2Sync(password, salt, 600000, 32, "sha256");
}

function newSession() {
  // ruleid: javascript-weak-random
  const sessionId = Math.random().toString(36).slice(2);
  return sessionId;
}

function generateResetToken() {
  // ruleid: javascript-weak-random
  return Math.random().toString(36).substring(2, 12);
}

function invite(user) {
  // ruleid: javascript-weak-random
  return { user, otp: Math.floor(Math.random() * 1000000) };
}

function jitter(ms) {
  // ok: javascript-weak-random
  const delay = ms + Math.random() * 100;
  return delay;
}

function newSessionSafe() {
  // ok: javascript-weak-random
  const sessionId = crypto.randomBytes(32).toString("hex");
  return sessionId;
}

function pickColour(colours) {
  // ok: javascript-weak-random
  return colours[Math.floor(Math.random() * colours.length)];
}
