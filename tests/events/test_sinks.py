"""Each sink against a real receiver on loopback: rsyslog over TCP and TLS (RFC 5424, octet-counted),
an HTTPS collector (JSON batches, Splunk HEC), and receivers that are down, slow or reset."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from gatekeeper.errors import GatekeeperError
from gatekeeper.events.destinations import Destination, parse
from gatekeeper.events.sinks import send, syslog_frame
from tests.events.receivers import free_port, https_collector, make_pki, misbehaving, rsyslog

EVENTS = [
    {"class_uid": 2007, "severity_id": 4, "time": 1_700_000_000_123, "message": "a finding", "n": 1},
    # Non-ASCII, a line break and a `##[` in the data: one frame each, data intact.
    {"class_uid": 6007, "severity_id": 1, "time": 1_700_000_000_456, "message": "é\nline two ##[x]", "n": 2},
]


def test_syslog_frame_is_octet_counted_rfc5424() -> None:
    frame = syslog_frame(EVENTS[0], "build host")
    length, _, message = frame.partition(b" ")
    assert int(length) == len(message)
    # <PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG; PRI = log audit (13) * 8 + err (3).
    header, _, payload = message.decode().partition(" - ocsf-2007 - ")
    assert header == "<107>1 2023-11-14T22:13:20.123Z buildhost gatekeeper"
    assert json.loads(payload) == EVENTS[0]


def test_rsyslog_over_tcp_receives_each_event(tmp_path: Path) -> None:
    with rsyslog(tmp_path / "rsyslog") as receiver:
        send(Destination(f"syslog+tcp://127.0.0.1:{receiver.port}"), EVENTS, timeout=10)
        received = receiver.messages(2)
    assert [m["event"] for m in received] == EVENTS
    assert [(m["version"], m["app"], m["msgid"]) for m in received] == [
        ("1", "gatekeeper", "ocsf-2007"),
        ("1", "gatekeeper", "ocsf-6007"),
    ]
    assert [(m["facility"], m["severity"]) for m in received] == [(13, 3), (13, 6)]


def test_rsyslog_over_tls_with_a_ca_bundle(tmp_path: Path) -> None:
    pki = make_pki(tmp_path / "pki")
    with rsyslog(tmp_path / "rsyslog", tls=pki) as receiver:
        destination = parse(f"syslog+tls://127.0.0.1:{receiver.port}", ca_bundle=str(pki.ca), base=tmp_path)
        send(destination, EVENTS, timeout=10)
        assert [m["event"] for m in receiver.messages(2)] == EVENTS


def test_tls_refuses_a_receiver_the_ca_bundle_does_not_vouch_for(tmp_path: Path) -> None:
    server_pki, other = make_pki(tmp_path / "server"), make_pki(tmp_path / "other", name="other")
    with rsyslog(tmp_path / "rsyslog", tls=server_pki) as receiver:
        destination = parse(f"syslog+tls://127.0.0.1:{receiver.port}", ca_bundle=str(other.ca), base=tmp_path)
        with pytest.raises(OSError, match="CERTIFICATE_VERIFY_FAILED"):
            send(destination, EVENTS, timeout=10)
        time.sleep(0.5)
        assert receiver.messages(0) == []


def test_https_collector_gets_json_batches(tmp_path: Path) -> None:
    pki = make_pki(tmp_path / "pki")
    with https_collector(pki) as collector:
        send(parse(collector.url, ca_bundle=str(pki.ca), base=tmp_path), EVENTS, timeout=10)
    (request,) = collector.requests
    assert request["path"] == "/ingest"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["json"] == EVENTS
    assert "Authorization" not in request["headers"]


def test_splunk_hec_mode_reads_the_token_from_the_named_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pki = make_pki(tmp_path / "pki")
    token = "0d2c1f5e-hec-test-token"
    monkeypatch.setenv("TEST_HEC_TOKEN", token)
    with https_collector(pki, path="/services/collector/event") as collector:
        destination = parse(collector.url, ca_bundle=str(pki.ca), hec_token_env="TEST_HEC_TOKEN", base=tmp_path)
        send(destination, EVENTS, timeout=10)
        assert token not in json.dumps(destination.to_dict())  # what the spool would record
    (request,) = collector.requests
    assert request["headers"]["Authorization"] == f"Splunk {token}"
    assert [e["event"] for e in request["json"]] == EVENTS
    assert {(e["sourcetype"], e["source"]) for e in request["json"]} == {("ocsf", "gatekeeper")}
    assert [e["time"] for e in request["json"]] == [1_700_000_000.123, 1_700_000_000.456]


def test_splunk_hec_without_the_token_fails_to_send(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEST_HEC_TOKEN", raising=False)
    pki = make_pki(tmp_path / "pki")
    with https_collector(pki) as collector:
        destination = parse(collector.url, ca_bundle=str(pki.ca), hec_token_env="TEST_HEC_TOKEN", base=tmp_path)
        with pytest.raises(OSError, match="TEST_HEC_TOKEN"):
            send(destination, EVENTS, timeout=5)
    assert collector.requests == []


@pytest.mark.parametrize("status", [503, 302])
def test_http_error_status_is_a_failure(status: int, tmp_path: Path) -> None:
    """A redirect too: followed, it would be a GET without the events that the receiver answers."""
    pki = make_pki(tmp_path / "pki")
    with https_collector(pki, status=status) as collector, pytest.raises(OSError, match=f"HTTP {status}"):
        send(parse(collector.url, ca_bundle=str(pki.ca), base=tmp_path), EVENTS, timeout=5)


@pytest.mark.parametrize("kind", ["down", "slow", "reset"])
@pytest.mark.parametrize("scheme", ["syslog+tcp", "syslog+tls", "https"])
def test_a_bad_receiver_fails_within_the_timeout(kind: str, scheme: str, tmp_path: Path) -> None:
    pki = make_pki(tmp_path / "pki")
    with misbehaving(kind) as port:
        url = f"{scheme}://127.0.0.1:{port}" + ("/ingest" if scheme == "https" else "")
        destination = parse(url, ca_bundle=None if scheme == "syslog+tcp" else str(pki.ca), base=tmp_path)
        started = time.monotonic()
        with pytest.raises(OSError):
            send(destination, EVENTS, timeout=1.0)
        # Bounded: one attempt takes at most about its timeout (generous margin for a loaded machine).
        assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("udp://127.0.0.1:514", "is not an event destination"),
        ("syslog+tcp://127.0.0.1", "expected syslog+tcp://HOST:PORT"),
        ("syslog+tcp://127.0.0.1:99999", "Port out of range"),
        ("https://user:secret@siem.example/ingest", "credentials in a URL"),
        ("http://siem.example/ingest", "is not an event destination"),
        ("file:", "no file"),
    ],
)
def test_bad_destinations_are_refused(url: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(GatekeeperError, match=re.escape(message)):
        parse(url, base=tmp_path)


def test_options_that_do_not_apply_are_refused(tmp_path: Path) -> None:
    with pytest.raises(GatekeeperError, match="CA bundle applies to"):
        parse("syslog+tcp://127.0.0.1:514", ca_bundle="ca.pem", base=tmp_path)
    with pytest.raises(GatekeeperError, match="is not a file"):
        parse("syslog+tls://127.0.0.1:6514", ca_bundle="missing.pem", base=tmp_path)
    with pytest.raises(GatekeeperError, match="Splunk HEC is sent over https"):
        parse(f"file:{tmp_path}/x", hec_token_env="TOKEN", base=tmp_path)
    assert parse("file:out/events.jsonl", base=tmp_path).path == tmp_path / "out/events.jsonl"
    assert free_port() > 0
