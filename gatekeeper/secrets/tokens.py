"""Credentials with a recognisable format (a vendor prefix, a fixed length): detect-secrets'
plugins where they are exact, our own patterns where they are not (or do not exist)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator, Pattern

from detect_secrets.plugins.aws import AWSKeyDetector
from detect_secrets.plugins.base import RegexBasedDetector
from detect_secrets.plugins.github_token import GitHubTokenDetector
from detect_secrets.plugins.gitlab_token import GitLabTokenDetector
from detect_secrets.plugins.jwt import JwtTokenDetector
from detect_secrets.plugins.openai import OpenAIDetector
from detect_secrets.plugins.pypi_token import PypiTokenDetector
from detect_secrets.plugins.sendgrid import SendGridDetector
from detect_secrets.plugins.slack import SlackDetector
from detect_secrets.plugins.square_oauth import SquareOAuthDetector

from gatekeeper.secrets import catalog
from gatekeeper.secrets.catalog import SecretRule
from gatekeeper.secrets.model import PRIORITY_TOKEN, Candidate
from gatekeeper.secrets.placeholders import looks_fake

# Values that vendors print in their own documentation: public, so never a leak.
PUBLISHED_EXAMPLES = frozenset(
    {
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",  # GitHub docs
        # jwt.io's default token
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
        ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        # the Azurite storage emulator's fixed account key
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    }
)

Classifier = Callable[[str], "tuple[SecretRule, str] | None"]
"""value -> (rule, the random part that must look random), or None when it is not this kind."""


@dataclass(frozen=True)
class TokenDetector:
    name: str
    hints: tuple[str, ...]
    """Lower-case fragments one of which the line must contain: a cheap test before any regex."""
    finder: Callable[[str], Iterator[tuple[str, int]]]
    classify: Classifier
    bounded: bool = True
    """The token must not run on into more letters or digits (a longer string is something else)."""
    made_up_in_examples: bool = False
    """In tests and documentation this kind is (nearly) always a sample, e.g. a JWT to decode."""

    def find(self, line: str, lenient: bool = False, in_examples: bool = False) -> Iterator[Candidate]:
        if in_examples and self.made_up_in_examples and not lenient:
            return
        for value, start in self.finder(line):
            end = start + len(value)
            if self.bounded and (_alnum_at(line, start - 1) or _alnum_at(line, end)):
                continue
            classified = self.classify(value)
            if classified is None:
                continue
            rule, body = classified
            if not lenient and (value in PUBLISHED_EXAMPLES or looks_fake(value, body)):
                continue
            yield Candidate(rule, value, start, PRIORITY_TOKEN)


def _alnum_at(line: str, index: int) -> bool:
    return 0 <= index < len(line) and line[index].isascii() and line[index].isalnum()


def plugin_finder(
    plugin: RegexBasedDetector, groups: tuple[int, ...] = ()
) -> Callable[[str], Iterator[tuple[str, int]]]:
    """A detect-secrets plugin's own patterns, matched with their positions. Not its analyze_string:
    that yields a pattern's first group when it has one, which for GitHub and GitLab tokens is
    the prefix alone (`ghp`), not the token. `groups[i]` is the group holding the value in pattern i."""
    patterns = tuple(plugin.denylist)

    def find(line: str) -> Iterator[tuple[str, int]]:
        for index, pattern in enumerate(patterns):
            group = groups[index] if index < len(groups) else 0
            for match in pattern.finditer(line):
                yield match.group(group), match.start(group)

    return find


def regex_finder(pattern: Pattern[str], group: int = 0) -> Callable[[str], Iterator[tuple[str, int]]]:
    def find(line: str) -> Iterator[tuple[str, int]]:
        for match in pattern.finditer(line):
            yield match.group(group), match.start(group)

    return find


def fixed(rule: SecretRule, prefix_length: int) -> Classifier:
    return lambda value: (rule, value[prefix_length:])


def after(rule: SecretRule, separator: str) -> Classifier:
    return lambda value: (rule, value.split(separator, 1)[-1])


_AWS_KEY_ID = re.compile(r"(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}")


def _aws(value: str) -> tuple[SecretRule, str] | None:
    if _AWS_KEY_ID.fullmatch(value):
        return catalog.AWS_ACCESS_KEY, value[4:]
    if len(value) == 40:
        return catalog.AWS_SECRET_KEY, value
    return None


def _slack(value: str) -> tuple[SecretRule, str]:
    if value.lower().startswith("https://"):
        return catalog.SLACK_WEBHOOK, value.rsplit("/", 1)[-1]
    return catalog.SLACK_TOKEN, value.rsplit("-", 1)[-1]


def _jwt(value: str) -> tuple[SecretRule, str] | None:
    signature = value.rsplit(".", 1)[-1]
    if not JwtTokenDetector.is_formally_valid(value):
        return None
    return catalog.JWT, signature


_AZURE_CLIENT_SECRET = re.compile(r"(?<![\w~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![\w~.-])")

TOKEN_DETECTORS: tuple[TokenDetector, ...] = (
    # The second pattern captures a secret access key after an aws...key/token name.
    TokenDetector("aws", ("akia", "asia", "abia", "acca", "a3t", "aws"), plugin_finder(AWSKeyDetector(), (0, 1)), _aws),
    TokenDetector(
        "aws-credentials-file",
        ("secret_access_key",),
        regex_finder(re.compile(r"(?i)aws_secret_access_key\s*[=:]\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"), 1),
        lambda v: (catalog.AWS_SECRET_KEY, v),
        bounded=False,
    ),
    TokenDetector(
        "gcp-api-key", ("aiza",), regex_finder(re.compile(r"AIza[0-9A-Za-z_\-]{35}")), fixed(catalog.GCP_API_KEY, 4)
    ),
    TokenDetector(
        "azure-storage-key",
        ("accountkey",),
        regex_finder(re.compile(r"(?i:accountkey)\s*=\s*([A-Za-z0-9+/]{86}==)"), 1),
        lambda v: (catalog.AZURE_STORAGE_KEY, v),
        bounded=False,
    ),
    TokenDetector(
        "azure-shared-access-key",
        ("sharedaccesskey",),
        regex_finder(re.compile(r"(?i:sharedaccesskey)\s*=\s*([A-Za-z0-9+/]{42,43}=)"), 1),
        lambda v: (catalog.AZURE_CONNECTION_STRING, v),
        bounded=False,
    ),
    TokenDetector(
        "azure-sas-signature",
        ("sig=",),
        regex_finder(re.compile(r"[?&;]sv=[^\s\"']*?[?&;]sig=([A-Za-z0-9%+/]{40,}(?:%3D|=){0,2})"), 1),
        lambda v: (catalog.AZURE_CONNECTION_STRING, v),
        bounded=False,
    ),
    TokenDetector(
        "azure-client-secret",
        ("q~",),
        regex_finder(_AZURE_CLIENT_SECRET),
        fixed(catalog.AZURE_CLIENT_SECRET, 5),
        bounded=False,
    ),
    TokenDetector(
        "github",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
        plugin_finder(GitHubTokenDetector()),
        fixed(catalog.GITHUB_TOKEN, 4),
    ),
    TokenDetector(
        "github-fine-grained",
        ("github_pat_",),
        regex_finder(re.compile(r"github_pat_[A-Za-z0-9_]{82}")),
        fixed(catalog.GITHUB_TOKEN, 11),
    ),
    TokenDetector(
        "gitlab",
        (
            "glpat-",
            "gldt-",
            "glft-",
            "glsoat-",
            "glrt-",
            "gr1348941",
            "glcbt-",
            "glimt-",
            "glptt-",
            "glagent-",
            "gloas-",
        ),
        plugin_finder(GitLabTokenDetector()),
        after(catalog.GITLAB_TOKEN, "-"),
    ),
    TokenDetector("slack", ("xox", "hooks.slack.com"), plugin_finder(SlackDetector()), _slack),
    TokenDetector(
        "stripe-live",
        ("_live_",),
        regex_finder(re.compile(r"(?<![A-Za-z0-9_])(?:sk|rk)_live_[0-9a-zA-Z]{24,247}")),
        lambda v: (catalog.STRIPE_SECRET_KEY if v.startswith("sk") else catalog.STRIPE_RESTRICTED_KEY, v[8:]),
    ),
    TokenDetector(
        "stripe-webhook",
        ("whsec_",),
        regex_finder(re.compile(r"whsec_[A-Za-z0-9]{32,}")),
        fixed(catalog.STRIPE_WEBHOOK_SECRET, 6),
    ),
    TokenDetector(
        "braintree",
        ("access_token$production$",),
        regex_finder(re.compile(r"access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}")),
        after(catalog.BRAINTREE_TOKEN, "$production$"),
    ),
    TokenDetector("square", ("sq0csp-",), plugin_finder(SquareOAuthDetector()), fixed(catalog.SQUARE_SECRET, 7)),
    TokenDetector(
        "pypi", ("pypi-ag",), plugin_finder(PypiTokenDetector()), fixed(catalog.PYPI_TOKEN, 5), bounded=False
    ),
    TokenDetector("npm", ("npm_",), regex_finder(re.compile(r"npm_[A-Za-z0-9]{36}")), fixed(catalog.NPM_TOKEN, 4)),
    TokenDetector("sendgrid", ("sg.",), plugin_finder(SendGridDetector()), fixed(catalog.SENDGRID_KEY, 3)),
    TokenDetector("openai", ("t3blbkfj",), plugin_finder(OpenAIDetector()), after(catalog.OPENAI_KEY, "-")),
    TokenDetector(
        "jwt",
        ("eyj",),
        regex_finder(
            re.compile(r"(?<![\w-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}(?![\w-])")
        ),
        _jwt,
        bounded=False,
        made_up_in_examples=True,
    ),
)


HINTS = frozenset(hint for detector in TOKEN_DETECTORS for hint in detector.hints)


def find_tokens(line: str, lenient: bool = False, in_examples: bool = False) -> Iterator[Candidate]:
    """`lenient` (for redaction) keeps documentation and fake-looking values: masking them costs nothing."""
    lowered = line.lower()
    found = {hint for hint in HINTS if hint in lowered}
    if not found:
        return
    for detector in TOKEN_DETECTORS:
        if found.intersection(detector.hints):
            yield from detector.find(line, lenient, in_examples)
