"""The engine's listener (engine.ScanListener): the scan's events, published as it runs.

- started: before any scanner runs;
- each scanner finished: its Scan Activity (coverage) at once, and its findings, redacted the way
  the engine redacts (gatekeeper/redact.py, with every finished scanner's secret values) and
  fingerprinted the same way. A scanner that reports raw secret values (`reports_sensitive`: the
  secrets scanner) redacts everyone's text, so findings wait until those scanners are done: one
  secret quoted by a linter never leaves before the value that masks it is known;
- finished: what the final stage changed (findings merged or dropped: Close; suppressed, waived or
  blocking: Update; new by a merge: Create), each control's status and the verdict.

A failure to build an event never fails the scan: it is recorded, and reported like an
undeliverable event.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Callable, Mapping, Sequence

from gatekeeper.compliance.status import for_policy
from gatekeeper.config import Policy
from gatekeeper.events.delivery import Outcome, Publisher
from gatekeeper.events.identity import Identity
from gatekeeper.events.ocsf_stream import COMPLETED, STARTED, Event, Events, coverage_of
from gatekeeper.findings import Finding, LineReader, assign_fingerprints
from gatekeeper.gate import Verdict
from gatekeeper.policy.state import suppression_of
from gatekeeper.redact import Redactor
from gatekeeper.reports.ocsf import Base
from gatekeeper.result import ScanResult
from gatekeeper.scanners.base import Scanner, ScannerResult
from gatekeeper.targets import Targets


def now_ms() -> int:
    """Events carry the time they happened (not a reproducible-build clock: they are a live feed)."""
    return int(time.time() * 1000)


class EventStream:
    def __init__(self, publisher: Publisher, identity: Identity, run_uid: str | None = None) -> None:
        self.publisher = publisher
        self.events = Events(identity, run_uid or str(uuid.uuid4()))
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._waiting_for: set[str] = set()
        self._finished: list[ScannerResult] = []
        self._held: list[ScannerResult] = []
        self._streamed: dict[str, Finding] = {}
        self._reader: LineReader | None = None

    def scan_started(self, scanners: Mapping[str, Scanner], targets: Targets) -> None:
        self._waiting_for = {name for name, s in scanners.items() if s.reports_sensitive}
        self._reader = LineReader(targets.root)
        self._publish(
            lambda: [
                self.events.activity(
                    STARTED,
                    now_ms(),
                    f"scan started: {len(targets.files)} files, scanners {', '.join(scanners)}",
                    scan_name="gatekeeper",
                    failed=False,
                    details={"scanners": list(scanners), "files": len(targets.files)},
                )
            ]
        )

    def scanner_finished(self, result: ScannerResult, handled: Sequence[str]) -> None:
        with self._lock:
            self._finished.append(result)
            self._held.append(result)
            self._waiting_for.discard(result.scanner)
            released, self._held = (self._held, []) if not self._waiting_for else ([], self._held)
            self._publish(
                lambda: self._scanner_events(result, handled, released, Redactor.for_outcomes(self._finished))
            )

    def finished(self, result: ScanResult, verdict: Verdict, policy: Policy) -> None:
        """The final events, queued: the reports are written while they are delivered (`close`)."""
        with self._lock:
            self._publish(lambda: self._final_events(result, verdict, policy))

    def close(self) -> list[Outcome]:
        """Wait (bounded) for delivery; what happened per destination."""
        return self.publisher.close()

    def aborted(self, reason: str) -> list[Outcome]:
        """The scan stopped without a verdict (an error, Ctrl-C, SIGTERM): say so, then deliver or
        spool what is queued. `reason` is the error line the user sees (already redacted)."""
        with self._lock:
            self._publish(
                lambda: [
                    self.events.activity(
                        COMPLETED,
                        now_ms(),
                        f"scan error: {reason}",
                        scan_name="gatekeeper",
                        failed=True,
                        details={"verdict": "error", "exit_code": 2, "reasons": [reason]},
                    )
                ]
            )
        return self.close()

    def _publish(self, build: Callable[[], list[Event]]) -> None:
        try:
            events = build()
        except Exception as exc:  # a bug here must not fail the scan, nor pass silently
            self.errors.append(f"events not built: {type(exc).__name__}: {exc}")
            return
        self.publisher.publish(events)

    def _scanner_events(
        self, result: ScannerResult, handled: Sequence[str], released: list[ScannerResult], redactor: Redactor
    ) -> list[Event]:
        time_ms = now_ms()
        outcome = redactor.outcome(result)
        events = [
            self.events.activity(
                COMPLETED,
                time_ms,
                f"{result.scanner} finished: {len(result.findings)} findings"
                + (f", {len(result.errors)} errors" if result.errors else ""),
                scan_name=result.scanner,
                failed=bool(result.errors),
                details=coverage_of(outcome.to_dict(), handled),
            )
        ]
        assert self._reader is not None, "scan_started comes first"
        for done in released:
            findings = assign_fingerprints(redactor.findings(list(done.findings)), redactor.lines(self._reader))
            for finding in findings:
                self._streamed[finding.fingerprint] = finding
                events.append(self.events.finding(finding, time_ms))
        return events

    def _final_events(self, result: ScanResult, verdict: Verdict, policy: Policy) -> list[Event]:
        time_ms = now_ms()
        blocking = set(verdict.blocking)
        final = {f.fingerprint: f for f in result.findings}
        events: list[Event] = []
        for fingerprint, finding in final.items():
            if fingerprint not in self._streamed:
                events.append(self.events.finding(finding, time_ms, 1, fingerprint in blocking))
            elif fingerprint in blocking or suppression_of(finding):
                events.append(self.events.finding(finding, time_ms, 2, fingerprint in blocking))
        events += [self.events.closed(f, time_ms) for fp, f in self._streamed.items() if fp not in final]
        base = Base(result, verdict)
        events += [self.events.control(c, base) for c in for_policy(result, policy).controls]
        events.append(
            self.events.activity(
                COMPLETED,
                time_ms,
                f"scan {verdict.status}: {verdict.reasons[0] if verdict.reasons else ''}".rstrip(": "),
                scan_name="gatekeeper",
                failed=verdict.exit_code == 2,
                details={
                    "verdict": verdict.status,
                    "exit_code": verdict.exit_code,
                    "reasons": list(verdict.reasons),
                    "blocking": list(verdict.blocking),
                    "findings": len(result.findings),
                    "coverage": base.coverage,
                },
            )
        )
        return events
