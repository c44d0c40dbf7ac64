"""How a secret is shown once found: never whole, only enough to recognise it."""

from __future__ import annotations

ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"
_PREFIX = 4


def mask_secret(value: str) -> str:
    """At most the first four characters and never more than a quarter of the value, then `…`:
    enough to tell an `AKIA` key from an `sk_live_` key, too little to guess a short password."""
    shown = min(_PREFIX, len(value) // 4)
    return value[:shown] + ELLIPSIS


def is_masked(value: str) -> bool:
    """Whether `value` is already a masked form (ours, or a `****`/`xxxx` one), never to be masked again."""
    return ELLIPSIS in value or "***" in value
