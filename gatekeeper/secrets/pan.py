"""Primary account numbers (card numbers): candidates, Luhn, issuer ranges, masking.

A number is a PAN only when it has a real issuer's prefix *and* that issuer's length *and* a
valid Luhn check digit: order ids, timestamps and phone numbers rarely pass all three.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from gatekeeper.secrets.testcards import TEST_CARDS

_ANY_LENGTH = frozenset(range(14, 20))
_LONG = frozenset(range(16, 20))

# (brand, lowest prefix, highest prefix, lengths); prefixes compare on as many leading digits as they have.
ISSUER_RANGES: tuple[tuple[str, int, int, frozenset[int]], ...] = (
    ("Visa", 4, 4, frozenset({13, 16, 19})),
    ("Mastercard", 51, 55, frozenset({16})),
    ("Mastercard", 2221, 2720, frozenset({16})),
    ("American Express", 34, 34, frozenset({15})),
    ("American Express", 37, 37, frozenset({15})),
    ("Discover", 6011, 6011, _LONG),
    ("Discover", 644, 649, _LONG),
    ("Discover", 65, 65, _LONG),
    ("JCB", 3528, 3589, _LONG),
    ("Diners Club", 300, 305, _ANY_LENGTH),
    ("Diners Club", 3095, 3095, _ANY_LENGTH),
    ("Diners Club", 36, 36, _ANY_LENGTH),
    ("Diners Club", 38, 39, _ANY_LENGTH),
    ("UnionPay", 62, 62, _LONG),
)

# Contiguous digits, or groups: 4-4-4-4(-3) and 4-4-4-1 (Visa 13), 4-6-5 (Amex) and 4-6-4 (Diners),
# one separator (space or dash) used throughout.
_CONTIGUOUS = r"\d{13,19}"
_GROUPED = r"\d{4}(?P<s1>[ -])\d{4}(?P=s1)\d{4}(?P=s1)\d{1,4}(?:(?P=s1)\d{3})?"
_AMEX_DINERS = r"\d{4}(?P<s2>[ -])\d{6}(?P=s2)\d{4,5}"

# In source files a PAN stands alone: not inside a longer word, hex or base64 string, decimal
# fraction or longer run of digit groups.
_STRICT = re.compile(
    r"(?<![\w.])(?:"
    rf"{_CONTIGUOUS}(?!\w|\.\d)"
    rf"|(?<!\d[ -])(?:{_GROUPED}|{_AMEX_DINERS})(?!\w|\.\d|[ -]\d)"
    r")"
)
# Over report text (the redaction safety net) only the digits themselves need to stand alone.
_LOOSE = re.compile(rf"(?<!\d)(?:{_CONTIGUOUS}|{_GROUPED}|{_AMEX_DINERS})(?!\d)")
# Cheap first pass: a run of 13 or more digits, spaces and dashes. Only inside one are the
# expensive patterns (lookbehinds at every position) tried.
_DIGIT_RUN = re.compile(r"\d[\d -]{11,}\d")
_LOOKAHEAD = 2


@dataclass(frozen=True)
class PanMatch:
    start: int
    end: int
    text: str
    """As written, separators included."""
    digits: str
    brand: str

    @property
    def masked(self) -> str:
        return mask_pan(self.digits)

    @property
    def test_card(self) -> str | None:
        """The documentation the number is published in as a test card, if it is one."""
        return TEST_CARDS.get(self.digits)


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def issuer(digits: str) -> str | None:
    """The card brand whose prefix range and length `digits` fits, or None."""
    for brand, low, high, lengths in ISSUER_RANGES:
        width = len(str(low))
        if len(digits) in lengths and low <= int(digits[:width]) <= high:
            return brand
    return None


def pan_brand(digits: str) -> str | None:
    """The brand when `digits` is a PAN (issuer range, length and Luhn all agree), else None."""
    if not (13 <= len(digits) <= 19 and digits.isdigit()):
        return None
    brand = issuer(digits)
    return brand if brand and luhn_valid(digits) else None


def find_pans(text: str, strict: bool = True) -> Iterator[PanMatch]:
    pattern = _STRICT if strict else _LOOSE
    for run in _DIGIT_RUN.finditer(text):
        # pos/endpos, not a slice: the lookbehinds still see the text before the run.
        for match in pattern.finditer(text, run.start(), run.end() + _LOOKAHEAD):
            digits = re.sub(r"[ -]", "", match.group())
            brand = pan_brand(digits)
            if brand:
                yield PanMatch(match.start(), match.end(), match.group(), digits, brand)


def is_synthetic(digits: str) -> bool:
    """Seven repeated or consecutive digits (4000000000000010, 6543210123456788): a made-up number.
    A real account number has them with a probability of about one in a hundred thousand."""
    if re.search(r"(\d)\1{6}", digits):
        return True
    return any(run in digits for run in _RUNS)


_RUNS = tuple(s[i : i + 7] for s in ("01234567890", "98765432109") for i in range(5))


def mask_pan(digits: str) -> str:
    """First six and last four digits, as PCI DSS 3.4.1 allows to be displayed."""
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]
