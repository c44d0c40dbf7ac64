import logging

import structlog

logger = logging.getLogger(__name__)
log = structlog.get_logger()


def login(username: str, password: str) -> None:
    # ruleid: python-log-sensitive-data
    logger.info("login attempt user=%s password=%s", username, password)


def charge(cvv: str, amount: int) -> None:
    # ruleid: python-log-sensitive-data
    logging.debug(f"charging {amount}, card verification {cvv}")


def register(form: dict) -> None:
    # ruleid: python-log-sensitive-data
    logger.warning("registration failed for %s with %s", form["email"], form["password"])


def refresh(session) -> None:
    # ruleid: python-log-sensitive-data
    log.info("token refreshed", refresh_token=session.refresh_token)


def authorise(payment) -> None:
    cvv = payment.cvv
    message = "authorising with cvv " + cvv
    # ruleid: python-log-sensitive-data
    logging.getLogger("payments").error(message)


def login_safe(username: str, password: str) -> None:
    # ok: python-log-sensitive-data
    logger.info("login attempt user=%s password_length=%d", username, len(password))


def api_key_masked(api_key: str) -> None:
    # ok: python-log-sensitive-data
    logging.debug("using key ending %s", api_key[-4:])


def secret_mask_helper(client_secret: str) -> None:
    # ok: python-log-sensitive-data
    logger.info("client secret %s", redact(client_secret))


def password_changed(user) -> None:
    # ok: python-log-sensitive-data
    logger.info("password changed for user %s", user.id)


def missing_password(password) -> None:
    # ok: python-log-sensitive-data
    logger.warning("password supplied: %s", password is not None)


def reset_requested(email: str) -> None:
    # ok: python-log-sensitive-data
    logger.info("password reset requested for %s", email)


def field_names() -> None:
    # ok: python-log-sensitive-data
    logger.debug("validated fields: %s", ", ".join(["email", "password"]))
