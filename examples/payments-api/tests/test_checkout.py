"""Checkout tests of the demo service: Stripe's published test card, nothing real."""

TEST_CARD = "4242 4242 4242 4242"


def checkout_payload(card_number: str, amount: int) -> dict:
    return {"card": {"number": card_number.replace(" ", ""), "exp": "12/34"}, "amount": amount}


def test_payload_carries_the_card_without_spaces() -> None:
    assert checkout_payload(TEST_CARD, 1999)["card"]["number"] == TEST_CARD.replace(" ", "")
