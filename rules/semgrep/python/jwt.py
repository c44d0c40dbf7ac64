import jwt
from jose import jwt as jose_jwt

PUBLIC_KEY = open("/etc/app/jwt.pub").read()


def current_user(token: str) -> dict:
    # ruleid: python-jwt-verification-disabled
    return jwt.decode(token, options={"verify_signature": False})


def current_user_legacy(token: str) -> dict:
    # ruleid: python-jwt-verification-disabled
    return jwt.decode(token, PUBLIC_KEY, verify=False)


def current_user_jose(token: str) -> dict:
    # ruleid: python-jwt-verification-disabled
    return jose_jwt.decode(token, PUBLIC_KEY, options={"verify_signature": False, "verify_aud": False})


def current_user_options(token: str) -> dict:
    relaxed = {"verify_signature": False}
    # ruleid: python-jwt-verification-disabled
    return jwt.decode(token, algorithms=["RS256"], options=relaxed)


def current_user_verified(token: str) -> dict:
    # ok: python-jwt-verification-disabled
    return jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"])


def current_user_no_audience(token: str) -> dict:
    # ok: python-jwt-verification-disabled
    return jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"], options={"verify_aud": False})


def current_user_jose_verified(token: str) -> dict:
    # ok: python-jwt-verification-disabled
    return jose_jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"])


def key_id(token: str) -> str:
    # ok: python-jwt-verification-disabled
    return jwt.get_unverified_header(token)["kid"]


def issue_unsigned(claims: dict) -> str:
    # ruleid: python-jwt-none-algorithm
    return jwt.encode(claims, None, algorithm="none")


def accept_any(token: str) -> dict:
    # ruleid: python-jwt-none-algorithm
    return jwt.decode(token, PUBLIC_KEY, algorithms=["RS256", "none"])


def issue_unsigned_jose(claims: dict) -> str:
    # ruleid: python-jwt-none-algorithm
    return jose_jwt.encode(claims, "", algorithm="None")


def issue_signed(claims: dict, key: str) -> str:
    # ok: python-jwt-none-algorithm
    return jwt.encode(claims, key, algorithm="HS256")


def accept_rs256(token: str) -> dict:
    # ok: python-jwt-none-algorithm
    return jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"])


def unrelated(payload: dict, codec) -> bytes:
    # ok: python-jwt-none-algorithm
    return codec.encode(payload, algorithm="none")
