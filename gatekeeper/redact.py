"""The redaction stage: no secret or card number leaves the engine in full, whoever found it.

Every piece of text a finding carries (title, message, snippet, fix, string properties) and every
scanner error is scrubbed (gatekeeper.secrets.scrub) of:

- every raw value a scanner reported in `ScannerResult.sensitive` (never serialised);
- values other tools quote in their own messages (bandit B105-B107: "Possible hardcoded password: '…'");
- whatever the secret detectors find line by line, and any card number (Luhn, issuer range).

A secret becomes at most its first four characters and `…`, a card number its first six and last
four digits.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from gatekeeper.findings import Finding, LineReader
from gatekeeper.secrets.scrub import MIN_VALUE, Scrubber

if TYPE_CHECKING:
    from gatekeeper.scanners.base import ScannerResult

_ANNOUNCED = re.compile(
    r"hard-?coded\s+(?:password|passwd|secret|token|key|credential)s?\b[^:'\"]{0,40}:\s*'([^'\n]{%d,})'" % MIN_VALUE,
    re.IGNORECASE,
)


class Redactor:
    def __init__(self, values: Iterable[str] = ()) -> None:
        self._scrubber = Scrubber(values)

    @classmethod
    def for_outcomes(cls, outcomes: Sequence["ScannerResult"]) -> "Redactor":
        return cls(value for outcome in outcomes for value in outcome.sensitive)

    def scrub(self, text: str, path: str = "") -> str:
        return self._scrubber.scrub(text, path)

    def findings(self, findings: Sequence[Finding]) -> list[Finding]:
        if not findings:
            return []
        from gatekeeper.secrets.placeholders import is_placeholder  # detect-secrets' filters, on first use

        for finding in findings:
            self._scrubber.add(m.group(1) for m in _ANNOUNCED.finditer(finding.message) if not is_placeholder(m.group(1)))
        return [self.finding(f) for f in findings]

    def finding(self, finding: Finding) -> Finding:
        path = finding.location.path

        def scrub(text: str) -> str:
            return self._scrubber.scrub(text, path)

        scrubbed = dict(
            title=scrub(finding.title),
            message=scrub(finding.message),
            snippet=scrub(finding.snippet),
            remediation=scrub(finding.remediation),
            # Keyed hashes are hex digests: nothing to hide, and a digit run in one is not a card number.
            properties=tuple((k, v if k.endswith("_hmac") else _deep(v, scrub)) for k, v in finding.properties),
        )
        # Most findings hold nothing to hide: keep them as they are rather than copy each one.
        if all(getattr(finding, name) == value for name, value in scrubbed.items()):
            return finding
        return replace(finding, **scrubbed)

    def outcome(self, outcome: "ScannerResult") -> "ScannerResult":
        """A scanner's record as reports see it: errors scrubbed, sensitive values dropped."""
        return replace(
            outcome,
            errors=tuple(self.scrub(e) for e in outcome.errors),
            skipped=tuple(replace(s, reason=self.scrub(s.reason, s.path)) for s in outcome.skipped),
            sensitive=frozenset(),
        )

    def lines(self, reader: LineReader) -> Callable[[str, int], str]:
        """Source lines as fingerprints see them: a fingerprint is an unkeyed hash of its line, and a
        hashed line holding a card number is brute-forced from the number's masked form."""
        cache: dict[tuple[str, int], str] = {}

        def line_of(path: str, number: int) -> str:
            if (path, number) not in cache:
                cache[(path, number)] = self._scrubber.scrub(reader(path, number), path)
            return cache[(path, number)]

        return line_of


def _deep(value: Any, scrub: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, (tuple, list)):
        return type(value)(_deep(v, scrub) for v in value)
    if isinstance(value, dict):
        return {k: _deep(v, scrub) for k, v in value.items()}
    return value
