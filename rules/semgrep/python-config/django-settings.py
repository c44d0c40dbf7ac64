import os

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

# ruleid: config-django-debug-true
DEBUG = True
# ok: config-django-debug-true
DEBUG = False
# ok: config-django-debug-true
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
# ok: config-django-debug-true
TEMPLATE_DEBUG_HINT = True

# ruleid: config-django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["*"]
# ruleid: config-django-allowed-hosts-wildcard
ALLOWED_HOSTS = ("pay.example.com", "*")
# ok: config-django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["pay.example.com", ".internal.example.com"]
# ok: config-django-allowed-hosts-wildcard
ALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")

# ruleid: config-django-hardcoded-secret-key
SECRET_KEY = "django-insecure-placeholder-not-a-real-key"
# ruleid: config-django-hardcoded-secret-key
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "fallback-placeholder")
# ruleid: config-django-hardcoded-secret-key
SECRET_KEY = env("DJANGO_SECRET_KEY", default="fallback-placeholder")
# ok: config-django-hardcoded-secret-key
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
# ok: config-django-hardcoded-secret-key
SECRET_KEY = env("DJANGO_SECRET_KEY")
# ok: config-django-hardcoded-secret-key
SECRET_KEY = os.getenv("DJANGO_SECRET_KEY")

# ruleid: config-django-insecure-cookie
SESSION_COOKIE_SECURE = False
# ruleid: config-django-insecure-cookie
CSRF_COOKIE_SECURE = False
# ruleid: config-django-insecure-cookie
SESSION_COOKIE_HTTPONLY = False
# ruleid: config-django-insecure-cookie
SESSION_COOKIE_SAMESITE = None
# ok: config-django-insecure-cookie
SESSION_COOKIE_SAMESITE = "Lax"
# ok: config-django-insecure-cookie
CSRF_COOKIE_HTTPONLY = False
# ok: config-django-insecure-cookie
SESSION_COOKIE_SECURE = True

# ruleid: config-django-csrf-middleware-missing
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

# ok: config-django-csrf-middleware-missing
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

# ok: config-django-csrf-middleware-missing
MIDDLEWARE = (
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
)

PASSWORD_HASHERS = [
    # ruleid: config-django-weak-password-hasher
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

PASSWORD_HASHERS = [
    # ok: config-django-weak-password-hasher
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.SHA1PasswordHasher",
]

PASSWORD_HASHERS = (
    # ruleid: config-django-weak-password-hasher
    "django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher",
)

# ruleid: config-django-debug-true
DEBUG = True  # "temporarily", for the staging incident

# ruleid: config-django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["localhost", "*"]

# ruleid: config-django-csrf-middleware-missing
MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
)

# ruleid: config-django-csrf-middleware-missing
MIDDLEWARE = []

# ok: config-django-csrf-middleware-missing
MIDDLEWARE_SETTINGS_NOTE = ["django.contrib.sessions.middleware.SessionMiddleware"]

PASSWORD_HASHERS = [
    # ruleid: config-django-weak-password-hasher
    "django.contrib.auth.hashers.UnsaltedMD5PasswordHasher",
]

PASSWORD_HASHERS = [
    # ok: config-django-weak-password-hasher
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]

PASSWORD_HASHERS = [
    # ok: config-django-weak-password-hasher
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# ruleid: config-django-debug-true
DEBUG = True

# ok: config-django-allowed-hosts-wildcard
ALLOWED_HOSTS = [".example.com"]
