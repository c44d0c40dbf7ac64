"""A small payments API, deliberately vulnerable: the demo that gatekeeper's README scans.

Do not deploy this. Every weakness below is intentional and listed in README.md.
"""

import hashlib
import os
import sqlite3
import subprocess

import requests
import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)
# A hard-coded signing key: anyone with the source can forge sessions.
app.secret_key = "f3c9b1d2e4a6b8c0d1e2f3a4b5c6d7e8"

PSP_URL = "https://psp.example.com/v1/charges"
DB_PATH = os.environ.get("PAYMENTS_DB", "payments.db")


def db() -> sqlite3.Connection:
    return sqlite3.connect(DB_PATH)


def hash_password(password: str) -> str:
    # MD5 is not a password hash.
    return hashlib.md5(password.encode()).hexdigest()


@app.route("/payments")
def list_payments():
    merchant = request.args.get("merchant", "")
    # SQL built from request data.
    rows = db().execute("SELECT id, amount, status FROM payments WHERE merchant = '%s'" % merchant).fetchall()
    return jsonify([{"id": r[0], "amount": r[1], "status": r[2]} for r in rows])


@app.route("/payments/<int:payment_id>")
def get_payment(payment_id: int):
    # Parameterised: this one is fine.
    row = db().execute("SELECT id, amount, status FROM payments WHERE id = ?", (payment_id,)).fetchone()
    return jsonify({"id": row[0], "amount": row[1], "status": row[2]}) if row else ("", 404)


@app.route("/charge", methods=["POST"])
def charge():
    body = request.get_json(force=True)
    # TLS verification disabled towards the payment processor.
    response = requests.post(PSP_URL, json=body, verify=False, timeout=10)
    return jsonify(response.json()), response.status_code


@app.route("/settlements/import", methods=["POST"])
def import_settlements():
    # yaml.load without a safe loader on an uploaded file.
    settlements = yaml.load(request.files["file"].read(), Loader=yaml.Loader)
    return jsonify({"imported": len(settlements)})


@app.route("/reports/export")
def export_report():
    month = request.args.get("month", "")
    # A shell command built from request data.
    output = subprocess.check_output("tar czf /tmp/report-%s.tgz /var/reports/%s" % (month, month), shell=True)
    return output


@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]
    password = hash_password(request.form["password"])
    row = db().execute("SELECT 1 FROM users WHERE name = ? AND password = ?", (user, password)).fetchone()
    return ("", 204) if row else ("", 401)


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)
