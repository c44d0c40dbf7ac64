"""A Flask application's settings module (app.config.from_pyfile("settings.py")): no Django here."""

import os

# ruleid: config-settings-debug-true
DEBUG = True
# ok: config-settings-debug-true
DEBUG = False
# ok: config-settings-debug-true
DEBUG = os.environ.get("APP_DEBUG") == "1"
# ok: config-settings-debug-true
TEMPLATES_AUTO_RELOAD = True

if os.environ.get("APP_ENV") == "staging":
    # ruleid: config-settings-debug-true
    DEBUG = True

try:
    from .local_overrides import *  # noqa: F403
except ImportError:
    # ruleid: config-settings-debug-true
    DEBUG = True

# ruleid: config-settings-hardcoded-secret-key
SECRET_KEY = "flask-placeholder-not-a-real-key"
# ruleid: config-settings-hardcoded-secret-key
SECRET_KEY = os.environ.get("SECRET_KEY", "fallback-placeholder")
# ruleid: config-settings-hardcoded-secret-key
SECRET_KEY = os.getenv("SECRET_KEY", "fallback-placeholder")
# ok: config-settings-hardcoded-secret-key
SECRET_KEY = os.environ["SECRET_KEY"]
# ok: config-settings-hardcoded-secret-key
SECRET_KEY = ""
# ok: config-settings-hardcoded-secret-key
SECRET_KEY = os.environ.get("SECRET_KEY")

# ruleid: config-settings-insecure-cookie
SESSION_COOKIE_SECURE = False
# ruleid: config-settings-insecure-cookie
SESSION_COOKIE_HTTPONLY = False
# ruleid: config-settings-insecure-cookie
REMEMBER_COOKIE_SECURE = False
# ok: config-settings-insecure-cookie
SESSION_COOKIE_SECURE = True
# ok: config-settings-insecure-cookie
SESSION_COOKIE_SAMESITE = "Lax"
# ok: config-settings-insecure-cookie
PREFERRED_URL_SCHEME_SECURE = False


class ProductionConfig:
    # ok: config-settings-debug-true
    DEBUG = True
    # ok: config-settings-insecure-cookie
    SESSION_COOKIE_SECURE = False
