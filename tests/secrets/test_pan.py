"""Card numbers: Luhn, issuer ranges and lengths, separators, boundaries, test cards, context."""

from __future__ import annotations

import pytest

from gatekeeper.findings import Severity
from gatekeeper.secrets.detect import detect
from gatekeeper.secrets.pan import find_pans, is_synthetic, luhn_valid, mask_pan, pan_brand
from gatekeeper.secrets.testcards import TEST_CARDS


def complete(prefix: str, length: int, filler: str = "8294017365") -> str:
    """`prefix` padded to `length` with a Luhn check digit: a valid PAN shape of our own making."""
    body = (prefix + filler * 20)[: length - 1]
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def found(text: str, path: str = "payments.log") -> list[tuple[str, str, Severity]]:
    return [(h.rule.id, h.canonical, h.rule.severity) for h in detect(text + "\n", path)]


# --- Luhn -------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["79927398713", "4111111111111111", "378282246310005", "0"])
def test_luhn_accepts_valid_numbers(number: str) -> None:
    assert luhn_valid(number)


@pytest.mark.parametrize("number", ["79927398710", "4111111111111112", "378282246310006", "1234567812345678"])
def test_luhn_rejects_invalid_numbers(number: str) -> None:
    assert not luhn_valid(number)


# --- issuers and lengths ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "length", "brand"),
    [
        ("4", 13, "Visa"),
        ("4", 16, "Visa"),
        ("4", 19, "Visa"),
        ("51", 16, "Mastercard"),
        ("55", 16, "Mastercard"),
        ("2221", 16, "Mastercard"),
        ("2720", 16, "Mastercard"),
        ("34", 15, "American Express"),
        ("37", 15, "American Express"),
        ("6011", 16, "Discover"),
        ("644", 16, "Discover"),
        ("65", 19, "Discover"),
        ("3528", 16, "JCB"),
        ("3589", 19, "JCB"),
        ("36", 14, "Diners Club"),
        ("300", 14, "Diners Club"),
        ("3095", 16, "Diners Club"),
        ("62", 16, "UnionPay"),
        ("62", 19, "UnionPay"),
    ],
)
def test_issuer_ranges_and_lengths_are_pans(prefix: str, length: int, brand: str) -> None:
    number = complete(prefix, length)
    assert pan_brand(number) == brand
    assert found(f"card={number}") == [("secrets-pan", number, Severity.CRITICAL)]


@pytest.mark.parametrize(
    ("prefix", "length"),
    [
        ("4", 15),  # Visa has 13, 16 or 19 digits
        ("4", 14),
        ("37", 16),  # Amex has 15
        ("51", 15),
        ("2220", 16),  # just below Mastercard's 2-series
        ("2721", 16),  # just above it
        ("56", 16),  # Maestro ranges are not in scope
        ("9", 16),  # no issuer starts with 9
        ("1", 16),
        ("7", 16),
        ("31", 16),  # 3 without a JCB, Diners or Amex prefix
    ],
)
def test_luhn_valid_numbers_outside_issuer_ranges_or_lengths_are_not_pans(prefix: str, length: int) -> None:
    number = complete(prefix, length)
    assert luhn_valid(number)
    assert pan_brand(number) is None
    assert found(f"member={number}") == []


def test_sixteen_digit_order_id_that_fails_luhn_is_not_a_pan() -> None:
    order_id = complete("4", 16)[:-1] + str((int(complete("4", 16)[-1]) + 1) % 10)
    assert not luhn_valid(order_id)
    assert found(f"order_ref={order_id} attempt=2") == []


# --- separators and boundaries ----------------------------------------------------------------


@pytest.mark.parametrize("separator", [" ", "-"])
def test_grouped_pans_with_spaces_or_dashes(separator: str) -> None:
    visa = complete("4", 16)
    grouped = separator.join(visa[i : i + 4] for i in range(0, 16, 4))
    amex = complete("37", 15)
    amex_grouped = separator.join((amex[:4], amex[4:10], amex[10:]))
    diners = complete("36", 14)
    diners_grouped = separator.join((diners[:4], diners[4:10], diners[10:]))
    visa19 = complete("4", 19)
    visa19_grouped = separator.join((visa19[0:4], visa19[4:8], visa19[8:12], visa19[12:16], visa19[16:]))
    text = f"a {grouped} b {amex_grouped} c {diners_grouped} d {visa19_grouped}"
    assert [c for _, c, _ in found(text)] == [visa, amex, diners, visa19]


@pytest.mark.parametrize(
    "template",
    [
        "x{pan}",  # part of a word
        "{pan}x",
        "0.{pan}",  # a decimal fraction
        "{pan}.5",
        "99{pan}",  # part of a longer number
        "{pan}12",
        "ab12{pan}ef",  # inside hex
        "1234 {grouped}",  # one group too many in front
        "{grouped} 1234",  # or behind
        "{mixed}",  # two different separators
    ],
)
def test_numbers_that_do_not_stand_alone_are_not_pans(template: str) -> None:
    pan = complete("4", 16)
    grouped = " ".join(pan[i : i + 4] for i in range(0, 16, 4))
    mixed = f"{pan[:4]} {pan[4:8]}-{pan[8:12]} {pan[12:]}"
    assert found(template.format(pan=pan, grouped=grouped, mixed=mixed)) == []


def test_pans_at_line_ends_and_in_punctuation_are_found() -> None:
    pan = complete("5", 16, "3141592653")
    assert [c for _, c, _ in found(f'{{"pan":"{pan}"}}')] == [pan]
    assert [c for _, c, _ in found(f"{pan}.")] == [pan]
    assert [c for _, c, _ in found(f"GET /cards/{pan} 200")] == [pan]


# --- test cards and severity by path ----------------------------------------------------------


def test_every_listed_test_card_is_a_pan() -> None:
    """A wrong entry would downgrade a real card, a misremembered one would never match."""
    assert len(TEST_CARDS) > 100
    for number in TEST_CARDS:
        assert pan_brand(number), number


@pytest.mark.parametrize(
    "number",
    [
        "4111 1111 1111 1111",
        "5555 5555 5555 4444",
        "4242 4242 4242 4242",
        "378282246310005",
        "6011111111111117",
        "3530111333300000",
        "6200000000000005",
        "4111111145551142",
    ],
)
@pytest.mark.parametrize(
    "path",
    [
        "tests/test_checkout.py",
        "test_checkout.py",
        "checkout_test.py",
        "src/fixtures/cards.json",
        "spec/checkout_spec.rb",
        "test/integration/Cards.java",
        "web/src/__tests__/pay.test.js",
    ],
)
def test_published_test_cards_are_info_in_test_paths(number: str, path: str) -> None:
    digits = number.replace(" ", "")
    assert found(f'CARD = "{number}"', path) == [("secrets-pan-test-card", digits, Severity.INFO)]


@pytest.mark.parametrize("path", ["app/payments.py", "config/settings.yaml", "logs/app.log", "testing_tools.py"])
def test_published_test_cards_are_medium_elsewhere(path: str) -> None:
    assert found('CARD = "4242424242424242"', path) == [("secrets-pan-test-card", "4242424242424242", Severity.MEDIUM)]


@pytest.mark.parametrize("path", ["tests/test_checkout.py", "fixtures/cards.csv", "app/payments.py"])
def test_any_other_pan_is_critical_even_in_tests(path: str) -> None:
    pan = complete("4", 16)
    assert found(f'CARD = "{pan}"', path) == [("secrets-pan", pan, Severity.CRITICAL)]


@pytest.mark.parametrize(
    ("prefix", "filler"), [("5300000", "0"), ("4", "9876543210"), ("45", "1111111"), ("6011", "0123456789")]
)
def test_synthetic_numbers_are_test_cards_not_critical(prefix: str, filler: str) -> None:
    number = complete(prefix, 16, filler)
    assert number not in TEST_CARDS and pan_brand(number)
    assert is_synthetic(number)
    assert found(f"card={number}", "app.log") == [("secrets-pan-test-card", number, Severity.MEDIUM)]


def test_real_looking_numbers_are_not_synthetic() -> None:
    assert not is_synthetic(complete("4", 16))


# --- context in source code -------------------------------------------------------------------


def test_numbers_in_code_are_not_pans_unless_in_strings_or_named_like_cards() -> None:
    pan = complete("4", 16)
    assert found(f"rng = default_rng({pan})", "stats.py") == []
    assert found(f"values = [1, {pan}, 3]", "maths.py") == []
    assert found(f'label = "{pan}"', "app.py")[0][1] == pan
    assert found(f"# charged {pan} twice", "app.py")[0][1] == pan
    assert found(f"card_number = {pan}", "app.py")[0][1] == pan
    # Outside source code every number counts.
    assert found(f"values = [1, {pan}, 3]", "dump.txt")[0][1] == pan


def test_lines_of_numeric_data_are_not_pans_but_card_rows_are() -> None:
    pan = complete("4", 16)
    other = complete("9", 16)
    assert found(f"divide {pan} {other}1 -> 1.000000000002632", "vectors.decTest") == []
    assert found(f"CB-1001,{pan},12/29,120.50", "chargebacks.csv")[0][1] == pan
    assert found(f"order={other}1 card={pan}", "app.log")[0][1] == pan


# --- masking ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "masked"),
    [
        ("4111111111111111", "411111******1111"),
        ("4222222222222", "422222***2222"),
        ("378282246310005", "378282*****0005"),
        ("6205500000000000004", "620550*********0004"),
    ],
)
def test_mask_shows_first_six_and_last_four(digits: str, masked: str) -> None:
    assert mask_pan(digits) == masked


def test_loose_search_finds_pans_inside_other_text() -> None:
    pan = complete("4", 16)
    assert [m.digits for m in find_pans(f"id:x{pan}y", strict=False)] == [pan]
    assert list(find_pans(f"id:x{pan}y", strict=True)) == []
