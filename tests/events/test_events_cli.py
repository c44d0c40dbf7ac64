"""`gatekeeper scan --events` and `events:` in the policy, as a pipeline meets them: events stream
while the scan runs, validate as OCSF, carry the run's identity, are redacted; undeliverable
events are spooled with a warning (the verdict unchanged) or, with `events.required`, exit 2;
`gatekeeper events flush` sends the spool to the receiver once it is back."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.events.ocsf_check import validate
from tests.events.receivers import Collector, free_port, https_collector, make_pki, rsyslog
from tests.reliability.helpers import AWS_KEY_ID, error_line, gate, plant_evidence

ADVISORIES = str(REPO / "tests" / "fixtures" / "deps" / "osv")
SCANNERS = ("--scanner", "secrets", "--scanner", "dependencies", "--scanner", "bandit")
CI_ENV = {
    "GITHUB_ACTIONS": "true",
    "GITHUB_SERVER_URL": "https://github.example",
    "GITHUB_REPOSITORY": "payments/checkout",
    "GITHUB_WORKFLOW": "gate",
    "GITHUB_JOB": "security",
    "GITHUB_RUN_ID": "4242",
}


def project(root: Path, events: str = "") -> Path:
    plant_evidence(root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.invalid", "add", "-A"], check=True
    )
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "x"],
        check=True,
    )
    if events:
        (root / ".gatekeeper.yml").write_text("version: 1\n" + events)
    return root


def commit_of(root: Path) -> str:
    return subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()


def read_events(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def scan(root: Path, *args: str, env: dict[str, str] | None = None, prelude: str | None = None) -> Any:
    return gate(
        "scan", str(root), *SCANNERS, "--advisories", ADVISORIES, "--no-cache", "-q", *args, env=env, prelude=prelude
    )


def test_file_sink_events_are_ocsf_with_the_run_identity_and_redacted(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    out = tmp_path / "events.jsonl"
    proc = scan(root, "--events", f"file:{out}", env=CI_ENV)
    assert proc.returncode == 1, proc.stderr  # the planted key blocks; events change nothing
    assert "warning" not in proc.stderr
    text = out.read_text(encoding="utf-8")
    assert AWS_KEY_ID not in text and AWS_KEY_ID[:4] + "…" in text
    events = read_events(out)
    for event in events:
        validate(event)
        run = event["unmapped"]["gatekeeper"]["run"]
        assert run["repository"] == "https://github.example/payments/checkout"
        assert run["commit"] == commit_of(root)
        assert run["ci_job"] == {
            "service": "github-actions",
            "workflow": "gate",
            "job": "security",
            "run_id": "4242",
            "url": "https://github.example/payments/checkout/actions/runs/4242",
        }
        assert run["policy_digest"].startswith("sha256:")
        assert event["metadata"]["correlation_uid"] == events[0]["metadata"]["correlation_uid"]
        assert event["resources"] == [
            {"type": "Repository", "name": "https://github.example/payments/checkout", "uid": commit_of(root)}
        ]
    assert len({e["metadata"]["uid"] for e in events}) == len(events)
    kinds = [(e["class_uid"], e["activity_id"], e.get("scan", {}).get("name")) for e in events]
    # The lifecycle: started first, each scanner's completion, the verdict last.
    assert kinds[0] == (6007, 1, "gatekeeper") and kinds[-1] == (6007, 2, "gatekeeper")
    assert {k[2] for k in kinds if k[:2] == (6007, 2)} == {"secrets", "dependencies", "bandit", "gatekeeper"}
    final = events[-1]["unmapped"]["gatekeeper"]
    assert final["verdict"] == "failed" and final["exit_code"] == 1 and final["blocking"]
    # Findings by kind: the key is code (2007), the vulnerable pin a component (2002).
    secret = next(e for e in events if e["class_uid"] == 2007 and "secrets" in e["unmapped"]["gatekeeper"]["scanners"])
    assert secret["activity_id"] == 1 and secret["finding_info"]["uid"] in final["blocking"]
    component = next(e for e in events if e["class_uid"] == 2002)
    assert component["vulnerabilities"][0]["affected_packages"][0]["name"] == "demo-pkg"
    # Each scanner's coverage, each control's status.
    deps = next(e for e in events if e["class_uid"] == 6007 and e["scan"]["name"] == "dependencies")
    assert deps["unmapped"]["gatekeeper"]["files_scanned"] == 1 and deps["status_id"] == 1
    controls = [e for e in events if e["class_uid"] == 2003]
    assert controls and {c["compliance"]["status"] for c in controls} >= {"Fail", "Not assessed"}


def test_events_are_sent_while_the_scan_runs(tmp_path: Path) -> None:
    """bandit is held back (in the CLI's own process) until the collector has received the secrets
    scanner's findings: were events sent only at the end, it would wait in vain."""
    pki = make_pki(tmp_path / "pki")
    seen, waited = tmp_path / "seen", tmp_path / "waited"

    def mark(collector: Collector) -> None:
        if any(
            e["class_uid"] == 2007 and "secrets" in e["unmapped"]["gatekeeper"]["scanners"] for e in collector.events()
        ):
            seen.touch()

    prelude = f"""
import pathlib, time
import gatekeeper.engine as engine
_run_one = engine._run_one
def held(scanner, *args, **kwargs):
    if scanner.name == "bandit":
        deadline = time.monotonic() + 240  # a hang detector only: released as soon as it is seen
        while not pathlib.Path({str(seen)!r}).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        pathlib.Path({str(waited)!r}).write_text("seen" if pathlib.Path({str(seen)!r}).exists() else "never")
    return _run_one(scanner, *args, **kwargs)
engine._run_one = held
"""
    with https_collector(pki, on_request=mark) as collector:
        root = project(
            tmp_path / "repo",
            f"events:\n  sinks:\n    - url: {collector.url}\n      ca_bundle: {pki.ca}\n  timeout: 5\n",
        )
        proc = scan(root, prelude=prelude)
    assert proc.returncode == 1, proc.stderr
    assert waited.read_text() == "seen"
    events = collector.events()
    first, last = collector.requests[0]["json"], collector.requests[-1]["json"]
    assert (first[0]["class_uid"], first[0]["activity_id"]) == (6007, 1)
    assert last[-1]["unmapped"]["gatekeeper"]["verdict"] == "failed"
    bandit_done = next(i for i, e in enumerate(events) if e["class_uid"] == 6007 and e["scan"]["name"] == "bandit")
    secret = next(
        i for i, e in enumerate(events) if "secrets" in e.get("unmapped", {}).get("gatekeeper", {}).get("scanners", ())
    )
    assert secret < bandit_done
    for event in events:
        validate(event)


def test_undeliverable_events_are_spooled_then_flushed(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there yet
    spool = tmp_path / "spool.jsonl"
    root = project(
        tmp_path / "repo",
        f"events:\n  sinks: ['syslog+tcp://127.0.0.1:{port}']\n  spool: {spool}\n  timeout: 0.5\n",
    )
    proc = scan(root)
    assert proc.returncode == 1, proc.stderr  # the verdict, not the delivery
    (warning,) = [line for line in proc.stderr.splitlines() if line.startswith("gatekeeper: warning:")]
    assert f"not delivered to syslog+tcp://127.0.0.1:{port}" in warning
    assert f"spooled to {spool}" in warning and "gatekeeper events flush" in warning
    spooled = [e for line in spool.read_text().splitlines() for e in json.loads(line)["events"]]
    assert spooled and AWS_KEY_ID not in spool.read_text()

    # Still down: nothing is lost, the flush says so and exits 2.
    again = gate("events", "flush", "--spool", str(spool), cwd=root)
    assert again.returncode == 2
    error_line(again, "still not delivered", str(spool))
    assert len([e for line in spool.read_text().splitlines() for e in json.loads(line)["events"]]) == len(spooled)

    with rsyslog(tmp_path / "rsyslog", port=port) as receiver:
        flushed = gate("events", "flush", "--spool", str(spool), cwd=root)
        assert flushed.returncode == 0, flushed.stderr
        assert f"sent {len(spooled)} events" in flushed.stdout
        received = receiver.messages(len(spooled))
    assert [m["event"] for m in received] == spooled
    assert not spool.exists()


def test_required_events_that_cannot_be_delivered_exit_2(tmp_path: Path) -> None:
    spool = tmp_path / "spool.jsonl"
    root = project(
        tmp_path / "repo",
        f"events:\n  sinks: ['syslog+tcp://127.0.0.1:{free_port()}']\n  required: true\n"
        f"  spool: {spool}\n  timeout: 0.5\n",
    )
    proc = scan(root)
    assert proc.returncode == 2
    error_line(proc, "events not delivered", str(spool))


@pytest.mark.parametrize(
    ("events", "where"),
    [
        ("events:\n  sinks: ['udp://siem:514']\n", ".gatekeeper.yml:3: events.sinks[0]: 'udp://siem:514' is not"),
        ("events:\n  sinks:\n    - url: https://siem.example/x\n      hec_token_env: 'not a name'\n", "hec_token_env"),
        ("events:\n  sinks:\n    - url: syslog+tls://siem:6514\n      ca_bundle: missing.pem\n", "is not a file"),
        ("events:\n  requird: true\n", "events.requird: unknown key (did you mean 'required'?)"),
    ],
)
def test_bad_events_settings_are_one_error_line(events: str, where: str, tmp_path: Path) -> None:
    root = project(tmp_path / "repo", events)
    proc = gate("scan", str(root), "--scanner", "secrets", "--no-cache")
    assert proc.returncode == 2
    error_line(proc, where)


def test_a_bad_events_flag_is_one_error_line(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    proc = gate("scan", str(root), "--scanner", "secrets", "--no-cache", "--events", "syslog+tcp://siem")
    assert proc.returncode == 2
    error_line(proc, "--events: 'syslog+tcp://siem': expected syslog+tcp://HOST:PORT")


def test_a_scan_that_stops_with_an_error_still_ends_its_stream(tmp_path: Path) -> None:
    root = project(tmp_path / "repo")
    out = tmp_path / "events.jsonl"
    proc = scan(root, "--events", f"file:{out}", "--diff-base", "no-such-ref")
    assert proc.returncode == 2
    line = error_line(proc, "no-such-ref")
    (event,) = read_events(out)
    validate(event)
    assert (event["class_uid"], event["activity_id"], event["status"]) == (6007, 2, "Failure")
    assert event["unmapped"]["gatekeeper"]["verdict"] == "error"
    assert event["message"] == "scan error: " + line.removeprefix("gatekeeper: error: ")


def test_required_events_that_are_delivered_leave_the_verdict_alone(tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    root = project(tmp_path / "repo", f"events:\n  sinks: ['file:{out}']\n  required: true\n")
    proc = scan(root)
    assert proc.returncode == 1, proc.stderr
    assert "gatekeeper: error" not in proc.stderr and "warning" not in proc.stderr
    assert read_events(out)[-1]["unmapped"]["gatekeeper"]["exit_code"] == 1


def test_the_hec_token_is_never_shown_nor_spooled(tmp_path: Path) -> None:
    token = "a1b2c3d4-e5f6-7788-99aa-bbccddeeff00"
    spool = tmp_path / "spool.jsonl"
    root = project(
        tmp_path / "repo",
        f"events:\n  sinks:\n    - url: https://127.0.0.1:{free_port()}/services/collector/event\n"
        f"      hec_token_env: TEST_HEC_TOKEN\n  spool: {spool}\n  timeout: 0.5\n",
    )
    proc = scan(root, "--format", "json", env={"TEST_HEC_TOKEN": token})
    assert proc.returncode == 1, proc.stderr
    assert "spooled to" in proc.stderr
    for text in (proc.stdout, proc.stderr, spool.read_text()):
        assert token not in text
    assert json.loads(spool.read_text().splitlines()[0])["destination"]["hec_token_env"] == "TEST_HEC_TOKEN"
