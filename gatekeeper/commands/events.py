"""`--events DEST` for `gatekeeper scan`, and `gatekeeper events flush`: OCSF events to a SIEM (docs/siem.md)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

import click

from gatekeeper import config as config_module
from gatekeeper.cache import cache_root
from gatekeeper.commands.options import config_option
from gatekeeper.errors import GatekeeperError
from gatekeeper.events import destinations
from gatekeeper.events.delivery import Outcome, Publisher, Retry, Spool, deliver
from gatekeeper.events.identity import identify
from gatekeeper.events.sinks import Event
from gatekeeper.events.stream import EventStream
from gatekeeper.gate import EXIT_ERROR
from gatekeeper.reports import console

events_option = click.option(
    "--events",
    "events",
    multiple=True,
    metavar="DEST",
    help="Stream OCSF events as the scan runs to DEST (repeatable; with the config's events.sinks): "
    "file:PATH, syslog+tcp://HOST:PORT, syslog+tls://HOST:PORT, https://URL (docs/siem.md).",
)


def spool_of(config: config_module.Config) -> Path:
    return Path(config.events.spool) if config.events.spool else cache_root() / "events" / "spool.jsonl"


def retry_of(config: config_module.Config) -> Retry:
    return Retry(timeout=config.events.timeout) if config.events.timeout is not None else Retry()


def open_stream(
    config: config_module.Config, policy: config_module.Policy, urls: Sequence[str], root: Path
) -> EventStream | None:
    """The event stream for a scan of `root` under the effective `policy`, or None when no destination
    is named. Checked before the scan: a destination that cannot be right is a usage error, not an
    undelivered event."""
    named = []
    for url in urls:
        try:
            named.append(destinations.parse(url, base=Path.cwd()))
        except GatekeeperError as exc:
            raise GatekeeperError(f"--events: {exc}") from None
    sinks = tuple(dict.fromkeys((*config.events.sinks, *named)))
    if not sinks:
        return None
    identity = identify(root, policy.digest, policy.source)
    return EventStream(Publisher(sinks, Spool(spool_of(config)), retry_of(config)), identity)


def delivery_problems(stream: EventStream, outcomes: Sequence[Outcome]) -> list[str]:
    """One line per destination that missed events (and for events not built); none when all went out."""
    lines = []
    for outcome in outcomes:
        if outcome.spooled:
            why = console.clean(outcome.errors[0]) if outcome.errors else "not delivered"
            lines.append(
                f"{outcome.spooled} events not delivered to {outcome.destination.url} ({why}): spooled to "
                f"{stream.publisher.spool.path}; 'gatekeeper events flush' sends them again"
            )
    return lines + [console.clean(error) for error in stream.errors]


def report_delivery(stream: EventStream, outcomes: Sequence[Outcome], required: bool) -> bool:
    """The problems on stderr; True when every event went out."""
    problems = delivery_problems(stream, outcomes)
    for line in problems:
        click.echo(f"gatekeeper: {'error' if required else 'warning'}: {line}", err=True)
    return not problems


@contextmanager
def aborting(stream: EventStream | None) -> Iterator[None]:
    """A scan that stops without a verdict still ends its event stream: an error event, and what is
    queued delivered or spooled (with the warning line), before the error propagates."""
    try:
        yield
    except BaseException as exc:
        if stream is not None:
            reason = console.clean(str(exc)) if isinstance(exc, GatekeeperError) else type(exc).__name__
            report_delivery(stream, stream.aborted(reason or "interrupted"), required=False)
        raise


@click.group("events")
def events_group() -> None:
    """OCSF events streamed to a SIEM: send again what could not be delivered."""


@events_group.command("flush")
@click.option(
    "--spool",
    "spool_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The spool file. Default: the config's events.spool, else the cache directory's.",
)
@config_option
def flush(spool_path: Path | None, config_file: Path | None) -> None:
    """Send the spooled events again; what still fails stays in the spool (exit 2)."""
    config = config_module.load(Path.cwd(), config_file)
    spool = Spool(spool_path or spool_of(config))
    if not spool.path.is_file():
        click.echo(f"{spool.path}: nothing to send")
        return
    # Taken out of the way first (a rename is atomic): a scan spooling meanwhile starts a new spool,
    # and what fails again is appended to it rather than written over it.
    taken = Spool(spool.path.with_name(f"{spool.path.name}.flushing-{os.getpid()}"))
    os.replace(spool.path, taken.path)
    try:
        batches = list(taken.batches())
    except (ValueError, OSError) as exc:
        os.replace(taken.path, spool.path)
        raise GatekeeperError(str(exc).replace(str(taken.path), str(spool.path))) from None
    retry = retry_of(config)
    kept: list[tuple[destinations.Destination, list[Event]]] = []
    down: dict[destinations.Destination, str] = {}
    sent = 0
    for destination, events in batches:
        error = down.get(destination) or deliver(destination, events, retry)
        if error is None:
            sent += len(events)
        else:
            down[destination] = error
            kept.append((destination, events))
    for destination, events in kept:
        spool.add(destination, events)
    taken.path.unlink()
    click.echo(f"sent {sent} events from {spool.path}")
    for destination, error in down.items():
        count = sum(len(e) for d, e in kept if d == destination)
        click.echo(
            f"gatekeeper: error: {count} events still not delivered to {destination.url} "
            f"({console.clean(error)}): kept in {spool.path}",
            err=True,
        )
    if kept:
        raise SystemExit(EXIT_ERROR)
