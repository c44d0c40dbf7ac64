"""gatekeeper's own JSON reports, scanned like any file but for gatekeeper's record of each secret.

A report left in the scanned tree (`-o json=report.json` at the root) holds, for each secret
found, `secret_hmac`, `secret_masked`, `secret_type` and `secret_detail` properties. Their names
say "secret", so the keyword detectors took their values (a keyed hash, a card brand) for secrets
and the next scan failed on its own report.

What is set aside is narrow, so that a file cannot use the report's shape to hide a secret:
- only in a file that is a whole gatekeeper JSON report (it validates against gatekeeper's report
  schema, gatekeeper/schemas/report.schema.json), never because of a marker string;
- only a hit of a keyword detector (password, generic secret, high entropy: found because of the
  name in front of the value), on a line holding one of those properties, whose value is that
  property's value in the parsed report. A value with a recognisable format (a cloud key, a token,
  a private key, a card number) is reported wherever it is, a report's properties included.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from gatekeeper.secrets import catalog
from gatekeeper.secrets.model import Hit

RECORD_PROPERTIES = frozenset({"secret_hmac", "secret_masked", "secret_type", "secret_detail"})
_KEYWORD_RULES = frozenset({catalog.PASSWORD.id, catalog.GENERIC_SECRET.id, catalog.HIGH_ENTROPY.id})
_RECORD_LINE = re.compile(r'^\s*"(?:' + "|".join(sorted(RECORD_PROPERTIES)) + r')"\s*:\s*("(?:[^"\\]|\\.)*")')
_MARKERS = ('"schema_version"', '"gatekeeper_version"', '"findings"')


def recorded_values(text: str) -> frozenset[str]:
    """The values of the findings' `secret_*` properties when `text` is a whole gatekeeper JSON
    report; empty for any other file."""
    # Cheap checks first: most files are not JSON objects naming gatekeeper's keys.
    if not text.lstrip().startswith("{") or not all(marker in text for marker in _MARKERS):
        return frozenset()
    try:
        data = json.loads(text)
    except ValueError:
        return frozenset()
    if not _is_report(data):
        return frozenset()
    return frozenset(
        value
        for finding in data["findings"]
        for name, value in finding["properties"].items()
        if name in RECORD_PROPERTIES and isinstance(value, str)
    )


def is_record(hit: Hit, line: str, recorded: frozenset[str]) -> bool:
    """Whether `hit` is gatekeeper's record of a secret in its own report, not a secret: a keyword
    detector's hit within the value of a `secret_*` property on its line, a value the report records."""
    match = _RECORD_LINE.match(line)
    if hit.rule.id not in _KEYWORD_RULES or match is None:
        return False
    try:
        value = json.loads(match.group(1))
    except ValueError:
        return False
    return isinstance(value, str) and value in recorded and hit.value in value


def _is_report(data: Any) -> bool:
    import jsonschema  # only for a file that looks like a report: it is slow to import

    return bool(jsonschema.Draft202012Validator(_schema()).is_valid(data))


@cache
def _schema() -> dict[str, Any]:
    text = resources.files("gatekeeper").joinpath("schemas/report.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
