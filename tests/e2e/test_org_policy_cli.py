"""Organisation policy through the CLI: a repository's file extends a base (a file, or an https
URL fetched only by `gatekeeper config fetch`), may only tighten it, and every report names the
layers; `config show --origins` says where each value came from."""

from __future__ import annotations

import hashlib
import http.server
import json
import ssl
import subprocess
import threading
from pathlib import Path
from typing import Iterator

import pytest

from tests.conftest import VULNERABLE_PY, run_cli

BASE = "version: 1\nfail_on:\n  severity: medium\nwaiver_max_days:\n  critical: 14\nscanners:\n  bandit: true\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "policy.yml").write_text(BASE)
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(VULNERABLE_PY)
    (root / ".gatekeeper.yml").write_text("version: 1\nextends: ../org/policy.yml\nfail_on:\n  confidence: low\n")
    return root


def test_a_scan_under_a_base_records_both_layers_in_every_report(project: Path) -> None:
    proc = run_cli(
        "scan",
        ".",
        "--scanner",
        "bandit",
        "--format",
        "json",
        "-o",
        "sarif=out.sarif",
        "-o",
        "junit=out.xml",
        cwd=project,
    )
    assert proc.returncode in (0, 1), proc.stderr
    policy = json.loads(proc.stdout)["policy"]
    base_digest = "sha256:" + hashlib.sha256(BASE.encode()).hexdigest()
    assert [(x["role"], x["source"], x["digest"]) for x in policy["layers"]] == [
        ("base", str(project.parent / "org" / "policy.yml"), base_digest),
        (
            "repository",
            ".gatekeeper.yml",
            "sha256:" + hashlib.sha256((project / ".gatekeeper.yml").read_bytes()).hexdigest(),
        ),
    ]
    assert policy["fail_on"]["severity"] == "medium" and policy["fail_on"]["confidence"] == "low"
    sarif = json.loads((project / "out.sarif").read_text())
    assert sarif["runs"][0]["properties"]["gatekeeper"]["policyLayers"][0]["digest"] == base_digest
    assert f"{project.parent / 'org' / 'policy.yml'} {base_digest}" in (project / "out.xml").read_text()


def test_loosening_in_the_file_or_on_the_command_line_exits_2_with_one_line(project: Path) -> None:
    proc = run_cli("scan", ".", "--scanner", "bandit", "--fail-on", "critical", cwd=project)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "gatekeeper: error: --fail-on critical loosens the policy (.gatekeeper.yml (extends "
        f"{project.parent / 'org' / 'policy.yml'}): fail_on.severity medium): under an organisation policy "
        "the command line may only tighten it"
    ]
    (project / ".gatekeeper.yml").write_text("version: 1\nextends: ../org/policy.yml\nscanners:\n  bandit: false\n")
    proc = run_cli("scan", ".", cwd=project)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == (
        "gatekeeper: error: .gatekeeper.yml:4: scanners.bandit.enabled: false loosens the base policy "
        f"({project.parent / 'org' / 'policy.yml'}:7: true): a repository may only tighten it"
    )


def test_config_show_says_where_each_value_came_from(project: Path) -> None:
    proc = run_cli("config", "show", "--origins", cwd=project)
    assert proc.returncode == 0, proc.stderr
    lines = dict(line.split(None, 1) for line in proc.stdout.splitlines() if not line.startswith("#"))
    assert lines["fail_on.confidence"] == ".gatekeeper.yml:4"
    assert lines["fail_on.severity"].endswith("org/policy.yml:3")
    assert lines["waiver_max_days.critical"].endswith("org/policy.yml:5")
    shown = json.loads(run_cli("config", "show", "--format", "json", cwd=project).stdout)
    assert [layer["role"] for layer in shown["layers"]] == ["base", "repository"]


# -- a base by URL --------------------------------------------------------------------------


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """A loopback HTTPS server for `tmp_path/www`, its certificate from a throwaway CA; (base URL,
    served directory, CA bundle)."""
    certs = tmp_path / "certs"
    certs.mkdir()
    openssl = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    subprocess.run(
        [
            *openssl,
            "-keyout",
            certs / "key.pem",
            "-out",
            certs / "cert.pem",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    www = tmp_path / "www"
    www.mkdir()
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(www))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs / "cert.pem", certs / "key.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", www, certs / "cert.pem"
    finally:
        server.shutdown()


def test_a_url_base_is_fetched_only_when_asked_and_checked_against_its_pin(
    project: Path, https_server: tuple[str, Path, Path], tmp_path: Path
) -> None:
    url, www, ca = https_server
    (www / "org.yml").write_text(BASE)
    pin = hashlib.sha256(BASE.encode()).hexdigest()
    (project / ".gatekeeper.yml").write_text(f"version: 1\nextends:\n  source: {url}/org.yml\n  sha256: '{pin}'\n")
    env = {"SSL_CERT_FILE": str(ca), "GATEKEEPER_CACHE_DIR": str(tmp_path / "cache")}
    proc = run_cli("scan", ".", "--scanner", "bandit", cwd=project, env=env)
    assert proc.returncode == 2 and "is not fetched yet: run 'gatekeeper config fetch'" in proc.stderr
    proc = run_cli("config", "fetch", cwd=project, env=env)
    assert proc.returncode == 0, proc.stderr
    assert f"fetched: {url}/org.yml (sha256 {pin})" in proc.stdout
    assert run_cli("config", "fetch", cwd=project, env=env).stdout.startswith("already fetched")
    proc = run_cli("scan", ".", "--scanner", "bandit", "--format", "json", cwd=project, env=env)
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["policy"]["layers"][0]["source"] == f"{url}/org.yml"
    # The file behind the URL changes: the pin refuses it, and the scan keeps the copy it vouched for.
    (www / "org.yml").write_text(BASE.replace("medium", "critical"))
    (tmp_path / "cache" / "policies" / f"{pin}.yml").unlink()
    proc = run_cli("config", "fetch", cwd=project, env=env)
    assert proc.returncode == 2
    assert (
        f"sha256 of the download is {hashlib.sha256(BASE.replace('medium', 'critical').encode()).hexdigest()}"
        in proc.stderr
    )
    # A cached copy tampered with is refused by the scan too.
    (tmp_path / "cache" / "policies" / f"{pin}.yml").write_text(BASE.replace("medium", "critical"))
    proc = run_cli("scan", ".", "--scanner", "bandit", cwd=project, env=env)
    assert proc.returncode == 2 and "the pin says" in proc.stderr


def test_fetch_of_an_unreachable_url_is_one_line(project: Path, tmp_path: Path) -> None:
    pin = "a" * 64
    (project / ".gatekeeper.yml").write_text(
        f"version: 1\nextends:\n  source: https://127.0.0.1:9/org.yml\n  sha256: '{pin}'\n"
    )
    proc = run_cli("config", "fetch", cwd=project, env={"GATEKEEPER_CACHE_DIR": str(tmp_path / "c")})
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("gatekeeper: error: .gatekeeper.yml:3: cannot fetch https://127.0.0.1:9/org.yml: ")
