"""Refunds for the demo payments service (deliberately vulnerable: see ../README.md)."""

import logging

logger = logging.getLogger(__name__)


def refund(psp, card_number: str, amount: int) -> str:
    # The full card number goes to the log: PCI DSS forbids a readable PAN there.
    logger.info("refunding %s to card %s", amount, card_number)
    return psp.refund(card_number=card_number, amount=amount)
