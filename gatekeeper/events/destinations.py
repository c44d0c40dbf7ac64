"""Where events go: `--events DEST` and the policy's `events.sinks`, parsed and checked before the scan.

A destination is a value (the spool records it, `gatekeeper events flush` rebuilds its sink from it):
its URL, the CA bundle that authenticates a TLS receiver, and for Splunk HEC the *name* of the
environment variable that holds the token. The token itself is read when sending, never stored,
never on a command line (where `ps` and CI logs show it).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

from gatekeeper.errors import GatekeeperError

KINDS = ("file", "syslog+tcp", "syslog+tls", "https")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Destination:
    url: str
    """As written: `file:PATH`, `syslog+tcp://host:port`, `syslog+tls://host:port`, `https://...`."""
    ca_bundle: str | None = None
    """PEM file of the CAs a TLS receiver's certificate must chain to (default: the system's)."""
    hec_token_env: str | None = None
    """Splunk HTTP Event Collector mode: the environment variable holding the HEC token."""

    @property
    def kind(self) -> str:
        return self.url.split(":", 1)[0]

    @property
    def path(self) -> Path:
        """A `file:` destination's file."""
        return Path(self.url.split(":", 1)[1])

    @property
    def host_port(self) -> tuple[str, int]:
        parts = urlsplit(self.url)
        return parts.hostname or "", int(parts.port or 0)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Destination:
        return cls(str(data["url"]), data.get("ca_bundle"), data.get("hec_token_env"))

    def hec_token(self) -> str:
        """The HEC token, from the environment at the moment of sending."""
        token = os.environ.get(self.hec_token_env or "", "")
        if not token:
            raise OSError(f"environment variable {self.hec_token_env} (the Splunk HEC token) is not set")
        return token


def parse(url: str, *, ca_bundle: str | None = None, hec_token_env: str | None = None, base: Path) -> Destination:
    """A checked destination; relative paths (a `file:` sink, a CA bundle) are relative to `base`.
    Raises GatekeeperError with what is wrong; the caller adds where it was written."""
    kind, sep, rest = url.partition(":")
    if not sep or kind not in KINDS:
        raise GatekeeperError(
            f"'{url}' is not an event destination (expected file:PATH, "
            "syslog+tcp://HOST:PORT, syslog+tls://HOST:PORT or https://URL)"
        )
    if kind == "file":
        if not rest:
            raise GatekeeperError(f"'{url}': no file after 'file:'")
        url = f"file:{(base / rest).absolute()}"
    else:
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError as exc:
            raise GatekeeperError(f"'{url}': {exc}") from None
        if not parts.hostname:
            raise GatekeeperError(f"'{url}': no host")
        if parts.username or parts.password:
            raise GatekeeperError(
                f"'{url}': credentials in a URL end up in logs; for Splunk HEC name the "
                "token's environment variable in the policy (events.sinks[].hec_token_env)"
            )
        if kind.startswith("syslog") and (port is None or parts.path not in ("", "/")):
            raise GatekeeperError(f"'{url}': expected {kind}://HOST:PORT")
    if ca_bundle is not None:
        if kind not in ("syslog+tls", "https"):
            raise GatekeeperError(f"'{url}': a CA bundle applies to syslog+tls:// and https:// only")
        bundle = (base / ca_bundle).absolute()
        if not bundle.is_file():
            raise GatekeeperError(f"CA bundle {bundle} is not a file")
        ca_bundle = str(bundle)
    if hec_token_env is not None:
        if kind != "https":
            raise GatekeeperError(f"'{url}': Splunk HEC is sent over https:// only")
        if not _ENV_NAME.match(hec_token_env):
            raise GatekeeperError(f"'{hec_token_env}' is not an environment variable name")
    return Destination(url, ca_bundle, hec_token_env)
