"""Terraform block labels written without quotes, quoted for semgrep's eyes.

HCL accepts `resource azurerm_network_security_group web {` as well as the quoted form, and
Terraform treats them alike. semgrep parses both, but a pattern written with the quoted label
(`resource "aws_s3_bucket" $NAME`) does not match the bare one: every rule went blind on such a
file. semgrep is handed a copy with the `resource`/`data` labels quoted, on the same lines, so
findings keep their lines (python-hcl2, for the terraform scanner, reads both forms itself).
"""

from __future__ import annotations

import re

# A block header on one line: `resource TYPE NAME {` with either label bare.
_HEADER = re.compile(
    r'^(?P<lead>[ \t]*(?:resource|data)[ \t]+)(?P<type>"[^"\n]*"|[A-Za-z_][\w-]*)'
    r'(?P<gap>[ \t]+)(?P<name>"[^"\n]*"|[A-Za-z_][\w-]*)(?P<tail>[ \t]*\{)',
    re.MULTILINE,
)


def normalise(text: str) -> str | None:
    """`text` with every `resource`/`data` label quoted; None when none was bare."""

    def quote(label: str) -> str:
        return label if label.startswith('"') else f'"{label}"'

    def rewrite(match: re.Match[str]) -> str:
        return f"{match['lead']}{quote(match['type'])}{match['gap']}{quote(match['name'])}{match['tail']}"

    normalised = _HEADER.sub(rewrite, text)
    return None if normalised == text else normalised
