"""Real receivers on loopback for the event sinks: Debian's rsyslog (TCP and TLS, with a throwaway
CA made here), an HTTPS collector (http.server in a thread), and receivers that misbehave: down
(nothing listens), slow (accepts, never reads nor answers) and resetting (accepts, then RST)."""

from __future__ import annotations

import datetime
import ipaddress
import json
import socket
import ssl
import struct
import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests import system_tools

WAIT = 30.0
"""Seconds a receiver may take to start or to write what it received (a hang detector only)."""


@dataclass(frozen=True)
class Pki:
    ca: Path
    cert: Path
    key: Path


def make_pki(directory: Path, name: str = "gatekeeper-test") -> Pki:
    """A throwaway CA and a server certificate for 127.0.0.1 and localhost, signed by it."""
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pki = Pki(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    pki.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    pki.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pki.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )
    )
    return pki


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"receiver exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {WAIT:g}s")


# Each message as rsyslog parsed it: RFC 5424 protocol version, app name, message id, facility and
# severity, then the message itself (our JSON event).
_TEMPLATE = "%protocol-version%|%app-name%|%msgid%|%syslogfacility%|%syslogseverity%|%msg%\\n"


@dataclass
class Rsyslog:
    port: int
    output: Path

    def messages(self, count: int) -> list[dict[str, Any]]:
        """The first `count` messages rsyslog wrote, each parsed: waits until it has written them."""
        deadline = time.monotonic() + WAIT
        while True:
            lines = self.output.read_text(encoding="utf-8").splitlines() if self.output.exists() else []
            if len(lines) >= count or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        parsed = []
        for line in lines:
            version, app, msgid, facility, severity, msg = line.split("|", 5)
            parsed.append(
                {
                    "version": version,
                    "app": app,
                    "msgid": msgid,
                    "facility": int(facility),
                    "severity": int(severity),
                    "event": json.loads(msg.strip()),
                }
            )
        return parsed


@contextmanager
def rsyslog(directory: Path, *, tls: Pki | None = None, port: int | None = None) -> Iterator[Rsyslog]:
    """rsyslogd in the foreground with a throwaway config: one imtcp input (TLS with `tls`), every
    message written to a file with the properties it parsed."""
    binary = system_tools.tool("rsyslogd", install="apt-get install rsyslog rsyslog-gnutls")
    directory.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    output = directory / "received.log"
    lines = [f'global(workDirectory="{directory}" maxMessageSize="1m"']
    if tls:
        lines[0] += (
            f' defaultNetstreamDriverCAFile="{tls.ca}" defaultNetstreamDriverCertFile="{tls.cert}"'
            f' defaultNetstreamDriverKeyFile="{tls.key}"'
        )
    lines[0] += ")"
    if tls:
        lines.append('module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")')
    else:
        lines.append('module(load="imtcp")')
    lines += [
        f'input(type="imtcp" port="{port}" address="127.0.0.1")',
        f'template(name="parsed" type="string" string="{_TEMPLATE}")',
        f'action(type="omfile" file="{output}" template="parsed")',
    ]
    config = directory / "rsyslog.conf"
    config.write_text("\n".join(lines) + "\n")
    check = subprocess.run([binary, "-N1", "-f", str(config)], capture_output=True, text=True, timeout=WAIT)
    if check.returncode != 0:
        if tls and "gtls" in check.stderr:
            system_tools.unavailable(
                f"rsyslog's TLS driver is not installed (apt-get install rsyslog-gnutls): {check.stderr}"
            )
        raise RuntimeError(f"rsyslog rejects the test config: {check.stderr}")
    process = subprocess.Popen(
        [binary, "-n", "-f", str(config), "-i", str(directory / "rsyslogd.pid")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=(directory / "rsyslogd.err").open("wb"),
    )
    try:
        _wait_listening(port, process)
        yield Rsyslog(port, output)
    finally:
        process.terminate()
        try:
            process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Collector:
    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200

    def events(self) -> list[dict[str, Any]]:
        return [e for r in self.requests for e in r["json"]]


@contextmanager
def https_collector(
    pki: Pki, path: str = "/ingest", status: int = 200, on_request: Callable[[Collector], None] | None = None
) -> Iterator[Collector]:
    """An HTTPS server on loopback recording each POST (headers, body, parsed JSON) and answering
    `status`; `on_request` is called after each one is recorded."""
    port = free_port()
    collector = Collector(f"https://127.0.0.1:{port}{path}", status=status)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            text = body.decode("utf-8")
            if self.headers.get("Authorization", "").startswith("Splunk "):
                decoder, items, at = json.JSONDecoder(), [], 0
                while at < len(text):
                    item, at = decoder.raw_decode(text, at)
                    items.append(item)
                parsed: Any = items
            else:
                parsed = json.loads(text)
            collector.requests.append(
                {"path": self.path, "headers": dict(self.headers), "body": text, "json": parsed, "at": time.monotonic()}
            )
            if on_request is not None:
                on_request(collector)
            self.send_response(collector.status)
            if 300 <= collector.status < 400:
                self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def do_GET(self) -> None:  # where a redirect leads: answers, having received nothing
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki.cert, pki.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield collector
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def misbehaving(kind: str) -> Iterator[int]:
    """A port whose receiver is `down` (nothing listens), `slow` (accepts, never reads nor answers)
    or `reset` (accepts, then closes with RST)."""
    if kind == "down":
        yield free_port()
        return
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            if kind == "reset":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.close()
            else:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                held.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1])
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()
