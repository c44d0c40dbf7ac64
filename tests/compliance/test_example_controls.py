"""The example payments service, scanned for real: which controls fail, pass, or are not assessed."""

from __future__ import annotations

import json
import shutil
from typing import Any

import pytest

from gatekeeper.scanners import REGISTRY
from tests.conftest import EXAMPLE, run_cli

# Each test reads a full scan of the example service: the slow tier (tests/conftest.py).
pytestmark = pytest.mark.slow

REGISTERED = set(REGISTRY.names())


def _scan(tmp_path_factory: pytest.TempPathFactory, *args: str) -> dict[str, Any]:
    copy = tmp_path_factory.mktemp("example") / "payments-api"
    shutil.copytree(EXAMPLE, copy)
    proc = run_cli("scan", str(copy), "--format", "json", *args)
    assert proc.returncode in (1, 2), proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _scan(tmp_path_factory)


@pytest.fixture(scope="module")
def semgrep_only(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _scan(tmp_path_factory, "--scanner", "semgrep")


def controls(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["ref"]: c for f in report["controls"]["frameworks"] for c in f["controls"]}


def findings(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["fingerprint"]: f for f in report["findings"]}


def line_of(text: str) -> int:
    lines = (EXAMPLE / "app.py").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line and not line.lstrip().startswith("#"))


def test_every_finding_carries_its_controls(full: dict[str, Any]) -> None:
    assert full["findings"]
    for finding in full["findings"]:
        if finding["rule_id"] in ("B101", "B110", "B112"):
            continue  # explicitly unmapped code-quality checks
        assert finding["controls"], finding["rule_id"]


def test_6_2_4_fails_with_the_code_findings_as_evidence(full: dict[str, Any]) -> None:
    control = controls(full)["pci-dss:6.2.4"]
    assert control["status"] == "failing"
    rules = {findings(full)[fp]["rule_id"] for fp in control["failing"]}
    assert {"python-sql-injection", "python-command-injection", "python-unsafe-yaml-load"} <= rules
    assert control["families"]["injection"] and control["families"]["data-structures"]


def test_4_2_1_fails_on_verify_false(full: dict[str, Any]) -> None:
    control = controls(full)["pci-dss:4.2.1"]
    assert control["status"] == "failing"
    places = {
        (findings(full)[fp]["location"]["path"], findings(full)[fp]["location"]["start_line"])
        for fp in control["failing"]
    }
    assert ("app.py", line_of("verify=False")) in places
    assert controls(full)["soc2:CC6.7"]["status"] == "failing"


def test_dependency_controls_follow_the_dependency_scanner(full: dict[str, Any]) -> None:
    by_ref = controls(full)
    if "dependencies" in REGISTERED:
        # The pinned, vulnerable requirements fail 6.3.3; the inventory itself is complete.
        assert by_ref["pci-dss:6.3.3"]["status"] == "failing"
        assert by_ref["pci-dss:6.3.1"]["status"] == "failing"
        assert by_ref["pci-dss:6.3.2"]["status"] == "passing"
        # The Python service's pinned requirements and the Node notifier's lock file.
        paths = {findings(full)[fp]["location"]["path"] for fp in by_ref["pci-dss:6.3.3"]["failing"]}
        assert paths == {"requirements.txt", "notifier/package-lock.json"}
    else:
        assert by_ref["pci-dss:6.3.3"]["status"] == "not_assessed"
        assert by_ref["pci-dss:6.3.2"]["status"] == "not_assessed"


def test_controls_without_an_evidence_source_say_not_assessed(full: dict[str, Any]) -> None:
    by_ref = controls(full)
    for ref in ("pci-dss:12.10.1", "pci-dss:9.4.1", "pci-dss:6.2.1", "soc2:CC1.1", "soc2:P8.1"):
        assert by_ref[ref]["status"] == "not_assessed", ref
    manual = [c for c in by_ref.values() if c["automation"] == "none"]
    assert manual and all(c["status"] == "not_assessed" for c in manual)


def test_a_source_whose_scanner_is_missing_leaves_its_controls_not_assessed(full: dict[str, Any]) -> None:
    states = {s["id"]: s for s in full["controls"]["evidence_sources"]}
    for source, scanners in (("config", ("semgrep", "terraform")), ("secrets", ("secrets",))):
        if set(scanners) <= REGISTERED:
            continue
        assert states[source]["state"] == "not_run"
        for control in controls(full).values():
            if source in control["evidence"]:
                assert control["status"] != "passing", control["ref"]


def test_disabling_scanners_turns_their_controls_into_not_assessed_never_passing(
    full: dict[str, Any], semgrep_only: dict[str, Any]
) -> None:
    assert [s["name"] for s in semgrep_only["scan"]["scanners"]] == ["semgrep"]
    alone = controls(semgrep_only)
    # Every evidence source needs a scanner besides semgrep: nothing can pass.
    assert not [ref for ref, c in alone.items() if c["status"] == "passing"]
    for ref, control in controls(full).items():
        if control["status"] == "passing":
            assert alone[ref]["status"] == "not_assessed", ref
    assert alone["pci-dss:6.3.2"]["status"] == "not_assessed"
    assert alone["pci-dss:6.3.3"]["status"] == "not_assessed"
    # What semgrep alone found still fails its controls.
    assert alone["pci-dss:6.2.4"]["status"] == "failing"
    assert alone["pci-dss:4.2.1"]["status"] == "failing"
    states = {s["id"]: s["state"] for s in semgrep_only["controls"]["evidence_sources"]}
    assert states["sast"] == "not_run" and states["dependencies"] == "not_run"
