import random
import secrets
import string

from flask import Flask, make_response, request

from .mailer import send_reset_mail

app = Flask(__name__)
ALPHABET = string.ascii_letters + string.digits


@app.post("/password/forgot")
def forgot():
    email = request.form["email"]
    # ruleid: weak-random
    reset_code = "".join(random.choice(ALPHABET) for _ in range(8))
    send_reset_mail(email, reset_code)
    return {"sent": True}


@app.post("/login")
def login():
    resp = make_response({"ok": True})
    # ruleid: weak-random
    resp.set_cookie("session_id", str(random.getrandbits(64)), httponly=True, secure=True)
    return resp


@app.post("/password/forgot2")
def forgot_safe():
    email = request.form["email"]
    # ok: weak-random
    reset_code = secrets.token_urlsafe(16)
    send_reset_mail(email, reset_code)
    return {"sent": True}
