"""Where values are made up, and which values only stand for one."""

from __future__ import annotations

import pytest

from gatekeeper.secrets.placeholders import PathContext, is_placeholder, is_test_path, looks_fake
from tests.secrets.helpers import ALNUM, rand


@pytest.mark.parametrize(
    "path",
    [
        "tests/test_app.py",
        "test/App.java",
        "src/tests/data.json",
        "test_app.py",
        "app_test.go",
        "checkout.spec.ts",
        "pay.test.js",
        "fixtures/cards.csv",
        "spec/models/card_spec.rb",
        "conftest.py",
        "pkg/testdata/keys.pem",
        "web/__tests__/pay.js",
    ],
)
def test_test_paths(path: str) -> None:
    assert is_test_path(path)


@pytest.mark.parametrize(
    "path", ["app.py", "src/testing_tools.py", "contest/app.py", "attestation.py", "latest/config.yaml", "docs/test.md"]
)
def test_not_test_paths(path: str) -> None:
    assert not is_test_path(path)


def test_path_contexts() -> None:
    assert PathContext.of("docs/setup.md") == PathContext(tests=False, docs=True, examples=True)
    assert PathContext.of("README.rst") == PathContext(tests=False, docs=True, examples=True)
    assert PathContext.of("deploy/.env.example") == PathContext(tests=False, docs=False, examples=True)
    assert PathContext.of("tests/test_x.py") == PathContext(tests=True, docs=False, examples=True)
    assert PathContext.of("app/settings.py") == PathContext()


@pytest.mark.parametrize(
    "value",
    [
        "changeme",
        "<password>",
        "${DB_PASSWORD}",
        "{{ .Values.x }}",
        'os.environ["X"]',
        "os.getenv('X')",
        "xxxxxxxx",
        "example-key",
        "********",
        "DATABASE_PASSWORD",
        "my_password_here",
        "$DB_PASS",
        "%(pw)s",
        "abc",
        "settings.SECRET_KEY",
        "aaaaaaaaaaaaaaaa",
        "0123456789abcdef",
        "IAmSensitive",
        "2024-01-01T00:00:00Z",
    ],
)
def test_placeholder_values(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize("value", [rand(ALNUM, 16, "real-1"), rand(ALNUM, 24, "real-2"), "Wq7hT2pLx9vR4mZs!"])
def test_realistic_values_are_not_placeholders(value: str) -> None:
    assert not is_placeholder(value)


def test_a_value_naming_its_own_setting_is_a_placeholder() -> None:
    assert is_placeholder("db_password", before="DB_PASSWORD: ")
    assert is_placeholder("my-client-secret", before='client_secret="')


@pytest.mark.parametrize(
    ("value", "body"),
    [
        ("AKIAIOSFODNN7EXAMPLE", None),
        ("ghp_" + "x" * 36, "x" * 36),
        ("AKIA0000000000000000", "0000000000000000"),
        ("sk_live_" + "1234567890" * 3, "1234567890" * 3),
        ("glpat-FAKEFAKEFAKEFAKE1234", None),
    ],
)
def test_fake_tokens(value: str, body: str | None) -> None:
    assert looks_fake(value, body)


def test_random_tokens_are_not_fake() -> None:
    body = rand(ALNUM, 36, "token")
    assert not looks_fake("ghp_" + body, body)
