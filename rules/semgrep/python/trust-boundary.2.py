from flask import Flask, request, session

app = Flask(__name__)


@app.route("/cart/add", methods=["POST"])
def add_to_cart():
    cart = session.get("cart", [])
    cart.append(request.form["sku"])
    # ruleid: python-trust-boundary-session
    session["cart"] = cart
    return "ok"


@app.route("/lang")
def set_lang():
    # ruleid: python-trust-boundary-session
    session["lang"] = request.args.get("lang")
    return "ok"


@app.route("/theme")
def set_theme():
    theme = request.args.get("theme", "light")
    if theme not in ("light", "dark"):
        theme = "light"
    # ok: python-trust-boundary-session
    session["theme"] = theme
    return "ok"
