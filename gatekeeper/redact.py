"""The redaction stage: no secret or card number leaves the engine in full, whoever found it.

Every piece of text a finding carries (title, message, snippet, fix, references, string
properties: advisory summaries and aliases included), every scanner error, skip reason and
provenance value, and the policy's free text (waiver reasons, owners and tickets, scope
descriptions: a policy file is under review too) is scrubbed (gatekeeper.secrets.scrub) of:

- every raw value a scanner reported in `ScannerResult.sensitive` (never serialised);
- values other tools quote in their own messages (bandit B105-B107: "Possible hardcoded password: '…'");
- whatever the secret detectors find line by line, and any card number (Luhn, issuer range).

A secret becomes at most its first four characters and `…`, a card number its first six and last
four digits.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence, TypeVar

from gatekeeper.findings import Finding, LineReader
from gatekeeper.secrets.scrub import MIN_VALUE, Scrubber

if TYPE_CHECKING:
    from gatekeeper.config import Policy
    from gatekeeper.scanners.base import ScannerResult, SkippedFile

_ANNOUNCED = re.compile(
    r"hard-?coded\s+(?:password|passwd|secret|token|key|credential)s?\b[^:'\"]{0,40}:\s*'([^'\n]{%d,})'" % MIN_VALUE,
    re.IGNORECASE,
)


class Redactor:
    def __init__(self, values: Iterable[str] = ()) -> None:
        self._scrubber = Scrubber(values)

    @classmethod
    def for_outcomes(cls, outcomes: Sequence[ScannerResult]) -> Redactor:
        return cls(value for outcome in outcomes for value in outcome.sensitive)

    def scrub(self, text: str, path: str = "") -> str:
        return self._scrubber.scrub(text, path)

    def findings(self, findings: Sequence[Finding]) -> list[Finding]:
        if not findings:
            return []
        self._scrubber.add(announced(findings))
        return [self.finding(f) for f in findings]

    def finding(self, finding: Finding) -> Finding:
        path = finding.location.path

        def scrub(text: str) -> str:
            return self._scrubber.scrub(text, path)

        scrubbed: dict[str, Any] = dict(
            title=scrub(finding.title),
            message=scrub(finding.message),
            snippet=scrub(finding.snippet),
            remediation=scrub(finding.remediation),
            references=tuple(scrub(r) for r in finding.references),
            # Keyed hashes are hex digests: nothing to hide, and a digit run in one is not a card number.
            properties=tuple((k, v if k.endswith("_hmac") else _deep(v, scrub)) for k, v in finding.properties),
        )
        # Most findings hold nothing to hide: keep them as they are rather than copy each one.
        if all(getattr(finding, name) == value for name, value in scrubbed.items()):
            return finding
        return replace(finding, **scrubbed)

    def outcome(self, outcome: ScannerResult) -> ScannerResult:
        """A scanner's record as reports see it: errors scrubbed, sensitive values dropped."""
        return replace(
            outcome,
            errors=tuple(self.scrub(e) for e in outcome.errors),
            skipped=self._skips(outcome.skipped),
            not_applicable=self._skips(outcome.not_applicable),
            provenance=tuple((k, self.scrub(v)) for k, v in outcome.provenance),
            sensitive=frozenset(),
        )

    def _skips(self, skips: Sequence[SkippedFile]) -> tuple[SkippedFile, ...]:
        return tuple(replace(s, reason=self.scrub(s.reason, s.path)) for s in skips)

    def policy(self, policy: Policy) -> Policy:
        """The policy as reports show it: its free text scrubbed. What it matches (rule ids,
        advisory ids, fingerprints, paths) is left alone, so every waiver waives what it did."""
        waivers = tuple(
            _changed(
                w,
                reason=self.scrub(w.reason),
                owner=self.scrub(w.owner),
                ticket=self.scrub(w.ticket) if w.ticket else w.ticket,
            )
            for w in policy.waivers
        )
        scopes = tuple(_changed(s, description=self.scrub(s.description)) for s in policy.scopes)
        if waivers == policy.waivers and scopes == policy.scopes:
            return policy  # nothing to hide: the same object (its digest is not computed again)
        return replace(policy, waivers=waivers, scopes=scopes)

    def lines(self, reader: LineReader) -> Callable[[str, int], str]:
        """Source lines as fingerprints see them: a fingerprint is an unkeyed hash of its line, and a
        hashed line holding a card number is brute-forced from the number's masked form."""
        cache: dict[tuple[str, int], str] = {}

        def line_of(path: str, number: int) -> str:
            if (path, number) not in cache:
                cache[(path, number)] = self._scrubber.scrub(reader(path, number), path)
            return cache[(path, number)]

        return line_of


_T = TypeVar("_T")


def _changed(record: _T, **values: Any) -> _T:
    """`record` with `values`, or `record` itself when they are what it holds already."""
    if all(getattr(record, name) == value for name, value in values.items()):
        return record
    return replace(record, **values)  # type: ignore[type-var]


def _deep(value: Any, scrub: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, (tuple, list)):
        return type(value)(_deep(v, scrub) for v in value)
    if isinstance(value, dict):
        return {k: _deep(v, scrub) for k, v in value.items()}
    return value


def announced(findings: Iterable[Finding]) -> set[str]:
    """The values other tools quote in their findings' messages (bandit's hard-coded passwords),
    redacted from every finding of the scan."""
    from gatekeeper.secrets.placeholders import is_placeholder  # detect-secrets' filters, on first use

    return {
        m.group(1)
        for finding in findings
        for m in _ANNOUNCED.finditer(finding.message)
        if not is_placeholder(m.group(1))
    }
