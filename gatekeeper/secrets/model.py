"""What a detector hands back: a secret value at a place, and what kind of secret it is."""

from __future__ import annotations

from dataclasses import dataclass, field

from gatekeeper.secrets.catalog import SecretRule

# When detectors disagree about one span, the most specific wins.
PRIORITY_PAN = 4
PRIORITY_KEY_MATERIAL = 3
PRIORITY_TOKEN = 2
PRIORITY_ASSIGNMENT = 1
PRIORITY_ENTROPY = 0


@dataclass(frozen=True)
class Candidate:
    """A value found on one line, before its place in the file is known."""

    rule: SecretRule
    value: str
    start: int
    """0-based offset of `value` in the line."""
    priority: int
    detail: str = ""
    """What else the finding should say (a card's brand, a test card's source)."""
    canonical: str = ""
    """The form that is hashed for correlation, when not `value` itself (a PAN's digits)."""

    @property
    def end(self) -> int:
        return self.start + len(self.value)


@dataclass(frozen=True)
class Hit:
    """One secret in one file: where it is, what it is, and every piece of text that reveals it."""

    rule: SecretRule
    value: str = field(repr=False)
    line: int
    column: int
    """1-based, like Location."""
    end_line: int
    end_column: int
    priority: int
    detail: str = ""
    canonical: str = field(default="", repr=False)
    reveals: tuple[str, ...] = field(default=(), repr=False)
    """Raw text to scrub from every output besides `value` (a private key's body lines)."""

    @property
    def hashed(self) -> str:
        return self.canonical or self.value
