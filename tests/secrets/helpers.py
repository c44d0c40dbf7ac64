"""Values for detector tests, generated at run time: no credential-shaped literal sits in a test
file for a repository's own secret scanning (or a reviewer) to trip over."""

from __future__ import annotations

import random
import string

from gatekeeper.secrets.detect import detect, detect_line
from gatekeeper.secrets.model import Candidate, Hit
from gatekeeper.secrets.pan import luhn_valid

ALNUM = string.ascii_letters + string.digits
UPPER = string.ascii_uppercase + string.digits
BASE64 = ALNUM + "+/"
HEX = "0123456789abcdef"


def rand(alphabet: str, length: int, seed: str) -> str:
    """Deterministic and random-looking (seeded by name, so every run sees the same value)."""
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(length))


def card_number(prefix: str = "45", length: int = 16, seed: str = "card") -> str:
    """A Luhn-valid number in an issuer's range, made here so that no test file holds one."""
    body = prefix + rand(string.digits, length - len(prefix) - 1, seed)
    return next(body + d for d in string.digits if luhn_valid(body + d))


def found(line: str, path: str = "app.py") -> list[tuple[str, str]]:
    """(rule id, value) for each detection on one line, as the scanner resolves overlaps."""
    return [(h.rule.id, h.value) for h in detect(line + "\n", path)]


def rules(line: str, path: str = "app.py") -> list[str]:
    return [rule for rule, _ in found(line, path)]


def hits(text: str, path: str = "app.py") -> list[Hit]:
    return detect(text, path)


def candidates(line: str, path: str = "app.py") -> list[Candidate]:
    return detect_line(line, path)
