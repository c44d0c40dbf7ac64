"""gatekeeper.api: the stable Python API gives what the CLI gives (the same findings, verdict and
reports), with the policy a program loads or the one at the scan root."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gatekeeper import api
from tests.conftest import run_cli


def test_scan_judges_as_the_cli_does(vulnerable_tree: Path) -> None:
    result = api.scan([vulnerable_tree], scanners=["bandit"], use_cache=False)
    proc = run_cli("scan", str(vulnerable_tree), "--scanner", "bandit", "--format", "json", "--no-cache")
    cli = json.loads(proc.stdout)
    assert result.exit_code == proc.returncode == 1
    assert not result.passed
    assert sorted(f.fingerprint for f in result.findings) == sorted(f["fingerprint"] for f in cli["findings"])
    assert {f.fingerprint for f in result.blocking} == set(cli["verdict"]["blocking"])
    report = json.loads(api.render(result, "json"))
    assert report["verdict"] == cli["verdict"] and report["policy"] == cli["policy"]


def test_a_loaded_policy_is_the_one_applied(vulnerable_tree: Path) -> None:
    (vulnerable_tree / ".gatekeeper.yml").write_text("version: 1\nfail_on: critical\n")
    config = api.load_policy(vulnerable_tree)
    assert config.policy.fail_on.label == "critical" and config.policy.layers[0].role == "repository"
    lenient = api.scan([vulnerable_tree], config=config, scanners=["bandit"], use_cache=False)
    strict = api.scan([vulnerable_tree], scanners=["bandit"], fail_on="low", use_cache=False)
    assert len(lenient.blocking) < len(strict.blocking)
    assert strict.policy.source == ".gatekeeper.yml with --fail-on low"


def test_errors_are_raised_as_the_one_line_the_cli_prints(tmp_path: Path, vulnerable_tree: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / ".gatekeeper.yml").write_text("version: 1\nfail_on: hgih\n")
    with pytest.raises(api.GatekeeperError, match=r"^\.gatekeeper\.yml:2: fail_on.severity: 'hgih' is not one of"):
        api.load_policy(bad)
    with pytest.raises(api.GatekeeperError, match=r"^\.gatekeeper\.yml:2: fail_on.severity"):
        api.scan([bad], scanners=["bandit"])


def test_every_format_renders_and_an_unknown_one_is_refused(vulnerable_tree: Path) -> None:
    result = api.scan([vulnerable_tree], scanners=["bandit"], use_cache=False)
    for fmt in api.FORMATS:
        assert api.render(result, fmt).strip(), fmt
    with pytest.raises(api.GatekeeperError, match="unknown report format 'pdf'"):
        api.render(result, "pdf")


def test_the_example_gates_a_list_of_repositories_and_posts_events(tmp_path: Path, vulnerable_tree: Path) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "util.py").write_text("def add(a: int, b: int) -> int:\n    return a + b\n")
    events = tmp_path / "events.jsonl"
    example = Path(__file__).resolve().parent.parent / "examples" / "api" / "gate_repositories.py"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEKEEPER_")}
    env["GATEKEEPER_CACHE_DIR"] = str(tmp_path / "cache")
    proc = subprocess.run(
        [
            sys.executable,
            str(example),
            str(vulnerable_tree / "app.py"),
            str(clean),
            "--out",
            str(tmp_path / "out"),
            "--events",
            f"file:{events}",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(f"{vulnerable_tree / 'app.py'}: failed (") and "blocking of" in lines[0]
    assert lines[1] == f"{clean}: passed (0 blocking of 0 findings)"
    sarif = json.loads((tmp_path / "out" / "app.py.sarif").read_text())
    assert sarif["runs"][0]["results"]
    sent = [json.loads(line) for line in events.read_text().splitlines()]
    classes = {event["class_uid"] for event in sent}
    assert 6007 in classes and 2007 in classes  # the scans' lifecycle and their findings
    assert sum(1 for e in sent if e["class_uid"] == 6007 and e.get("activity_id") == 1) == 2  # one start per scan
