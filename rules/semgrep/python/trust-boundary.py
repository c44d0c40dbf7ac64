import aiohttp_session
from django.contrib.auth import authenticate
from flask import Flask, abort, request, session

app = Flask(__name__)
CURRENCIES = {"EUR", "USD", "GBP"}


@app.route("/login", methods=["POST"])
def login():
    # ruleid: python-trust-boundary-session
    session["user"] = request.form["username"]
    return "ok"


@app.route("/role")
def set_role():
    role = request.args.get("role", "viewer")
    # ruleid: python-trust-boundary-session
    session.update({"role": role})
    return "ok"


def django_checkout(request):
    # ruleid: python-trust-boundary-session
    request.session["discount_code"] = request.POST.get("discount")
    return None


async def aiohttp_prefs(request):
    data = await request.post()
    store = await aiohttp_session.get_session(request)
    # ruleid: python-trust-boundary-session
    store["merchant_id"] = data["merchant"]


@app.route("/login-checked", methods=["POST"])
def login_checked():
    user = User.query.filter_by(email=request.form["email"]).first_or_404()
    if not user.check_password(request.form["password"]):
        abort(401)
    # ok: python-trust-boundary-session
    session["user_id"] = user.id
    return "ok"


def django_login(request):
    user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
    if user is None:
        return None
    # ok: python-trust-boundary-session
    request.session["uid"] = user.pk
    return None


@app.route("/currency")
def set_currency():
    currency = request.args.get("currency", "EUR")
    if currency not in CURRENCIES:
        abort(400)
    # ok: python-trust-boundary-session
    session["currency"] = currency
    return "ok"


@app.route("/visit")
def visit():
    request.args.get("ref")
    # ok: python-trust-boundary-session
    session["visits"] = session.get("visits", 0) + 1
    return "ok"


@app.route("/page-size")
def page_size():
    # ok: python-trust-boundary-session
    session["page_size"] = int(request.args.get("size", "20"))
    return "ok"
