from flask import Flask, request, session

app = Flask(__name__)
CURRENCIES = {"EUR", "USD", "GBP"}


def _stash(name, value):
    session[name] = value


def remember_theme(theme):
    if theme:
        session["theme"] = theme


def remember_all(values):
    session.update(values)


def remember_for(req, key, value):
    req.session[key] = value


def audit(event, detail):
    app.logger.info("%s: %s", event, detail)


@app.post("/cart/coupon")
def coupon():
    code = request.form.get("coupon", "")
    # ruleid: python-trust-boundary-session-helper
    _stash("coupon", code)
    return {"ok": True}


@app.post("/prefs/theme")
def theme():
    # ruleid: python-trust-boundary-session-helper
    remember_theme(request.args["theme"])
    return {"ok": True}


@app.post("/prefs/all")
def prefs():
    # ruleid: python-trust-boundary-session-helper
    remember_all(request.get_json())
    return {"ok": True}


def django_view(request):
    # ruleid: python-trust-boundary-session-helper
    remember_for(request, "lang", request.GET.get("lang"))


@app.post("/cart/size")
def size():
    count = int(request.form.get("size", "20"))
    # ok: python-trust-boundary-session-helper
    _stash("page_size", count)
    return {"ok": True}


@app.post("/cart/visited")
def visited():
    # ok: python-trust-boundary-session-helper
    _stash("visited", True)
    return {"ok": True}


@app.post("/cart/audit")
def audited():
    # ok: python-trust-boundary-session-helper
    audit("coupon", request.form.get("coupon", ""))
    return {"ok": True}
