import os

from flask import Flask, jsonify

app = Flask(__name__)

# ruleid: config-flask-hardcoded-secret-key
app.secret_key = "placeholder-dev-key"
# ruleid: config-flask-hardcoded-secret-key
app.config["SECRET_KEY"] = "placeholder-dev-key"
# ruleid: config-flask-hardcoded-secret-key
app.config.update(SECRET_KEY="placeholder", TESTING=False)
# ok: config-flask-hardcoded-secret-key
app.config["SECRET_KEY"] = os.environ["FLASK_SECRET_KEY"]
# ok: config-flask-hardcoded-secret-key
app.secret_key = os.environ.get("FLASK_SECRET_KEY")
# ok: config-flask-hardcoded-secret-key
app.config["SESSION_COOKIE_NAME"] = "pay_session"
# ok: config-flask-hardcoded-secret-key
app.config.update(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_SAMESITE="Lax")


class ProductionConfig:
    # ruleid: config-flask-hardcoded-secret-key
    SECRET_KEY = "placeholder-prod-key"
    # ruleid: config-flask-hardcoded-secret-key
    JWT_SECRET_KEY = "placeholder-jwt-key"
    # ok: config-flask-hardcoded-secret-key
    SESSION_COOKIE_NAME = "pay_session"


class Card:
    # ok: config-flask-hardcoded-secret-key
    SECRET_KEY = "not a config class"


@app.route("/health")
def health():
    return jsonify(status="ok")


# ruleid: config-flask-debug-true
app.debug = True
# ruleid: config-flask-debug-true
app.config["DEBUG"] = True
# ok: config-flask-debug-true
app.config["DEBUG"] = False
# ok: config-flask-debug-true
app.config["TESTING"] = True

if __name__ == "__main__":
    # ruleid: config-flask-debug-true
    app.run(host="0.0.0.0", port=8000, debug=True)
    # ok: config-flask-debug-true
    app.run(host="127.0.0.1", port=8000, debug=False)
    # ok: config-flask-debug-true
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
