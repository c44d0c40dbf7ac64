"""Taint labels: what a value may carry, as short strings (summaries are cached as JSON).

`P<i>` the function's i-th parameter, `S<what>@<line>` request data read there, `C<id>` the result of
a call to a (possibly) project function resolved when the project is solved. A suffix `!a,b` names
the weakness classes the value was sanitised for on the way (shlex.quote: command-injection), and
guards `?<call>:<arg>`: the value passed a check `if not f(x): abort()` (call `<call>` of the same
function, `x` its argument `<arg>`, a position or a keyword); it is clean if `f` validates it.
"""

from __future__ import annotations

from collections.abc import Iterable

Labels = frozenset[str]
EMPTY: Labels = frozenset()


def split(label: str) -> tuple[str, frozenset[str]]:
    base, _, safe = label.partition("!")
    return base, frozenset(safe.split(",")) if safe else frozenset()


def join(base: str, safe: Iterable[str]) -> str:
    classes = sorted(set(safe))
    return f"{base}!{','.join(classes)}" if classes else base


def sanitised(labels: Labels, classes: Iterable[str]) -> Labels:
    """`labels` made safe for `classes` too."""
    extra = frozenset(classes)
    return frozenset(join(base, safe | extra) for base, safe in map(split, labels))


def reaches(labels: Labels, category: str) -> Labels:
    """The labels not sanitised for `category`."""
    return frozenset(label for label in labels if category not in split(label)[1])


def guarded(labels: Labels, token: str) -> Labels:
    """`labels` behind a guard `?<call>:<arg>`: clean if that call validates that argument, which
    solve.py decides (a guard sits with the sanitised classes: `reaches` ignores it)."""
    return frozenset(join(base, safe | {token}) for base, safe in map(split, labels))
