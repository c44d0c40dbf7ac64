import os

import bottle
import tornado.web
from fastapi import FastAPI
from payments.app import app
from starlette.applications import Starlette
from werkzeug.debug import DebuggedApplication
from werkzeug.serving import run_simple

# ruleid: python-debug-mode-enabled
api = FastAPI(title="payments", debug=True)

# ruleid: python-debug-mode-enabled
admin = Starlette(debug=True, routes=[])

# ruleid: python-debug-mode-enabled
legacy = tornado.web.Application(handlers, debug=True)

# ruleid: python-debug-mode-enabled
bottle.debug(True)

# ok: python-debug-mode-enabled
api_prod = FastAPI(title="payments")

# ok: python-debug-mode-enabled
api_env = FastAPI(debug=os.environ.get("APP_DEBUG") == "1")

# ok: python-debug-mode-enabled
legacy_prod = tornado.web.Application(handlers, debug=False, xsrf_cookies=True)


def run_dev():
    # ruleid: python-werkzeug-debugger-enabled
    app.run(host="0.0.0.0", port=5000, debug=True)


def run_wrapped():
    # ruleid: python-werkzeug-debugger-enabled
    return DebuggedApplication(app, evalex=True)


def run_simple_dev():
    # ruleid: python-werkzeug-debugger-enabled
    run_simple("0.0.0.0", 5000, app, use_debugger=True, use_reloader=True)


def run_prod():
    # ok: python-werkzeug-debugger-enabled
    app.run(host="127.0.0.1", port=5000)


def run_from_env():
    # ok: python-werkzeug-debugger-enabled
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")


def run_wrapped_no_console():
    # ok: python-werkzeug-debugger-enabled
    return DebuggedApplication(app, evalex=False)
