"""Offline by default: a scan needs no network and opens no socket beyond AF_UNIX and loopback.

Two complementary proofs:
- an audit hook (`sys.addaudithook`, installed by a `sitecustomize` on PYTHONPATH, so it is in
  every Python process of the scan: gatekeeper, bandit, semgrep's Python front end) records every
  socket connect, send and name lookup; none may leave the machine;
- the scan runs in a network namespace of its own (`unshare --net`, only loopback up), which also
  covers what no Python hook sees (semgrep-core, a native binary), and still gives its verdict.

The whole suite runs in such a namespace in CI (.ci/run); these tests hold on a developer's machine too.
"""

from __future__ import annotations

import ipaddress
import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests import system_tools
from tests.advisories.helpers import OSV_FIXTURE
from tests.conftest import VULNERABLE_PY
from tests.reliability.helpers import HANG_LIMIT, SECRET_RULE, gate, netns_prefix, plant_evidence

HOOK = textwrap.dedent(
    """\
    import json, os, sys

    _LOG = os.environ.get("GATEKEEPER_TEST_SOCKET_LOG")
    _WATCHED = {"socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
                "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo"}

    def _write(record):
        with open(os.path.join(_LOG, "%d.jsonl" % os.getpid()), "a") as log:
            log.write(json.dumps(record, default=repr) + "\\n")

    def _hook(event, args):
        if event not in _WATCHED:
            return
        record = {"event": event, "args": [a for a in args if not hasattr(a, "fileno")]}
        sock = next((a for a in args if hasattr(a, "family")), None)
        if sock is not None:
            record["family"] = int(sock.family)
        _write(record)

    if _LOG:
        _write({"event": "start", "argv": list(getattr(sys, "orig_argv", []))})
        sys.addaudithook(_hook)
    """
)

TERRAFORM = 'resource "aws_s3_bucket" "receipts" {\n  bucket = "receipts"\n}\n'


def project(root: Path) -> Path:
    """Something for every scanner: vulnerable code, a vulnerable pin, a secret, Terraform."""
    plant_evidence(root)
    (root / "export.py").write_text(VULNERABLE_PY)
    (root / "main.tf").write_text(TERRAFORM)
    return root


def expected_verdict(report: dict) -> None:  # type: ignore[type-arg]
    assert report["verdict"]["exit_code"] == 1, report["verdict"]
    assert {s["name"]: s["status"] for s in report["scan"]["scanners"]} == dict.fromkeys(
        (
            "bandit",
            "cloudformation",
            "dependencies",
            "kubernetes",
            "render",
            "secrets",
            "semgrep",
            "taint",
            "terraform",
        ),
        "ok",
    )
    rules = {f["rule_id"] for f in report["findings"]}
    assert {"python-command-injection", "PYSEC-2099-1", SECRET_RULE} <= rules, rules
    assert any(r.startswith("tf-") for r in rules), rules


def allowed(record: dict) -> bool:  # type: ignore[type-arg]
    event, args = record["event"], record["args"]
    if event == "socket.connect" and record.get("family") == 1:  # AF_UNIX
        return True
    host = args[0] if event != "socket.connect" else (args[0][0] if isinstance(args[0], list) else args[0])
    if event == "socket.sendto":
        host = args[-1][0] if isinstance(args[-1], list) else args[-1]
    if host in (None, "localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def test_a_scan_opens_no_socket_beyond_unix_and_loopback(tmp_path: Path) -> None:
    hooks, log = tmp_path / "hooks", tmp_path / "sockets"
    hooks.mkdir()
    log.mkdir()
    (hooks / "sitecustomize.py").write_text(HOOK)
    report_file = tmp_path / "report.json"
    proc = gate(
        "scan",
        str(project(tmp_path / "project")),
        "--advisories",
        str(OSV_FIXTURE),
        "-o",
        f"json={report_file}",
        env={
            "PYTHONPATH": str(hooks),
            "GATEKEEPER_TEST_SOCKET_LOG": str(log),
            "GATEKEEPER_CACHE_DIR": str(tmp_path / "cache"),
        },
    )
    assert proc.returncode == 1, proc.stderr
    expected_verdict(json.loads(report_file.read_text()))

    records = [json.loads(line) for path in sorted(log.glob("*.jsonl")) for line in path.read_text().splitlines()]
    started = [r["argv"] for r in records if r["event"] == "start"]
    # The hook was in gatekeeper itself and in the scanners' Python processes.
    for tool in ("gatekeeper", "semgrep", "bandit"):
        assert any(tool in " ".join(argv) for argv in started), (tool, started)
    leaving = [r for r in records if r["event"] != "start" and not allowed(r)]
    assert leaving == [], leaving


def test_the_hook_sees_a_connection_that_leaves_the_machine(tmp_path: Path) -> None:
    """The check above is not vacuous: the same hook and the same rule catch an outbound connect
    (made here to a TEST-NET address, which needs no route: only the attempt is recorded)."""
    hooks, log = tmp_path / "hooks", tmp_path / "sockets"
    hooks.mkdir()
    log.mkdir()
    (hooks / "sitecustomize.py").write_text(HOOK)
    code = "import socket\ns = socket.socket()\ns.setblocking(False)\ntry:\n    s.connect(('192.0.2.1', 443))\nexcept OSError:\n    pass\n"
    subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(hooks), "GATEKEEPER_TEST_SOCKET_LOG": str(log)},
        check=True,
        timeout=HANG_LIMIT,
    )
    records = [json.loads(line) for path in log.glob("*.jsonl") for line in path.read_text().splitlines()]
    assert [r for r in records if r["event"] == "socket.connect" and not allowed(r)]


def test_a_scan_in_a_network_namespace_gives_its_verdict(tmp_path: Path) -> None:
    prefix = netns_prefix()
    if prefix is None:
        system_tools.unavailable(
            "cannot make a network namespace here (unshare --net, or user namespaces, unavailable)"
        )
    report_file = tmp_path / "report.json"
    proc = gate(
        "scan",
        str(project(tmp_path / "project")),
        "--advisories",
        str(OSV_FIXTURE),
        "-o",
        f"json={report_file}",
        env={"GATEKEEPER_CACHE_DIR": str(tmp_path / "cache")},
        wrapper=prefix,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    expected_verdict(json.loads(report_file.read_text()))
