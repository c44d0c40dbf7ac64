"""OSV affected ranges: whether a version falls in one, ordered per ecosystem (versions.py).

Matching follows the OSV schema (https://ossf.github.io/osv-schema/): a version is affected when
it is listed in `affected[].versions` or falls in an ECOSYSTEM or SEMVER range, whose events
(introduced / fixed / last_affected / limit) are ordered under the ecosystem's rules (SEMVER:
SemVer 2.0). GIT ranges need a repository and are ignored.

A range event that is not a version of its ecosystem (a few PyPI records have one: `fixed:
0.2.0-n653` in PYSEC-2021-371, `fixed: 2019-09-12` in PYSEC-2019-125) cannot be ordered, so it is
read the way that affects more versions, never as a fix: an unordered `fixed`, `last_affected` or
`limit` does not end the range (any unordered `limit` drops the range's limits), an unordered
`introduced` starts it at `0`. Ordering it before every version, as osv.dev orders PyPI's legacy
versions, would make every version fixed, a silent pass. A version being audited that cannot be
ordered is in every range that has a start (the scanner reports such pins as not audited first).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gatekeeper.advisories import versions

EVALUATED_RANGES = frozenset({"ECOSYSTEM", "SEMVER"})
EVENT_KINDS = ("introduced", "last_affected", "fixed", "limit")
"""In the order events at the same version are applied."""
_START = (0,)
"""The place of `introduced: "0"`, before every version."""


@dataclass(frozen=True)
class Range:
    type: str
    events: tuple[tuple[str, str], ...]
    """(kind, version) pairs, kind one of EVENT_KINDS."""


def event_key(ecosystem: str, range_type: str, text: str) -> tuple[Any, ...] | None:
    """Where an event's version orders (`0` first); None when it is not a version."""
    if text == "0":
        return _START
    key = versions.key(ecosystem, text, range_type)
    return (1, key) if key is not None else None


def range_affects(ecosystem: str, rng: Range, version: str) -> bool:
    """Unordered events are read the way that affects more versions (see the module docstring)."""
    if rng.type not in EVALUATED_RANGES:
        return False
    installed = versions.key(ecosystem, version, rng.type)
    if installed is None:
        return any(kind == "introduced" for kind, _ in rng.events)
    here = (1, installed)
    limits, ordered = _placed(ecosystem, rng)
    if limits is not None and not any(here < limit for limit in limits):
        return False
    affected = False
    for at, _order, kind in ordered:
        if kind == "introduced" and at <= here:
            affected = True
        elif kind == "fixed" and at <= here or kind == "last_affected" and at < here:
            affected = False
    return affected


@lru_cache(maxsize=65536)
def _placed(ecosystem: str, rng: Range) -> tuple[list[Any] | None, list[tuple[Any, int, str]]]:
    """The range's limits (None when there are none, or any does not order) and its other events in
    the order they apply: worked out once per range, not once per version matched against it."""
    limits = [event_key(ecosystem, rng.type, v) for kind, v in rng.events if kind == "limit"]
    ordered_limits = [limit for limit in limits if limit is not None]
    placed = []
    for kind, text in rng.events:
        key = event_key(ecosystem, rng.type, text)
        if kind == "introduced":
            placed.append((key or _START, EVENT_KINDS.index(kind), kind))
        elif kind != "limit" and key is not None:
            placed.append((key, EVENT_KINDS.index(kind), kind))
    usable = ordered_limits if limits and len(ordered_limits) == len(limits) else None
    return usable, sorted(placed, key=lambda item: (item[0], item[1]))


def event_versions(ecosystem: str, ranges: Iterable[Range], wanted: str) -> list[str]:
    """The `wanted` events' versions that order, in the ecosystem's order."""
    found = {
        text
        for rng in ranges
        if rng.type in EVALUATED_RANGES
        for kind, text in rng.events
        if kind == wanted and text != "0" and versions.key(ecosystem, text, rng.type) is not None
    }
    return sort_versions(ecosystem, found)


def unordered_events(ecosystem: str, ranges: Iterable[Range]) -> list[tuple[str, str]]:
    """(kind, version) of each evaluated range event that is not a version of its ecosystem."""
    return [
        (kind, text)
        for rng in ranges
        if rng.type in EVALUATED_RANGES
        for kind, text in rng.events
        if event_key(ecosystem, rng.type, text) is None
    ]


def sort_versions(ecosystem: str, texts: Iterable[str]) -> list[str]:
    """Versions that order, in order (equal ones by text); others are dropped."""
    keyed = [(k, t) for t in set(texts) if (k := versions.key(ecosystem, t)) is not None]
    return [t for _, t in sorted(keyed, key=lambda item: (item[0], item[1]))]


def newer(ecosystem: str, candidate: str, than: str) -> bool:
    """Whether `candidate` orders after `than` (False when either does not order)."""
    a, b = versions.key(ecosystem, candidate), versions.key(ecosystem, than)
    return a is not None and b is not None and bool(a > b)


def at_least(ecosystem: str, candidate: str, than: str) -> bool:
    a, b = versions.key(ecosystem, candidate), versions.key(ecosystem, than)
    return a is not None and b is not None and bool(a >= b)
