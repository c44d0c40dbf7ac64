import jwt
from flask import request


def get_user():
    token = request.headers["Authorization"].split()[1]
    # ruleid: python-jwt-verification-disabled
    claims = jwt.decode(token, algorithms=["HS256"], options={"verify_signature": False, "verify_exp": True})
    return claims["sub"]


def get_user_ok(secret):
    token = request.headers["Authorization"].split()[1]
    # ok: python-jwt-verification-disabled
    return jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["exp", "sub"]})["sub"]
