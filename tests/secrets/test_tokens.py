"""Credentials with a format of their own: every kind found, and its look-alikes left alone."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from gatekeeper.secrets.tokens import PUBLISHED_EXAMPLES
from tests.secrets.helpers import ALNUM, BASE64, HEX, UPPER, found, rand

LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(payload: dict[str, object], key: bytes = b"k" * 32) -> str:
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64url(json.dumps(payload).encode())
    signature = b64url(hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest())
    return f"{head}.{body}.{signature}"


TOKENS: dict[str, tuple[str, str, str]] = {
    # name: (rule id, the value, the line it is on, with {v} for the value)
    "aws access key id": ("secrets-aws-access-key", "AKIA" + rand(UPPER, 16, "aws-id"), 'AWS_ACCESS_KEY_ID = "{v}"'),
    "aws temporary key id": ("secrets-aws-access-key", "ASIA" + rand(UPPER, 16, "aws-sts"), "key={v}"),
    "aws secret key": ("secrets-aws-secret-key", rand(BASE64, 40, "aws-secret"), 'aws_secret_access_key = "{v}"'),
    "aws credentials file": ("secrets-aws-secret-key", rand(BASE64, 40, "aws-ini"), "aws_secret_access_key = {v}"),
    "gcp api key": ("secrets-gcp-api-key", "AIza" + rand(ALNUM + "_-", 35, "gcp"), 'MAPS_KEY = "{v}"'),
    "azure storage key": (
        "secrets-azure-storage-key",
        rand(BASE64, 86, "azure-storage") + "==",
        '"Storage": "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={v};EndpointSuffix=core.windows.net"',
    ),
    "azure service bus key": (
        "secrets-azure-connection-string",
        rand(BASE64, 43, "azure-sb") + "=",
        "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={v}",
    ),
    "azure sas signature": (
        "secrets-azure-connection-string",
        rand(ALNUM, 40, "azure-sas") + "%2B" + rand(ALNUM, 4, "s2") + "%3D",
        'url = "https://acme.blob.core.windows.net/receipts?sv=2022-11-02&sp=r&se=2027-01-01&sig={v}"',
    ),
    "azure client secret": (
        "secrets-azure-client-secret",
        rand(ALNUM, 3, "az1") + "8Q~" + rand(ALNUM + "_~.-", 34, "az2"),
        '"ClientSecret": "{v}"',
    ),
    "github classic token": ("secrets-github-token", "ghp_" + rand(ALNUM, 36, "ghp"), 'token = "{v}"'),
    "github app token": ("secrets-github-token", "ghs_" + rand(ALNUM, 36, "ghs"), "GH={v}"),
    "github fine-grained token": (
        "secrets-github-token",
        "github_pat_" + rand(ALNUM + "_", 82, "ghpat"),
        'token: "{v}"',
    ),
    "gitlab token": ("secrets-gitlab-token", "glpat-" + rand(ALNUM + "_-", 20, "glpat"), "GITLAB_TOKEN={v}"),
    "gitlab runner token": ("secrets-gitlab-token", "glrt-" + rand(ALNUM, 20, "glrt"), "token = '{v}'"),
    "slack bot token": (
        "secrets-slack-token",
        "xoxb-" + rand("123456789", 10, "s1") + "-" + rand("123456789", 12, "s2") + "-" + rand(ALNUM, 24, "s3"),
        "SLACK={v}",
    ),
    "slack webhook": (
        "secrets-slack-webhook",
        "https://hooks.slack.com/services/T"
        + rand(UPPER, 8, "t")
        + "/B"
        + rand(UPPER, 10, "b")
        + "/"
        + rand(ALNUM, 24, "w"),
        'WEBHOOK = "{v}"',
    ),
    "stripe live secret key": ("secrets-stripe-secret-key", "sk_live_" + rand(ALNUM, 99, "sk"), "STRIPE_KEY={v}"),
    "stripe short live key": (
        "secrets-stripe-secret-key",
        "sk_live_" + rand(ALNUM, 24, "sk24"),
        'stripe.api_key = "{v}"',
    ),
    "stripe restricted key": ("secrets-stripe-restricted-key", "rk_live_" + rand(ALNUM, 99, "rk"), 'key = "{v}"'),
    "stripe webhook secret": (
        "secrets-stripe-webhook-secret",
        "whsec_" + rand(ALNUM, 32, "whsec"),
        "endpoint_secret = '{v}'",
    ),
    "braintree token": (
        "secrets-braintree-access-token",
        "access_token$production$" + rand(LOWER_ALNUM, 16, "bt1") + "$" + rand(HEX, 32, "bt2"),
        'BT = "{v}"',
    ),
    "square secret": ("secrets-square-oauth-secret", "sq0csp-" + rand(ALNUM + "-_", 43, "square"), "SQUARE={v}"),
    "pypi token": ("secrets-pypi-token", "pypi-AgEIcHlwaS5vcmc" + rand(ALNUM + "-_", 80, "pypi"), "password = {v}"),
    "npm token in npmrc": (
        "secrets-npm-token",
        "npm_" + rand(ALNUM, 36, "npm"),
        "//registry.npmjs.org/:_authToken={v}",
    ),
    "sendgrid key": (
        "secrets-sendgrid-api-key",
        "SG." + rand(ALNUM + "_-", 22, "sg1") + "." + rand(ALNUM + "_-", 43, "sg2"),
        'KEY = "{v}"',
    ),
    "openai key": (
        "secrets-openai-api-key",
        "sk-proj-" + rand(ALNUM, 20, "oa1") + "T3BlbkFJ" + rand(ALNUM, 20, "oa2"),
        "OPENAI={v}",
    ),
    "jwt": (
        "secrets-jwt",
        jwt({"sub": "merchant-7", "scope": "payments:write", "exp": 1893456000}),
        "Authorization: Bearer {v}",
    ),
}


@pytest.mark.parametrize("name", sorted(TOKENS))
def test_each_token_kind_is_found_whole(name: str) -> None:
    rule, value, line = TOKENS[name]
    assert found(line.format(v=value), "config.txt") == [(rule, value)]


@pytest.mark.parametrize("name", sorted(n for n in TOKENS if TOKENS[n][0] != "secrets-jwt"))
def test_tokens_are_found_in_test_code_too_when_they_look_real(name: str) -> None:
    rule, value, line = TOKENS[name]
    assert found(line.format(v=value), "tests/test_client.py") == [(rule, value)]


def test_jwts_in_tests_and_documentation_are_samples() -> None:
    _, value, line = TOKENS["jwt"]
    assert found(line.format(v=value), "tests/test_auth.py") == []
    assert found(line.format(v=value), "docs/auth.md") == []


@pytest.mark.parametrize(
    "line",
    [
        "AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'",  # AWS's documentation key
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AKIA0000000000000000",  # too few distinct characters
        "AKIA1234567890ABCDEF",  # a run of consecutive characters
        "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "ghp_" + "a" * 36,
        "ghp_" + rand(ALNUM, 35, "short"),  # one character short
        "ghp_" + rand(ALNUM, 40, "long"),  # runs on: not this format
        "xghp_" + rand(ALNUM, 36, "prefixed"),  # inside a longer word
        "STRIPE_KEY=sk_live_example_not_a_real_key",  # the example service's Dockerfile
        "STRIPE_KEY=sk_test_" + rand(ALNUM, 24, "test-mode"),  # test mode keys are not live credentials
        "pk_live_" + rand(ALNUM, 24, "publishable"),  # publishable keys are public
        "sk_live_" + rand(ALNUM, 12, "short-live"),
        "SLACK=xoxb-0000000000-0000000000-xxxxxxxxxxxxxxxxxxxxxxxx",
        "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
        "glpat-" + "x" * 20,
        "AIza" + "0" * 35,
        "DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey="
        + min(v for v in PUBLISHED_EXAMPLES if v.endswith("==")),  # the Azurite emulator's published key
        "let jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJub3QganNvbg.abcdefghijklmnopqrstu'",  # payload not JSON
        "let token = 'eyJhbGciOiJIUzI1NiJ9'",  # a header alone
        "SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "token = '{{ secrets.GITHUB_TOKEN }}'",
        "key: ${AWS_ACCESS_KEY_ID}",
    ],
)
def test_look_alikes_are_not_reported(line: str) -> None:
    assert found(line, "config.txt") == []


def test_published_examples_are_not_reported() -> None:
    for value in PUBLISHED_EXAMPLES:
        assert found(f'value = "{value}"', "config.txt") == [], value


def test_a_github_token_is_reported_whole_not_just_its_prefix() -> None:
    # detect-secrets' analyze_string yields the first group of its pattern: "ghp" alone.
    _, value, line = TOKENS["github classic token"]
    assert found(line.format(v=value)) == [("secrets-github-token", value)]


def test_two_tokens_on_one_line_are_two_findings() -> None:
    first, second = TOKENS["github classic token"][1], TOKENS["stripe live secret key"][1]
    assert sorted(found(f"{first} {second}")) == sorted(
        [("secrets-github-token", first), ("secrets-stripe-secret-key", second)]
    )


def test_a_token_in_a_keyword_assignment_is_reported_as_the_token() -> None:
    value = TOKENS["stripe live secret key"][1]
    assert found(f'api_key = "{value}"') == [("secrets-stripe-secret-key", value)]
