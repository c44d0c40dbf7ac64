from flask import session


def remember(key: str, value) -> None:
    session[key] = value


def remember_role(value) -> None:
    # ruleid: trust-boundary
    session["role"] = value
