"""Values that look like secrets but are not: placeholders, references, documentation examples,
masked values and obviously fake test data. False positives teach people to ignore the gate."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath

from detect_secrets.filters.heuristic import (
    is_not_alphanumeric_string,
    is_potential_uuid,
    is_sequential_string,
    is_templated_secret,
)

from gatekeeper.secrets.mask import is_masked

# Written into a value to say "put the real one here" or "this is not real".
_FAKE_MARKERS = (
    "example",
    "sample",
    "placeholder",
    "dummy",
    "fake",
    "redacted",
    "changeme",
    "change_me",
    "change-me",
    "changeit",
    "replaceme",
    "replace_me",
    "replace-me",
    "your_",
    "your-",
    "yourpass",
    "yoursecret",
    "yourtoken",
    "yourkey",
    "notreal",
    "not_real",
    "not-real",
    "not_a_real",
    "not-a-real",
    "notasecret",
    "not_a_secret",
    "xxxx",
    "todo",
    "fixme",
    "insert_",
    "insert-",
    "enter_",
    "enter-",
    "mock",
)
# A whole value that only names what belongs there.
_DUMMY_VALUES = frozenset(
    """
    password passwd pass pwd secret secrets token apikey key value none null nil undefined true false empty
    string str text default required optional tbd na unset unknown hidden masked private public blank
    sensitive secretkey secretvalue mypassword mysecret mytoken accesstoken authtoken clientsecret
    dbpassword adminpassword rootpassword userpassword privatekey apitoken apisecret credentials something
    anything whatever mystring foobar xyz
    """.split()
)
# What test code uses for passwords and keys when it does not care about the value.
_WEAK_WORDS = (
    "test",
    "mock",
    "stub",
    "fixture",
    "secret",
    "passw",
    "pass",
    "admin",
    "root",
    "user",
    "guest",
    "foo",
    "bar",
    "baz",
    "qux",
    "hunter",
    "letmein",
    "qwerty",
    "abc",
    "123",
    "s3cr3t",
    "p4ss",
    "demo",
    "local",
    "dev",
    "sandbox",
    "invalid",
    "wrong",
    "bad",
    "good",
    "valid",
)
_SEQUENCES = ("0123456", "1234567", "2345678", "3456789", "abcdefg", "bcdefgh", "qwerty", "asdfgh")
# A value that is an expression reading the secret from elsewhere: os.environ["X"], getenv("X"),
# settings.SECRET_KEY, config["db"]["password"], vault.read(...).
_REFERENCE = re.compile(r"^[A-Za-z_][\w.]*\s*[\[(]|^(?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*$")
# Template and variable syntax of shells, Helm/Jinja/Go templates, Python %-format, Maven, Ansible, ...
_TEMPLATE = re.compile(
    r"\$\{|\{\{|\}\}|\{%|%\(|^\$[A-Za-z_{(]|^%[A-Za-z_]+%$|^@[A-Za-z_.]+@$|^__[A-Z0-9_]+__$|^<[^<>]+>$"
)

# Names, not values: an environment variable's name, an identifier or a phrase in words
# (DATABASE_PASSWORD, client_secret_basic, my-client-secret, IAmSensitive).
_CONSTANT_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_WORDS = re.compile(r"^[a-z]+(?:[_.-][a-z]+)+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_ESCAPES = re.compile(r"\\+[nrt0]")
# Leetspeak folded back, so that P@55w0rd is recognised as "password".
_LEET = str.maketrans("4@310$5!7", "aaeiossit")
_CAMEL_WORD = re.compile(r"[A-Z][a-z]*|[a-z]+")

# Files in these places hold test code and fixtures.
_TEST_DIRS = frozenset(
    {"test", "tests", "testing", "testdata", "fixtures", "fixture", "spec", "specs", "__tests__", "__fixtures__"}
)
# Documentation (notebooks are code: people paste real keys into them).
_DOC_SUFFIXES = frozenset({".md", ".markdown", ".rst", ".adoc", ".asciidoc"})
_DOC_NAMES = ("README", "CHANGELOG", "CHANGES", "HISTORY", "CONTRIBUTING", "METADATA", "PKG-INFO")
# Example configurations: .env.example, settings.sample.yaml, config.yml.dist.
_EXAMPLE_NAME = re.compile(r"example|sample|template|\.dist$|\.tmpl$", re.IGNORECASE)


@dataclass(frozen=True)
class PathContext:
    """What a file's place says about the values in it."""

    tests: bool = False
    docs: bool = False
    examples: bool = False
    """Tests, documentation or an example config: only realistic values count."""

    @classmethod
    def of(cls, path: str) -> PathContext:
        return cls(tests=is_test_path(path), docs=is_doc_path(path), examples=is_example_context(path))


def is_doc_path(path: str) -> bool:
    """Documentation: prose around examples, where an assigned password is nearly always made up."""
    pure = PurePosixPath(path)
    if pure.suffix.lower() in _DOC_SUFFIXES or pure.name.upper().startswith(_DOC_NAMES):
        return True
    return any(part.lower() in ("docs", "doc") for part in pure.parts[:-1])


def is_example_context(path: str) -> bool:
    """Tests, fixtures, documentation and example configs (`.env.example`, `settings.sample.yaml`):
    places where values are usually made up, so that only realistic ones are reported."""
    return is_test_path(path) or is_doc_path(path) or bool(_EXAMPLE_NAME.search(PurePosixPath(path).name))


def is_test_path(path: str) -> bool:
    pure = PurePosixPath(path)
    name = pure.name
    if any(part.lower() in _TEST_DIRS for part in pure.parts[:-1]):
        return True
    return name.startswith("test_") or name == "conftest.py" or pure.stem.endswith(("_test", "_spec", ".test", ".spec"))


def is_reference(value: str) -> bool:
    """Whether a value only points at the secret (a variable, a template, an expression) or is
    already masked: nothing to report, and nothing to hide."""
    stripped = value.strip()
    if len(stripped) < 4 or not re.search(r"[A-Za-z0-9]", stripped):
        return True
    return bool(
        is_masked(stripped)
        or is_templated_secret(stripped)
        or _TEMPLATE.search(stripped)
        or _REFERENCE.search(stripped)
    )


def is_placeholder(value: str, before: str = "") -> bool:
    """Whether an assigned value (password, secret, connection-string password) is not a real one.

    `before` is the line up to the value, so that `password: password` and `API_KEY=api_key` count
    as naming the setting rather than setting it.
    """
    stripped = _ESCAPES.sub("", value.strip())
    lowered = stripped.lower()
    normalised = re.sub(r"[^a-z0-9]", "", lowered)
    if len(stripped) < 6 or not normalised or is_reference(stripped):
        return True
    if _DATE.match(stripped):
        return True
    # A value that spells the setting's own kind (mynewpassword, P@55w0rd!, secret-value).
    if any(word in lowered.translate(_LEET) for word in ("password", "passwd", "secret")):
        return True
    if any(marker in lowered for marker in _FAKE_MARKERS):
        return True
    if normalised in _DUMMY_VALUES or normalised.rstrip("0123456789") in _DUMMY_VALUES:
        return True
    if _is_a_name(stripped) or any(ch.isspace() for ch in stripped):
        return True
    # `password: password`, `API_KEY=api_key`, `client_secret="my-client-secret"`.
    if normalised in re.sub(r"[^a-z0-9]", "", before.lower()):
        return True
    assigned = re.search(r"([A-Za-z][\w-]{3,})[^\w]*$", before)
    if assigned and re.sub(r"[^a-z0-9]", "", assigned.group(1).lower()) in normalised:
        return True
    if is_not_alphanumeric_string(stripped) or is_sequential_string(stripped) or is_potential_uuid(stripped):
        return True
    return _monotonous(normalised)


def _is_a_name(value: str) -> bool:
    if _CONSTANT_NAME.match(value) or _WORDS.match(value):
        return True
    if not value.isalpha() or len(value) > 32:
        return False
    words = _CAMEL_WORD.findall(value)
    return len(words) >= 3 and all(re.search("[aeiouy]", w.lower()) or len(w) == 1 for w in words)


def looks_fake(value: str, body: str | None = None) -> bool:
    """Whether a structured token (a recognised prefix and format) is a documentation or test value:
    marked fake, masked, templated, sequential, or with too few distinct characters to be random."""
    lowered = value.lower()
    if is_masked(value) or _TEMPLATE.search(value) or any(marker in lowered for marker in _FAKE_MARKERS):
        return True
    random_part = (body if body is not None else value).lower()
    if any(sequence in random_part for sequence in _SEQUENCES):
        return True
    return _monotonous(re.sub(r"[^a-z0-9]", "", random_part))


def is_weak_test_value(value: str) -> bool:
    """In test code: a value made of the words tests use, short, or without the randomness of a key."""
    lowered = value.lower()
    if any(word in lowered for word in _WEAK_WORDS):
        return True
    return len(value) < 12 or shannon_entropy(value) < 3.0


def shannon_entropy(value: str) -> float:
    if not value:
        return 0.0
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def _monotonous(text: str) -> bool:
    """A long value built from a handful of characters (`aaaaaaaa`, `abababab`, `00000000`)."""
    return len(text) >= 8 and len(set(text)) <= max(3, len(text) // 8)
