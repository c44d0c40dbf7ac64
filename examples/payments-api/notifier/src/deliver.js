const axios = require("axios");
const crypto = require("crypto");

// Signs the body with the webhook's shared secret so merchants can check where it came from.
function signature(secret, body) {
  return crypto.createHmac("sha256", secret).update(body).digest("hex");
}

async function deliver(webhook, event) {
  const body = JSON.stringify(event);
  const response = await axios.post(webhook.url, body, {
    headers: { "Content-Type": "application/json", "X-Signature": signature(webhook.secret, body) },
    timeout: 5000,
  });
  return response.status;
}

module.exports = { deliver, signature };
