"""One delivery attempt of a batch of events to one destination, bounded by `timeout` seconds.

Each sender raises OSError (a socket error, a TLS failure, an HTTP status that is not 2xx) when it
cannot say the batch arrived; gatekeeper/events/delivery.py retries and spools. Events are already
redacted and serialised through reports/sanitise.json_text, like every JSON output.

- file: JSON Lines appended in one write.
- syslog (RFC 5424 messages, octet-counted framing of RFC 6587 so a JSON line never splits a
  frame): after the last frame the sender half-closes and waits for the receiver to close, so a
  reset or a receiver that stops reading is a failure, not a silent loss.
- https: one JSON array per batch; Splunk HEC mode posts HEC envelopes with `Authorization: Splunk`.
"""

from __future__ import annotations

import json
import socket
import ssl
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from typing import Any, Sequence

from gatekeeper import __version__
from gatekeeper.events.destinations import Destination
from gatekeeper.reports import sanitise

Event = dict[str, Any]

FACILITY_SECURITY = 13
"""syslog facility "log audit" (RFC 5424 table 1): security events, not daemon chatter."""
_SYSLOG_SEVERITY = {5: 2, 4: 3, 3: 4, 2: 5, 1: 6, 0: 6}
"""OCSF severity_id -> syslog severity: Critical crit, High err, Medium warning, Low notice, else info."""


def serialise(event: Event) -> str:
    return sanitise.json_text(json.dumps(event, ensure_ascii=False, separators=(",", ":")))


def send(destination: Destination, events: Sequence[Event], timeout: float) -> None:
    if destination.kind == "file":
        _to_file(destination, events)
    elif destination.kind.startswith("syslog"):
        _to_syslog(destination, events, timeout)
    else:
        _to_https(destination, events, timeout)


def _to_file(destination: Destination, events: Sequence[Event]) -> None:
    path = destination.path
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write("".join(serialise(e) + "\n" for e in events))


def syslog_frame(event: Event, hostname: str) -> bytes:
    """One RFC 5424 message, octet-counted (RFC 6587 3.4.1): `LENGTH SP SYSLOG-MSG`."""
    priority = FACILITY_SECURITY * 8 + _SYSLOG_SEVERITY.get(int(event.get("severity_id", 0)), 6)
    moment = datetime.fromtimestamp(int(event.get("time", 0)) / 1000, timezone.utc)
    stamp = moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    msgid = f"ocsf-{event.get('class_uid', 0)}"
    # HOSTNAME, APP-NAME, PROCID and MSGID are printable US-ASCII without spaces (RFC 5424 6.2).
    host = "".join(c for c in hostname if 33 <= ord(c) <= 126)[:255] or "-"
    message = f"<{priority}>1 {stamp} {host} gatekeeper - {msgid} - {serialise(event)}".encode()
    return str(len(message)).encode() + b" " + message


def _to_syslog(destination: Destination, events: Sequence[Event], timeout: float) -> None:
    host, port = destination.host_port
    deadline = time.monotonic() + timeout
    payload = b"".join(syslog_frame(e, socket.gethostname()) for e in events)
    with socket.create_connection((host, port), timeout=timeout) as raw:
        conn: socket.socket = raw
        if destination.kind == "syslog+tls":
            conn = _tls_context(destination).wrap_socket(raw, server_hostname=host)
        conn.settimeout(max(0.1, deadline - time.monotonic()))
        conn.sendall(payload)
        # Then end the stream and wait for the receiver to close: it has read everything before our
        # end (TLS: the close_notify, which rsyslog answers by closing the connection outright).
        if isinstance(conn, ssl.SSLSocket):
            try:
                conn.unwrap()
            except (ssl.SSLEOFError, ssl.SSLZeroReturnError):
                return
        raw.shutdown(socket.SHUT_WR)
        while True:
            raw.settimeout(max(0.1, deadline - time.monotonic()))
            if not raw.recv(4096):
                return


def _tls_context(destination: Destination) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=destination.ca_bundle)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def _to_https(destination: Destination, events: Sequence[Event], timeout: float) -> None:
    headers = {"Content-Type": "application/json", "User-Agent": f"gatekeeper/{__version__}"}
    if destination.hec_token_env:
        # HEC's event endpoint takes concatenated envelopes; the OCSF event is the envelope's event.
        body = "".join(
            serialise({"time": int(e.get("time", 0)) / 1000, "source": "gatekeeper", "sourcetype": "ocsf", "event": e})
            for e in events
        )
        headers["Authorization"] = f"Splunk {destination.hec_token()}"
    else:
        body = "[" + ",".join(serialise(e) for e in events) + "]"
    request = urllib.request.Request(destination.url, data=body.encode(), headers=headers, method="POST")
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=_tls_context(destination)), _NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        raise OSError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise OSError(str(exc.reason)) from None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is a failure: urllib would follow a 301/302 with a GET without the events, and
    the receiver's answer to that GET would pass for delivery."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
