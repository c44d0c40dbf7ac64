from fastapi import FastAPI
from flask import Flask, make_response
from starlette.middleware.sessions import SessionMiddleware

app = Flask(__name__)
api = FastAPI()


def remember_device(user):
    response = make_response("ok")
    # ruleid: python-cookie-missing-flags
    response.set_cookie("device_id", user.device_id)
    return response


def set_preferences(response, token):
    # ruleid: python-cookie-missing-flags
    response.set_cookie("auth", token, secure=True)
    return response


def django_login(response, session_key):
    # ruleid: python-cookie-missing-flags
    response.set_cookie("sessionid", session_key, max_age=3600, secure=False, httponly=True)
    return response


def django_signed(response, cart_id):
    # ruleid: python-cookie-missing-flags
    response.set_signed_cookie("cart", cart_id, httponly=True)
    return response


def hardened(response, token):
    # ok: python-cookie-missing-flags
    response.set_cookie("auth", token, secure=True, httponly=True, samesite="Strict")
    return response


def from_settings(response, token):
    # ok: python-cookie-missing-flags
    response.set_cookie("auth", token, **COOKIE_OPTIONS)
    return response


def logout(response):
    # ok: python-cookie-missing-flags
    response.set_cookie("auth", "", expires=0)
    return response


def configured_flags(response, token, settings):
    # ok: python-cookie-missing-flags
    response.set_cookie("auth", token, secure=settings.COOKIE_SECURE, httponly=True)
    return response


def test_cookie(client):
    # ok: python-cookie-missing-flags
    client.set_cookie("auth", "test-token")


class ProductionConfig:
    # ruleid: python-session-cookie-insecure
    SESSION_COOKIE_SECURE = False
    # ok: python-session-cookie-insecure
    SESSION_COOKIE_HTTPONLY = True
    # ok: python-session-cookie-insecure
    CSRF_COOKIE_HTTPONLY = False

# ruleid: python-session-cookie-insecure
app.config["SESSION_COOKIE_HTTPONLY"] = False
# ruleid: python-session-cookie-insecure
app.config.update(SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=True)
# ok: python-session-cookie-insecure
app.config.update(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_SAMESITE="Lax")

# ruleid: python-session-cookie-insecure
api.add_middleware(SessionMiddleware, secret_key=SECRET_KEY)
# ok: python-session-cookie-insecure
api.add_middleware(SessionMiddleware, secret_key=SECRET_KEY, https_only=True)


def client_side_jar(jar, cookie):
    # ok: python-cookie-missing-flags
    jar.set_cookie(cookie)
