"""Scrubbing text of secrets and card numbers, in three passes:

1. the raw values already known to be sensitive (found by a scanner, or announced by a tool);
2. the secret detectors, line by line, for what nobody reported;
3. card numbers: any Luhn-valid number in an issuer's range and length.

A secret becomes at most its first four characters and `…`; a card number its first six and last
four digits. Masked text is never matched again, so scrubbing twice changes nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from gatekeeper.secrets.mask import is_masked, mask_secret
from gatekeeper.secrets.pan import find_pans, mask_pan, pan_brand

MIN_VALUE = 6
# Shorter values are matched as whole words only, so that they do not eat into ordinary text.
_WHOLE_WORD_BELOW = 12


class Scrubber:
    def __init__(self, values: Iterable[str] = ()) -> None:
        self._masks: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None
        # Findings of one rule repeat its title and fix: each (text, file name) is scrubbed once
        # per set of known values.
        self._done: dict[tuple[str, str], str] = {}
        self.add(values)

    def add(self, values: Iterable[str]) -> None:
        for value in values:
            if len(value) >= MIN_VALUE and not is_masked(value) and value not in self._masks:
                self._masks[value] = mask(value)
                self._pattern = None
                self._done.clear()

    def scrub(self, text: str, path: str = "") -> str:
        """`path` is the file the text comes from: some detectors read config files differently."""
        if not text:
            return text
        name = path.rpartition("/")[2]  # a report path: POSIX, relative to the scan root
        key = (text, name)
        if key not in self._done:
            scrubbed = "\n".join(_detected(line, name) for line in self._known(text).split("\n"))
            self._done[key] = _pans(scrubbed)
        return self._done[key]

    def _known(self, text: str) -> str:
        if not self._masks:
            return text
        if self._pattern is None:
            alternatives = []
            for value in sorted(self._masks, key=len, reverse=True):
                escaped = re.escape(value)
                if len(value) < _WHOLE_WORD_BELOW:
                    escaped = rf"(?<![A-Za-z0-9]){escaped}(?![A-Za-z0-9])"
                alternatives.append(escaped)
            self._pattern = re.compile("|".join(alternatives))
        return self._pattern.sub(lambda m: self._masks[m.group()], text)


def mask(value: str) -> str:
    digits = re.sub(r"[ -]", "", value)
    if digits.isdigit() and pan_brand(digits):
        return mask_pan(digits)
    return mask_secret(value)


@lru_cache(maxsize=1 << 15)
def _detected(line: str, name: str) -> str:
    """`name`: the file's name. In lenient mode the detectors look at nothing else of its path
    (which pattern set applies), so the many findings that repeat one title, message or fix share
    one answer."""
    from gatekeeper.secrets.detect import detect_line  # detect-secrets' plugins, on first use

    # Right to left, so earlier offsets stay valid; a candidate overlapping one already masked is dropped.
    candidates = sorted(detect_line(line, name, lenient=True), key=lambda c: (c.start, -c.priority), reverse=True)
    covered = len(line) + 1
    for candidate in candidates:
        if candidate.end > covered or is_masked(candidate.value):
            continue
        line = line[: candidate.start] + mask(candidate.value) + line[candidate.end :]
        covered = candidate.start
    return line


def _pans(text: str) -> str:
    for match in reversed(list(find_pans(text, strict=False))):
        text = text[: match.start] + match.masked + text[match.end :]
    return text
