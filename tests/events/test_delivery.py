"""Delivery: retries with backoff, bounded time, the spool for what cannot be delivered."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Sequence

import pytest

from gatekeeper.events.delivery import Publisher, Retry, Spool, deliver
from gatekeeper.events.destinations import Destination
from gatekeeper.events.sinks import Event

DEST = Destination("syslog+tcp://127.0.0.1:6514")
OTHER = Destination("file:/tmp/x.jsonl")
FAST = Retry(timeout=0.2, attempts=3, backoff=0.05)


class Flaky:
    """Fails the first `failures` attempts, then accepts; records each attempt's time."""

    def __init__(self, failures: int, delay: float = 0.0) -> None:
        self.failures, self.delay = failures, delay
        self.attempts: list[float] = []
        self.received: list[list[Event]] = []

    def __call__(self, destination: Destination, events: Sequence[Event], timeout: float) -> None:
        self.attempts.append(time.monotonic())
        if self.delay:
            time.sleep(self.delay)
        if len(self.attempts) <= self.failures:
            raise ConnectionRefusedError("refused")
        self.received.append(list(events))


def test_retries_with_backoff_until_delivered() -> None:
    sender = Flaky(failures=2)
    assert deliver(DEST, [{"n": 1}], FAST, sender) is None
    assert sender.received == [[{"n": 1}]]
    gaps = [b - a for a, b in zip(sender.attempts, sender.attempts[1:])]
    assert len(gaps) == 2 and gaps[0] >= 0.05 and gaps[1] >= 0.1  # doubled


def test_gives_up_after_the_attempts_with_the_last_error() -> None:
    sender = Flaky(failures=99)
    assert deliver(DEST, [{"n": 1}], FAST, sender) == "ConnectionRefusedError: refused"
    assert len(sender.attempts) == 3


def test_undeliverable_batches_are_spooled_and_later_ones_not_retried(tmp_path: Path) -> None:
    sender = Flaky(failures=99)
    spool = Spool(tmp_path / "spool.jsonl")
    publisher = Publisher([DEST], spool, FAST, sender)
    publisher.publish([{"n": 1}])
    publisher.publish([{"n": 2}, {"n": 3}])
    (outcome,) = publisher.close()
    assert (outcome.sent, outcome.spooled) == (0, 3)
    assert outcome.errors == ["ConnectionRefusedError: refused"]
    assert len(sender.attempts) == 3  # the second batch went straight to the spool
    assert list(spool.batches()) == [(DEST, [{"n": 1}]), (DEST, [{"n": 2}, {"n": 3}])]
    assert (spool.path.stat().st_mode & 0o777) == 0o600


def test_each_destination_is_independent(tmp_path: Path) -> None:
    bad, good = Flaky(failures=99), Flaky(failures=0)

    def sender(destination: Destination, events: Sequence[Event], timeout: float) -> None:
        (bad if destination == DEST else good)(destination, events, timeout)

    spool = Spool(tmp_path / "spool.jsonl")
    publisher = Publisher([DEST, OTHER], spool, FAST, sender)
    publisher.publish([{"n": 1}])
    outcomes = publisher.close()
    assert [(o.sent, o.spooled) for o in outcomes] == [(0, 1), (1, 0)]
    assert good.received == [[{"n": 1}]]
    assert [d for d, _ in spool.batches()] == [DEST]


def test_publish_never_waits_for_the_receiver(tmp_path: Path) -> None:
    release = threading.Event()

    def stuck(destination: Destination, events: Sequence[Event], timeout: float) -> None:
        release.wait(5)

    publisher = Publisher([DEST], Spool(tmp_path / "spool.jsonl"), FAST, stuck)
    started = time.monotonic()
    for n in range(50):
        publisher.publish([{"n": n}])
    assert time.monotonic() - started < 1.0
    release.set()
    publisher.close()


@pytest.mark.slow
def test_close_is_bounded_and_spools_what_is_still_in_flight(tmp_path: Path) -> None:
    """A receiver that takes each batch slower than the grace period: nothing is lost."""
    retry = Retry(timeout=0.1, attempts=1, backoff=0.0)
    received: list[list[Event]] = []

    def slow(destination: Destination, events: Sequence[Event], timeout: float) -> None:
        time.sleep(retry.grace + 1)
        received.append(list(events))

    spool = Spool(tmp_path / "spool.jsonl")
    publisher = Publisher([DEST], spool, retry, slow)
    publisher.publish([{"n": 1}])
    publisher.publish([{"n": 2}])
    started = time.monotonic()
    (outcome,) = publisher.close()
    assert time.monotonic() - started < retry.grace + 0.5
    assert outcome.spooled == 2 and outcome.sent == 0
    assert sorted(e["n"] for _, events in spool.batches() for e in events) == [1, 2]


def test_large_scans_go_in_batches(tmp_path: Path) -> None:
    sender = Flaky(failures=0)
    publisher = Publisher([DEST], Spool(tmp_path / "spool.jsonl"), FAST, sender)
    publisher.publish([{"n": n} for n in range(450)])
    publisher.close()
    assert [len(batch) for batch in sender.received] == [200, 200, 50]


def test_a_corrupt_spool_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "spool.jsonl"
    Spool(path).add(DEST, [{"n": 1}])
    with path.open("a") as out:
        out.write("{not json\n")
    with pytest.raises(ValueError, match=r"spool.jsonl:2: not a spooled batch"):
        list(Spool(path).batches())
