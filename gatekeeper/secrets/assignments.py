"""Secrets without a format of their own: values assigned to a password- or secret-like name,
passwords inside connection strings, and random-looking strings next to a secret-like name.
Their only evidence is context, so every value passes the placeholder filters first."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Iterator, Pattern
from urllib.parse import unquote

from detect_secrets.filters.heuristic import is_likely_id_string
from detect_secrets.plugins.basic_auth import BasicAuthDetector
from detect_secrets.plugins.high_entropy_strings import (
    Base64HighEntropyString,
    HexHighEntropyString,
    HighEntropyStringsPlugin,
)
from detect_secrets.plugins.keyword import (
    CONFIG_DENYLIST_REGEX_TO_GROUP,
    DENYLIST,
    QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP,
    REGEX_BY_FILETYPE,
    KeywordDetector,
)
from detect_secrets.util.filetype import determine_file_type

from gatekeeper.secrets import catalog
from gatekeeper.secrets.model import PRIORITY_ASSIGNMENT, PRIORITY_ENTROPY, Candidate
from gatekeeper.secrets.placeholders import PathContext, is_placeholder, is_reference, is_weak_test_value

_KEYWORD = KeywordDetector()
_BASIC_AUTH = BasicAuthDetector()
_ENTROPY: tuple[tuple[HighEntropyStringsPlugin, int], ...] = (
    (Base64HighEntropyString(limit=4.5), 20),
    (HexHighEntropyString(limit=3.0), 24),
)
_KEYWORD_HINTS = ("pass", "pwd", "secret", "key", "contras")
# detect-secrets' own keyword list, as one cheap test before its (backtracking) assignment patterns.
_KEYWORD_NAMES = re.compile("|".join(DENYLIST))
# detect-secrets requires a value to start with a letter, digit or underscore; generated keys
# (Django's SECRET_KEY among them) often start with a symbol. Quoted values only, so no prose.
_SYMBOL_FIRST_VALUE = re.compile(
    r"(?i)(?:%s)\w*[\"'\]]*\s*(?:=|:|:=|=>)\s*([\"'])([^\w\s\"'][^\"'\s]{5,})\1" % "|".join(DENYLIST)
)
_CONNECTION_HINTS = ("://", "password=", "pwd=", "passwd=")
# Files whose assignments are unquoted `NAME=value` or `name: value` lines.
_UNQUOTED_NAMES = ("Dockerfile", "Containerfile", ".env", ".npmrc", ".pypirc", ".netrc")
_UNQUOTED_SUFFIXES = (".env", ".sh", ".bash", ".zsh", ".dockerfile", ".envrc")

# The name is about the secret, not the secret itself: PASSWORD_FILE, secret_name, api_key_id, passwordField.
_NOT_A_VALUE_SUFFIXES = frozenset(
    """
    id ids name names path paths file files dir url uri urls field fields label type types length len size min max
    prefix suffix header headers env var vars hint policy regex pattern format mode alg algorithm version ref
    location kind count ttl expiry expires timeout arn manager provider backend store class column param
    placeholder message msg text title prompt error template selector rotation reset changed strength
    used last date time at created updated expiration enabled required status age blob ciphertext encrypted
    """.split()
)
_NAME_BEFORE_VALUE = re.compile(
    r"([A-Za-z_](?:[\w.\-]|::)*)[\"'`\]\)]*\s*(?:\[\d*\])?\s*(?:=|:|:=|=>|==|!=|\()?\s*@?[\"'`]?$"
)
_URL_WITHOUT_CREDENTIALS = re.compile(r"^[a-z][a-z0-9+.\-]*://[^@\s]*$", re.IGNORECASE)
# Not `a/b` alone: base64 has slashes too.
_PATH_LIKE = re.compile(r"^(?:/|\./|\.\./|~/|[A-Za-z]:\\)|\.(?:pem|key|crt|json|ya?ml|txt|p12|pfx|jks)$")

# detect-secrets' BasicAuthDetector needs a user name; redis://:password@host has none.
_URL_WITHOUT_USER = re.compile(r"://:([^\s@/:'\"`]+)@")
# It also stops a password at RFC 3986's sub-delimiters (`!$&'()*+,;=`), which URLs should
# percent-encode but real connection strings hold raw: `postgresql://app:Pa55w0rd!x@db/payments`.
_URL_PASSWORD = re.compile(r"://[^\s:/?#\[\]@'\"`]+:([^\s/?#\[\]@'\"`]+)@")
_BEARER = re.compile(r"(?i)\bbearer\s+([A-Za-z0-9\-._~+/]{20,}=*)")
_QUERY_PASSWORD = re.compile(r"(?i)[?&;](?:password|passwd|pwd)=([^&;#\s\"'`]+)")
_KEY_VALUE_PASSWORD = re.compile(r"(?i)(?:^|[;\"'\s])(?:password|pwd)\s*=\s*([^;\"'`\s]+)\s*(?:;|[\"'`]|$)")
_KEY_VALUE_CONNECTION = re.compile(r"(?i)(?:server|data source|host|user id|uid|username|initial catalog|database)\s*=")

_ENTROPY_CONTEXT = re.compile(
    r"(?i)token|secret|passw|pwd|api[_-]?key|apikey|access[_-]?key|auth|credential|bearer|private[_-]?key"
    r"|signing[_-]?key|encryption[_-]?key|session[_-]?key|hmac|master[_-]?key"
)
# Random by nature but not secret: digests, identifiers, public keys, pagination and CSRF tokens.
_ENTROPY_NOT_SECRET = re.compile(
    r"(?i)hash(?!icorp)|sha\d*|md5|digest|checksum|integrity|etag|commit|uuid|guid|fingerprint|nonce|public"
    r"|publishable|pk_(?:live|test)|salt|example|sample|cipher|encrypted|(?:next|page)[_-]?(?:token|cursor|marker)"
    r"|continuation|cursor|csrf|xsrf|idempoten"
)


HINTS = frozenset((*_KEYWORD_HINTS, "://", "token", "auth", "credential", "bearer", "hmac"))
"""Lower-case fragments at least one of which a line needs for any detector here to find something
(the entropy context's `api_key`, `signing_key`... all contain `key`)."""


def find_assignments(
    line: str, lowered: str, path: str, context: PathContext, lenient: bool = False
) -> Iterator[Candidate]:
    """In tests and example configs only realistic values count; documentation's assignments are
    examples, and so are random strings in tests. `lenient` (for redaction) keeps values that only
    look like placeholders: masking them costs nothing, missing a real one leaks it."""
    if lenient:
        context = PathContext()
    if not context.docs:
        yield from _keyword_values(line, lowered, path, context.examples, lenient)
    yield from _connection_passwords(line, lowered, context.examples, lenient)
    if not context.examples:
        yield from _high_entropy_values(line, lowered, lenient)


def _keyword_values(line: str, lowered: str, path: str, in_examples: bool, lenient: bool) -> Iterator[Candidate]:
    if not _KEYWORD_NAMES.search(lowered):
        return
    values = [*_KEYWORD.analyze_string(line, denylist_regex_to_group=_keyword_patterns(path))]
    values += [m.group(2) for m in _SYMBOL_FIRST_VALUE.finditer(line)]
    for value in dict.fromkeys(values):
        start = line.find(value)
        if start < 0:
            continue
        before = line[:start]
        name = _assigned_name(before)
        if name and _names_something_else(name):
            continue
        if _not_a_secret(value, before, lenient) or (in_examples and is_weak_test_value(value)):
            continue
        rule = catalog.PASSWORD if re.search(r"pass|pwd|contras", (name or before).lower()) else catalog.GENERIC_SECRET
        yield Candidate(rule, value, start, PRIORITY_ASSIGNMENT)


def _connection_passwords(line: str, lowered: str, in_examples: bool, lenient: bool) -> Iterator[Candidate]:
    if not any(hint in lowered for hint in _CONNECTION_HINTS):
        return
    found: list[tuple[str, int]] = []
    if "://" in line:
        for value in dict.fromkeys(_BASIC_AUTH.analyze_string(line)):
            for match in re.finditer(re.escape(f":{value}@"), line):
                found.append((value, match.start() + 1))
    found += [(m.group(1), m.start(1)) for m in _URL_WITHOUT_USER.finditer(line)]
    found += [(m.group(1), m.start(1)) for m in _URL_PASSWORD.finditer(line) if (m.group(1), m.start(1)) not in found]
    found += [(m.group(1), m.start(1)) for m in _QUERY_PASSWORD.finditer(line)]
    if _KEY_VALUE_CONNECTION.search(line):
        found += [(m.group(1), m.start(1)) for m in _KEY_VALUE_PASSWORD.finditer(line)]
    for value, start in dict.fromkeys(found):
        before = line[:start]
        # `before` holds the user name: a password equal to it is a placeholder.
        if _not_a_secret(unquote(value), before, lenient) or (in_examples and is_weak_test_value(value)):
            continue
        yield Candidate(catalog.CONNECTION_STRING_PASSWORD, value, start, PRIORITY_ASSIGNMENT)


def _high_entropy_values(line: str, lowered: str, lenient: bool) -> Iterator[Candidate]:
    if not _ENTROPY_CONTEXT.search(line):
        return
    base64_plugin = _ENTROPY[0][0]
    found = [(base64_plugin, 20, m.group(1)) for m in _BEARER.finditer(line)]
    if '"' in line or "'" in line:
        found += [
            (plugin, length, v) for plugin, length in _ENTROPY for v in dict.fromkeys(plugin.analyze_string(line))
        ]
    for plugin, min_length, value in found:
        if len(value) < min_length or plugin.calculate_shannon_entropy(value) <= plugin.entropy_limit:
            continue
        start = line.find(value)
        before = line[:start]
        if not _ENTROPY_CONTEXT.search(before) or _ENTROPY_NOT_SECRET.search(before):
            continue
        name = _assigned_name(before)
        if name and _names_something_else(name):
            continue
        if is_likely_id_string(value, line) or _not_a_secret(value, before, lenient):
            continue
        yield Candidate(catalog.HIGH_ENTROPY, value, start, PRIORITY_ENTROPY)


@lru_cache(maxsize=256)
def _keyword_patterns(path: str) -> dict[Pattern[str], int]:
    name = PurePosixPath(path).name
    if name.startswith(_UNQUOTED_NAMES) or name.endswith(_UNQUOTED_SUFFIXES):
        return CONFIG_DENYLIST_REGEX_TO_GROUP
    return REGEX_BY_FILETYPE.get(determine_file_type(os.path.basename(path)), QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP)


def _assigned_name(before: str) -> str | None:
    match = _NAME_BEFORE_VALUE.search(before)
    return match.group(1) if match else None


def _names_something_else(name: str) -> bool:
    # `AWS::ApiGateway::ApiKey`: a type name, not a variable; `PrivateKeyCiphertextBlob`: encrypted data.
    if "::" in name or re.search(r"(?i)cipher|encrypted|hash|digest", name):
        return True
    words = re.split(r"[_.\-]+", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower())
    return words[-1] in _NOT_A_VALUE_SUFFIXES


def _not_a_secret(value: str, before: str, lenient: bool = False) -> bool:
    if is_reference(value) if lenient else is_placeholder(value, before):
        return True
    if _URL_WITHOUT_CREDENTIALS.match(value) or _PATH_LIKE.search(value):
        return True
    # Prose ("Enter your password"), not a value.
    return len(value.split()) >= 3
