"""The verdict: does this scan pass the policy? The only place that decides an exit code."""

from __future__ import annotations

from dataclasses import dataclass

from gatekeeper.config import Policy
from gatekeeper.result import ScanResult

EXIT_PASSED = 0
EXIT_VIOLATION = 1
EXIT_ERROR = 2


@dataclass(frozen=True)
class Verdict:
    exit_code: int
    reasons: tuple[str, ...]
    blocking: tuple[str, ...]
    """Fingerprints of the findings that fail the gate."""

    @property
    def passed(self) -> bool:
        return self.exit_code == EXIT_PASSED

    @property
    def status(self) -> str:
        return {EXIT_PASSED: "passed", EXIT_VIOLATION: "failed", EXIT_ERROR: "error"}[self.exit_code]


def verdict(result: ScanResult, policy: Policy) -> Verdict:
    reasons: list[str] = []
    blocking = tuple(f.fingerprint for f in result.findings if f.severity >= policy.fail_on)
    incomplete = not result.complete and not policy.allow_partial
    if incomplete:
        reasons += list(result.errors)
        reasons += [
            f"{s.scanner}: could not scan {len(s.skipped)} file(s), e.g. {s.skipped[0].path} ({s.skipped[0].reason})"
            for s in result.scanners
            if s.skipped
        ]
    if blocking:
        reasons.append(f"{len(blocking)} finding(s) at or above {policy.fail_on.label}")
    if incomplete:
        code = EXIT_ERROR
    elif blocking:
        code = EXIT_VIOLATION
    else:
        code = EXIT_PASSED
    return Verdict(code, tuple(reasons), blocking)
