"""Every report states its scope: what nothing analysed, counted by kind, and the not-applicable status."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from gatekeeper.compliance.status import Status, for_policy
from gatekeeper.config import Policy
from gatekeeper.coverage import account
from gatekeeper.gate import verdict
from gatekeeper.reports import renderer
from tests.compliance.factory import ANALYSES, FILES, result

NOT_COVERED = ("svc/Pay.java", "web/package-lock.json")


@pytest.fixture(scope="module")
def scan():  # type: ignore[no-untyped-def]
    base = result([])
    files = FILES + NOT_COVERED
    scan = replace(base, files=files, coverage=account(Path("/nonexistent"), files, base.scanners, ANALYSES))
    policy = Policy()
    return scan, verdict(scan, policy), policy


def render(fmt: str, scan) -> str:  # type: ignore[no-untyped-def]
    return renderer(fmt)(*scan)


def test_the_json_report_lists_every_kind_and_round_trips(scan) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(render("json", scan))
    coverage = data["scan"]["coverage"]
    assert {k["kind"]: k["not_covered"] for k in coverage["kinds"] if k["not_covered"]} == {
        "java": ["svc/Pay.java"],
        "npm-lock": ["web/package-lock.json"],
    }
    assert data["verdict"]["partial_coverage"] == "1 Java/Kotlin file, 1 npm lock file"


@pytest.mark.parametrize("fmt", ["console", "markdown", "html", "sarif", "oscal"])
def test_the_not_covered_files_are_named_by_kind(fmt: str, scan) -> None:  # type: ignore[no-untyped-def]
    text = render(fmt, scan) if fmt != "console" else _console(scan)
    assert "1 Java/Kotlin file" in text and "1 npm lock file" in text, fmt


def test_sarif_carries_the_coverage_in_its_run_properties(scan) -> None:  # type: ignore[no-untyped-def]
    gatekeeper = json.loads(render("sarif", scan))["runs"][0]["properties"]["gatekeeper"]
    assert gatekeeper["coverage"]["unsupported"] == "1 Java/Kotlin file, 1 npm lock file"
    assert gatekeeper["partialCoverage"] == "1 Java/Kotlin file, 1 npm lock file"


@pytest.fixture(scope="module")
def python_only():  # type: ignore[no-untyped-def]
    """A tree of Python code alone: nothing declares network rules or dependencies."""
    base = result([])
    files = ("app.py",)
    scanners = tuple(
        replace(s, scanned=files if s.scanner in ("semgrep", "bandit", "secrets") else ()) for s in base.scanners
    )
    scan = replace(
        base, files=files, scanners=scanners, coverage=account(Path("/nonexistent"), files, scanners, ANALYSES)
    )
    policy = Policy()
    assert for_policy(scan, policy).control("pci-dss:1.2.5").status is Status.NOT_APPLICABLE
    return scan, verdict(scan, policy), policy


def test_ocsf_compliance_events_carry_coverage_and_the_not_applicable_status(python_only) -> None:  # type: ignore[no-untyped-def]
    events = [json.loads(line) for line in render("ocsf", python_only).splitlines()]
    network = next(e for e in events if e.get("compliance", {}).get("control") == "pci-dss:1.2.5")
    assert network["compliance"]["status"] == "Not applicable"
    assert network["compliance"]["status_code"] == "not_applicable"
    assert network["unmapped"]["gatekeeper"]["coverage"] == {"analysed": {"python": 1}, "not_covered": {}}
    assert network["unmapped"]["gatekeeper"]["examined"][0]["files"] == 0


def test_junit_does_not_count_a_not_applicable_control_as_passed(python_only) -> None:  # type: ignore[no-untyped-def]
    text = render("junit", python_only)
    assert (
        '<skipped message="not applicable: Nothing in scope for this control: no infrastructure code that declares'
        in text
    )


def _console(scan) -> str:  # type: ignore[no-untyped-def]
    from gatekeeper.reports.console import render_text

    return render_text(*scan)
