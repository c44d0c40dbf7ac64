import logging

log = logging.getLogger("auth")


class LoginForm:
    def __init__(self, data):
        self.username = data["username"]
        self.password = data["password"]

    def log_attempt(self):
        # ruleid: python-log-sensitive-data
        log.debug("login %s / %s", self.username, self.password)


def connect(dsn, db_password):
    # ruleid: python-log-sensitive-data
    logging.info("connecting to %s with password %s", dsn, db_password)


def call_api(api_key, url):
    # ruleid: python-log-sensitive-data
    log.info(f"GET {url} key={api_key}")


def login_ok(user):
    # ok: python-log-sensitive-data
    log.info("user %s logged in", user.username)


def token_issued(token_id):
    # ok: python-log-sensitive-data
    log.info("issued token %s", token_id)


def password_policy(min_length):
    # ok: python-log-sensitive-data
    log.info("password policy: min length %d", min_length)
