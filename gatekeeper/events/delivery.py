"""Delivery that never blocks the scan and never loses an event.

Each destination has a sender thread and a queue: `publish` returns at once. A batch is tried
`attempts` times, each attempt bounded by `timeout` seconds, with exponential backoff between
attempts. A batch that still fails goes to the spool (JSON Lines: the destination and the batch),
and so does every later batch for that destination (it is down: the scan must not wait for it
batch after batch). `close` waits at most `grace` seconds for the queues to drain, then spools
what is left: delivery is at least once (a batch in flight at the deadline may arrive and be
spooled too; every event has a unique `metadata.uid` to deduplicate on).
"""

from __future__ import annotations

import json
import os
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from gatekeeper.events.destinations import Destination
from gatekeeper.events.sinks import Event, send

BATCH = 200
Send = Callable[[Destination, Sequence[Event], float], None]


@dataclass(frozen=True)
class Retry:
    timeout: float = 5.0
    """Seconds one attempt may take (connect, TLS, send, acknowledgement)."""
    attempts: int = 3
    backoff: float = 0.5
    """Seconds before the second attempt; doubled before each later one."""

    @property
    def grace(self) -> float:
        """Seconds `close` waits for queued batches before spooling them: one batch's every attempt."""
        return self.timeout * self.attempts + self.backoff * float((1 << max(0, self.attempts - 1)) - 1) + 2.0


@dataclass
class Outcome:
    """What happened to one destination's events."""

    destination: Destination
    sent: int = 0
    spooled: int = 0
    errors: list[str] = field(default_factory=list)


class Spool:
    """The file undeliverable batches wait in, one JSON object per line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    @staticmethod
    def line(destination: Destination, events: Sequence[Event]) -> str:
        return json.dumps({"destination": destination.to_dict(), "events": list(events)}, ensure_ascii=False) + "\n"

    def add(self, destination: Destination, events: Sequence[Event]) -> None:
        data = self.line(destination, events).encode()
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Findings and the repository's names: readable by the owner only, like the cache.
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)

    def batches(self) -> Iterator[tuple[Destination, list[Event]]]:
        if not self.path.is_file():
            return
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                entry: Any = json.loads(line)
                yield Destination.from_dict(entry["destination"]), list(entry["events"])
            except (ValueError, KeyError, TypeError):
                raise ValueError(f"{self.path}:{number}: not a spooled batch") from None


def deliver(destination: Destination, events: Sequence[Event], retry: Retry, sender: Send = send) -> str | None:
    """Send with retries; None when delivered, else the last error."""
    error = ""
    for attempt in range(retry.attempts):
        if attempt:
            time.sleep(retry.backoff * (1 << (attempt - 1)))
        try:
            sender(destination, events, retry.timeout)
            return None
        except (OSError, ValueError) as exc:  # ssl.SSLError and socket timeouts are OSErrors
            error = f"{type(exc).__name__}: {exc}" if not str(exc).startswith(type(exc).__name__) else str(exc)
    return error or "not delivered"


class Publisher:
    def __init__(self, destinations: Sequence[Destination], spool: Spool, retry: Retry, sender: Send = send) -> None:
        self.spool, self.retry, self._send = spool, retry, sender
        self.outcomes = [Outcome(d) for d in destinations]
        self._queues: list[queue.Queue[list[Event] | None]] = [queue.Queue() for _ in destinations]
        self._lock = threading.Lock()
        self._closing = False
        self._inflight: list[list[Event] | None] = [None] * len(destinations)
        self._threads = [
            threading.Thread(target=self._run, args=(i,), name=f"gatekeeper-events-{i}", daemon=True)
            for i in range(len(destinations))
        ]
        for thread in self._threads:
            thread.start()

    def publish(self, events: Sequence[Event]) -> None:
        # Batches small enough for any receiver's request limit, large enough to be few.
        for start in range(0, len(events), BATCH):
            for q in self._queues:
                q.put(list(events[start : start + BATCH]))

    def close(self) -> list[Outcome]:
        """Wait (at most `grace` seconds) for what is queued; spool what is left."""
        for q in self._queues:
            q.put(None)
        deadline = time.monotonic() + self.retry.grace
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        with self._lock:
            self._closing = True
            inflight = list(self._inflight)
        for outcome, q, batch in zip(self.outcomes, self._queues, inflight):
            if batch is not None:  # its sender is still trying (a slow receiver): keep a copy
                self._spool(outcome, batch, "not delivered within the time allowed")
            while True:
                try:
                    batch = q.get_nowait()
                except queue.Empty:
                    break
                if batch is not None:
                    self._spool(outcome, batch, "not delivered within the time allowed")
        return self.outcomes

    def _run(self, index: int) -> None:
        outcome, q = self.outcomes[index], self._queues[index]
        down = False
        while (batch := q.get()) is not None:
            if down:
                with self._lock:
                    if self._closing:
                        return
                self._spool(outcome, batch, "")
                continue
            with self._lock:
                self._inflight[index] = batch
            error = deliver(outcome.destination, batch, self.retry, self._send)
            with self._lock:
                self._inflight[index] = None
                if self._closing:
                    return  # close() has spooled it and counted it
                if error is None:
                    outcome.sent += len(batch)
            if error is not None:
                down = True
                self._spool(outcome, batch, error)

    def _spool(self, outcome: Outcome, batch: list[Event], error: str) -> None:
        self.spool.add(outcome.destination, batch)
        with self._lock:
            outcome.spooled += len(batch)
            if error:
                outcome.errors.append(error)
