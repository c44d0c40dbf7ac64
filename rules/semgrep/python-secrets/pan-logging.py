import logging
import sys

import structlog

logger = logging.getLogger(__name__)
log = structlog.get_logger()


def mask_pan(number):
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def charge(card_number, amount):
    # ruleid: secrets-pan-logged
    logger.info("charging card %s for %s", card_number, amount)


def charge_fstring(payment):
    # ruleid: secrets-pan-logged
    logging.warning(f"declined: {payment.card_number}")


def from_request(request):
    data = request.get_json()
    pan = data["pan"]
    message = "received " + pan
    # ruleid: secrets-pan-logged
    print(message)


def from_dict(body):
    # ruleid: secrets-pan-logged
    log.error("tokenisation failed for {}".format(body.get("card_number")))


def app_logger(app, order):
    # ruleid: secrets-pan-logged
    app.logger.debug("order %s card %s", order.id, order.cc_number)


def to_stderr(ccnum):
    # ruleid: secrets-pan-logged
    sys.stderr.write("bad card " + ccnum + "\n")


def masked(card_number):
    # ok: secrets-pan-logged
    logger.info("charging card %s", mask_pan(card_number))


def last_four(card_number):
    # ok: secrets-pan-logged
    logger.info("charging card ending %s", card_number[-4:])


def length_only(card_number):
    # ok: secrets-pan-logged
    logger.warning("card number has %d digits", len(card_number))


def token_only(payment):
    # ok: secrets-pan-logged
    logger.info("charged token %s", payment.card_token)


def not_a_log(card_number, db):
    # ok: secrets-pan-logged
    db.store(card_number)


def similar_names(span, company, panel):
    # ok: secrets-pan-logged
    print(span, company, panel)


class Retry:
    def log_retry(self):
        # ruleid: secrets-pan-logged
        logger.info("retrying %s", self._card_number)


def field_names_in_text(order):
    # ok: secrets-pan-logged
    logger.info("pan and card_number were validated for order %s", order.id)


def a_function_named_like_a_field(order):
    # ok: secrets-pan-logged
    logger.info("fields: %s", card_number_fields(order))


def from_parsed_body(request):
    # ruleid: secrets-pan-logged
    logger.info("charge for %s", request.get_json()["card_number"])


def with_default(body):
    number = body.get("ccnum", "")
    # ruleid: secrets-pan-logged
    logger.warning("retry %s", number)


def other_keys(data):
    # ok: secrets-pan-logged
    logger.info("amount %s currency %s", data["amount"], data.get("currency", "EUR"))
