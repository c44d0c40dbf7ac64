"""All detectors over one file or one line: candidates, then one hit per span (the most specific)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Iterable

from gatekeeper.secrets import catalog
from gatekeeper.secrets.assignments import HINTS as ASSIGNMENT_HINTS
from gatekeeper.secrets.assignments import find_assignments
from gatekeeper.secrets.model import PRIORITY_PAN, Candidate, Hit
from gatekeeper.secrets.pan import PanMatch, find_pans, is_synthetic, pan_brand
from gatekeeper.secrets.placeholders import PathContext
from gatekeeper.secrets.private_keys import LinePositions, find_key_material
from gatekeeper.secrets.tokens import HINTS as TOKEN_HINTS
from gatekeeper.secrets.tokens import find_tokens

SOURCE_SUFFIXES = frozenset(
    """
    .py .pyi .js .jsx .mjs .cjs .ts .tsx .java .kt .kts .scala .groovy .go .rb .php .c .h .cc .cpp .cxx .hpp .cs
    .rs .swift .m .mm .r .jl .lua .pl .pm .dart .clj .ex .exs .erl .hs .ml .fs .vb
    """.split()
)
_CARD_CONTEXT = re.compile(
    r"(?i)card|\bpan\b|\bcc[_-]?(?:num|no)|ccnum|credit|visa|master|amex|discover|unionpay|jcb|diners"
)
_STRING_OR_COMMENT = re.compile(r"[\"'`#]|//|/\*")
_NUMBER_BEFORE = re.compile(r"\d\s*[,*/+^%]\s*$")
_NUMBER_AFTER = re.compile(r"\s*[,*/+^%]\s*-?\d")
_LONG_NUMBER = re.compile(r"\d{10,}")
_SYNTHETIC = "synthetic-looking number (a long run of repeated or consecutive digits)"

LONG_LINE = 4096
"""Longer lines (minified code, embedded data) get the format and card-number detectors only:
the context detectors' patterns backtrack on them, and their values are not assignments."""


def _hint_patterns(hints: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """One pattern per first character: a pattern that starts with a literal is searched at close to
    memchr speed, where one alternation of all hints would be tried at every position."""
    by_first: dict[str, list[str]] = defaultdict(list)
    for hint in sorted(set(hints), key=len, reverse=True):
        by_first[hint[0]].append(re.escape(hint[1:]))
    return tuple(
        re.compile(re.escape(first) + "(?:" + "|".join(rest) + ")") for first, rest in sorted(by_first.items())
    )


# A line without any of these holds nothing a line detector finds: a few passes over the whole
# file pick the lines worth the detectors' time.
_HINT_PATTERNS = _hint_patterns(TOKEN_HINTS | ASSIGNMENT_HINTS)


def detect(text: str, path: str) -> list[Hit]:
    context = PathContext.of(path)
    positions = LinePositions(text)
    hits = [_in_context(hit, context) for hit in find_key_material(text, positions)]
    for number in _lines_with_hints(text, positions):
        line = positions.line_text(number)
        lowered = line.lower()
        found = [*find_tokens(line, in_examples=context.examples)]
        if len(line) <= LONG_LINE:
            found += find_assignments(line, lowered, path, context)
        hits += [_hit(number, candidate) for candidate in found]
    # Card numbers are searched in the whole text at once: one regex pass beats one per line.
    source_code = PurePosixPath(path).suffix.lower() in SOURCE_SUFFIXES
    for match in find_pans(text):
        number = positions.line_of(match.start)
        line = positions.line_text(number)
        start = match.start - positions.offset_of(number)
        end = start + len(match.text)
        if (source_code and not _pan_in_code_plausible(line, start, end)) or _numeric_data(line, start, end):
            continue
        hits.append(_hit(number, _pan_candidate(match, start, context.tests)))
    return most_specific(hits)


def _lines_with_hints(text: str, positions: LinePositions) -> list[int]:
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two; offsets would drift
        return list(range(1, positions.count + 1))
    offsets = {match.start() for pattern in _HINT_PATTERNS for match in pattern.finditer(lowered)}
    return sorted({positions.line_of(offset) for offset in offsets})


def detect_line(line: str, path: str, lenient: bool = False) -> list[Candidate]:
    """One line on its own (no file around it). `lenient` is for redaction: it also returns what
    only looks fake, like a placeholder, or like an example in tests and documentation."""
    context = PathContext() if lenient else PathContext.of(path)
    candidates = [_pan_candidate(m, m.start, context.tests) for m in find_pans(line)]
    candidates += find_tokens(line, lenient, context.examples)
    if len(line) <= LONG_LINE:
        candidates += find_assignments(line, line.lower(), path, context, lenient)
    return candidates


def _in_context(hit: Hit, context: PathContext) -> Hit:
    if context.tests and hit.rule is catalog.PRIVATE_KEY:
        return replace(hit, rule=catalog.PRIVATE_KEY_IN_TESTS)
    return hit


def _pan_in_code_plausible(line: str, start: int, end: int) -> bool:
    """In source code, long numbers are mostly numbers: seeds, constants, big integers in maths.
    A card number there sits in a string or comment, or next to a card-like name."""
    if _CARD_CONTEXT.search(line):
        return True
    before, after = line[:start], line[end:]
    if not _STRING_OR_COMMENT.search(before):
        return False
    return not (_NUMBER_BEFORE.search(before) or _NUMBER_AFTER.match(after))


def _hit(number: int, candidate: Candidate) -> Hit:
    return Hit(
        rule=candidate.rule,
        value=candidate.value,
        line=number,
        column=candidate.start + 1,
        end_line=number,
        end_column=candidate.end + 1,
        priority=candidate.priority,
        detail=candidate.detail,
        canonical=candidate.canonical,
    )


def most_specific(hits: Iterable[Hit]) -> list[Hit]:
    """Where detectors overlap, keep the most specific (card number, key, token, assignment, entropy)."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-h.priority, h.line, h.column)):
        if not any(_overlap(hit, other) for other in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.line, h.column, h.rule.id))


def _overlap(a: Hit, b: Hit) -> bool:
    return (a.line, a.column) < (b.end_line, b.end_column) and (b.line, b.column) < (a.end_line, a.end_column)


def _numeric_data(line: str, start: int, end: int) -> bool:
    """A line of measurements or test vectors: other long numbers around that are not card numbers
    (a log line with a card number and an order id says `card`, and is kept)."""
    if _CARD_CONTEXT.search(line):
        return False
    others = [m for m in _LONG_NUMBER.finditer(line) if m.end() <= start or m.start() >= end]
    return any(not pan_brand(re.sub(r"\D", "", m.group())) for m in others)


def _pan_candidate(match: PanMatch, start: int, in_tests: bool) -> Candidate:
    source = match.test_card or (_SYNTHETIC if is_synthetic(match.digits) else None)
    if source:
        rule = catalog.PAN_TEST_CARD_IN_TESTS if in_tests else catalog.PAN_TEST_CARD
        detail = f"{match.brand}, {source}"
    else:
        rule, detail = catalog.PAN, match.brand
    return Candidate(rule, match.text, start, PRIORITY_PAN, detail=detail, canonical=match.digits)
