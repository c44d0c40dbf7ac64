"""Version ordering per ecosystem, as OSV range events need it.

PyPI orders under PEP 440 (`packaging`, unchanged); npm and Go under SemVer 2.0 (Go's module
versions are SemVer with a leading `v`, which OSV drops; pseudo-versions are SemVer pre-releases);
Maven under its ComparableVersion rules (`2.0-beta9` < `2.0` < `2.0.1`). The last three come from
`univers` (the library behind purl-based version ranges), imported only when a non-PyPI version
is compared. An OSV `SEMVER` range is ordered under SemVer whatever its ecosystem.

`key` answers None for text that is not a version of its ecosystem: the caller must then never
read it as a fix (see gatekeeper/advisories/ranges.py).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from packaging.utils import canonicalize_name, canonicalize_version
from packaging.version import InvalidVersion, Version

PYPI, NPM, MAVEN, GO = "PyPI", "npm", "Maven", "Go"
ORDERED = frozenset({PYPI, NPM, MAVEN, GO})
"""The ecosystems whose versions gatekeeper can order (and so audit)."""
SEMVER = "SEMVER"
_SEMVER = re.compile(  # semver.org's own regular expression
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
)


def ecosystem_of(text: str) -> str:
    """OSV's ecosystem without its release suffix (`Debian:11` -> `Debian`)."""
    return text.split(":", 1)[0].strip()


def package_name(ecosystem: str, name: str) -> str:
    """The name the index keys a package by: PEP 503 for PyPI; npm, Maven (`group:artifact`) and Go
    module paths are matched as OSV writes them."""
    return canonicalize_name(name) if ecosystem == PYPI else name.strip()


def canonical(ecosystem: str, text: str) -> str:
    """Text equal for versions the ecosystem calls equal (`2.10` and `2.10.0` in PyPI, `v1.2.3` and
    `1.2.3` in Go), for matching OSV's explicit `versions` lists; other text is kept as is."""
    text = text.strip()
    if ecosystem == PYPI:
        parsed = pep440(text)
        return canonicalize_version(parsed, strip_trailing_zero=True) if parsed is not None else text
    if ecosystem == GO:
        return text[1:] if text.startswith("v") else text
    return text


@lru_cache(maxsize=65536)
def pep440(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def key(ecosystem: str, text: str, range_type: str = "ECOSYSTEM") -> Any | None:
    """A sortable key for `text` in its ecosystem (keys of one ecosystem and range type compare with
    each other); None when `text` is not such a version."""
    if range_type == SEMVER and ecosystem != PYPI:
        return _semver(text)
    if ecosystem == PYPI:
        return pep440(text)
    if ecosystem in (NPM, GO):
        return _semver(text)
    if ecosystem == MAVEN:
        return _maven(text)
    return None


def valid(ecosystem: str, text: str) -> bool:
    return key(ecosystem, text) is not None


@lru_cache(maxsize=65536)
def _semver(text: str) -> Any | None:
    from univers.versions import InvalidVersion as Invalid
    from univers.versions import SemverVersion

    text = text.strip()
    text = text[1:] if text.startswith("v") else text  # Go's module versions
    if not _SEMVER.fullmatch(text):  # strict: univers would coerce `2019-09-12` into 2019.0.0-09-12
        return None
    core = text.split("+", 1)[0]  # build metadata (Go's `+incompatible`) does not order (SemVer 10)
    try:
        parsed = SemverVersion(core).value
    except (Invalid, ValueError, TypeError):
        return None
    # univers parses; its parts make a plain tuple that orders as SemVer 11 says (a release after its
    # pre-releases; numeric identifiers numerically and before alphanumeric ones; more identifiers
    # after fewer), compared natively: matching thousands of pins compares keys millions of times.
    prerelease = tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parsed.prerelease)
    return (parsed.major, parsed.minor, parsed.patch, 0 if prerelease else 1, prerelease)


@lru_cache(maxsize=65536)
def _maven(text: str) -> Any | None:
    from univers.versions import InvalidVersion as Invalid
    from univers.versions import MavenVersion

    text = text.strip()
    # ComparableVersion orders any string; one without a digit (`latest`, `${project.version}`) is
    # a placeholder, never a release that could fix anything.
    if not text or not any(c.isdigit() for c in text) or any(c in text for c in "${}[](), "):
        return None
    try:
        return MavenVersion(text)
    except (Invalid, ValueError, TypeError):
        return None
