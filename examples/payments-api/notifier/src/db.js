const { Pool } = require("pg");

const pool = new Pool({ connectionString: process.env.NOTIFIER_DATABASE_URL });

// Parameterised: the merchant id is bound, never formatted into the SQL.
async function webhooksFor(merchantId) {
  const result = await pool.query(
    "SELECT id, url, secret FROM webhooks WHERE merchant_id = $1 AND active",
    [merchantId],
  );
  return result.rows;
}

async function recordDelivery(webhookId, status) {
  await pool.query("INSERT INTO deliveries (webhook_id, status) VALUES ($1, $2)", [webhookId, status]);
}

module.exports = { webhooksFor, recordDelivery };
