"""Online advisories through pip-audit's OSV service: merged like local ones, and never a quiet pass."""

from __future__ import annotations

import http.server
import json
from pathlib import Path

import pytest

from gatekeeper.advisories.interface import AdvisoryError, PackageVersion
from gatekeeper.advisories.online import OnlineSource
from tests.advisories.helpers import LoopbackServer, closed_port_url

RESPONSES = {
    "demo-pkg": {
        "vulns": [
            {
                "id": "GHSA-demo-0001-aaaa",
                "aliases": ["CVE-2099-1001"],
                "summary": "XSS",
                "affected": [
                    {
                        "package": {"name": "demo-pkg", "ecosystem": "PyPI"},
                        "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.2.0"}]}],
                    }
                ],
            },
            {
                "id": "PYSEC-2099-1",
                "aliases": ["CVE-2099-1001", "GHSA-demo-0001-aaaa"],
                "details": "XSS\nin demo",
                "affected": [
                    {
                        "package": {"name": "demo-pkg", "ecosystem": "PyPI"},
                        "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.2.0"}]}],
                    }
                ],
            },
            {"id": "PYSEC-2099-3", "withdrawn": "2024-01-01T00:00:00Z", "affected": []},
        ]
    },
    "safe-pkg": {},
}


class FakeOsv(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        body = json.dumps(RESPONSES.get(query["package"]["name"], {})).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


def test_osv_api_answers_are_merged_by_alias(isolated_cache) -> None:  # type: ignore[no-untyped-def]
    demo, safe = PackageVersion.of("Demo_Pkg", "1.0"), PackageVersion.of("safe-pkg", "3.0")
    with LoopbackServer(FakeOsv) as server:
        source = OnlineSource("osv", cache_dir=isolated_cache / "pip-audit", osv_url=f"{server.url}/v1/query")
        answers = source.query([demo, safe])
    assert answers[safe] == []
    (vuln,) = answers[demo]
    assert vuln.id == "PYSEC-2099-1"
    assert vuln.aliases == ("GHSA-demo-0001-aaaa", "CVE-2099-1001")
    assert vuln.fix == "1.2.0"
    assert vuln.severity is None  # pip-audit reports none: the scanner's default applies
    assert source.identity.kind == "osv-online"


def test_unreachable_service_is_an_error_not_a_pass(isolated_cache) -> None:  # type: ignore[no-untyped-def]
    url = closed_port_url()
    source = OnlineSource("osv", cache_dir=isolated_cache / "pip-audit", timeout=5, osv_url=f"{url}/v1/query")
    with pytest.raises(AdvisoryError) as raised:
        source.query([PackageVersion.of("demo-pkg", "1.0")])
    assert f"osv-online: no answer for demo-pkg 1.0 from {url}/v1/query" in str(raised.value)
    assert "\n" not in str(raised.value)


class Failing(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802
        self.send_response(503)
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


def test_server_error_is_an_error(isolated_cache) -> None:  # type: ignore[no-untyped-def]
    with LoopbackServer(Failing) as server:
        source = OnlineSource("osv", cache_dir=isolated_cache / "pip-audit", osv_url=f"{server.url}/v1/query")
        with pytest.raises(AdvisoryError, match="no answer for demo-pkg 1.0"):
            source.query([PackageVersion.of("demo-pkg", "1.0")])


def test_online_services_answer_for_pypi_only(isolated_cache: Path) -> None:
    """issue 20: pip-audit's services know PyPI; a Go module asked of them is unaudited, an error."""
    source = OnlineSource("osv", cache_dir=isolated_cache / "pip-audit", timeout=5, osv_url=closed_port_url())
    with pytest.raises(AdvisoryError, match=r"answers for PyPI only, not for Go \(golang.org/x/net\).*--ecosystem Go"):
        source.query([PackageVersion.of("golang.org/x/net", "v0.7.0", "Go")])
