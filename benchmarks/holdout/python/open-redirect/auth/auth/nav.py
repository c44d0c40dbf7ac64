from urllib.parse import urlparse

from flask import redirect

SAFE_PAGES = {"home": "/", "account": "/account", "orders": "/orders"}


def go(target):
    return redirect(target)  # ruleid: open-redirect


def next_page(value):
    if not value or urlparse(value).netloc:
        return "/"
    return value


def page_for(key):
    return SAFE_PAGES.get(key, "/")
