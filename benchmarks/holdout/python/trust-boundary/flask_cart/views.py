from flask import Flask, request, session

from .session_store import remember_role

app = Flask(__name__)


def _stash(name, value):
    session[name] = value


@app.post("/cart/coupon")
def coupon():
    code = request.form.get("coupon", "")
    # ruleid: trust-boundary
    _stash("coupon", code)
    return {"ok": True}


@app.post("/profile/role")
def change_role():
    remember_role(request.form["role"])
    return {"ok": True}


@app.post("/cart/currency")
def currency():
    wanted = request.form.get("currency", "EUR")
    # ok: trust-boundary
    _stash("currency", wanted if wanted in {"EUR", "USD", "GBP"} else "EUR")
    return {"ok": True}


@app.post("/cart/visited")
def visited():
    # ok: trust-boundary
    session["visited"] = True
    return {"ok": True}
