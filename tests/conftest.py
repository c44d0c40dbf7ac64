"""Shared fixtures: small trees of our own, and helpers to run the real CLI as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Callable, Sequence

import pytest

MAX_AGE_ENV = "GATEKEEPER_ADVISORIES_MAX_AGE"
REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "payments-api"

VULNERABLE_PY = textwrap.dedent(
    """\
    import subprocess

    from flask import request


    def export():
        month = request.args.get("month")
        return subprocess.check_output("tar czf /tmp/r-%s.tgz /srv" % month, shell=True)
    """
)

CLEAN_PY = textwrap.dedent(
    """\
    def add(a: int, b: int) -> int:
        return a + b
    """
)


SLOW_DIRECTORIES = ("e2e", "reliability", "adapters")
"""The slow tier, whole: end-to-end runs of the CLI, the reliability properties (faults, hostile
input, processes, leaks) and the CI adapters. Elsewhere a test over about a second is marked
`@pytest.mark.slow` itself. `pytest -m "not slow"` is the fast tier (README, Developing)."""


SLOW_MODULES = frozenset(
    {
        "advisories/test_gomod.py",
        "advisories/test_update.py",
        "events/test_events_cli.py",
        "events/test_sinks.py",
        "reports/test_cyclonedx_ecosystems.py",
        "reports/test_html_print.py",
        "rules/test_iac_benchmark.py",
        "rules/test_rule_speed.py",
        "scanners/test_cloudformation.py",
        "scanners/test_dependency_gaps.py",
        "scanners/test_hcl_labels.py",
        "scanners/test_k8s_accounts.py",
        "scanners/test_render.py",
        "scanners/test_terraform_defaults.py",
        "test_api.py",
        "tools/test_iac_docs.py",
    }
)
"""Modules whose tests run the CLI or semgrep as a subprocess nearly throughout (about half a second
to a few seconds each): the slow tier too, whole."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = item.path.relative_to(REPO / "tests").parts
        if (len(parts) > 1 and parts[0] in SLOW_DIRECTORIES) or "/".join(parts) in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def _keep_state_out_of_home() -> None:
    """In-process scans keep their HMAC key and caches in the session's temporary directory."""
    os.environ.setdefault("XDG_CONFIG_HOME", str(_session_cache() / "config"))
    os.environ.setdefault("GATEKEEPER_CACHE_DIR", str(_session_cache()))
    # The advisory fixtures and the real snapshot are frozen, so older than the default maximum
    # age (5 days): tests of the age check itself unset this (tests/advisories/test_max_age.py).
    os.environ.setdefault(MAX_AGE_ENV, "unlimited")


@pytest.fixture
def vulnerable_tree(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(VULNERABLE_PY)
    return tmp_path


@pytest.fixture
def clean_tree(tmp_path: Path) -> Path:
    (tmp_path / "util.py").write_text(CLEAN_PY)
    return tmp_path


@pytest.fixture
def fake_tool(tmp_path: Path) -> Callable[[str], str]:
    """Write an executable shell script that stands in for a scanner, for fault injection."""

    def make(body: str) -> str:
        path = tmp_path / f"fake-tool-{len(list(tmp_path.glob('fake-tool-*')))}"
        path.write_text("#!/bin/sh\n" + body + "\n")
        path.chmod(0o755)
        return str(path)

    return make


def _session_cache() -> Path:
    global _CACHE
    if _CACHE is None:
        _CACHE = Path(tempfile.mkdtemp(prefix="gatekeeper-test-cache-"))
    return _CACHE


_CACHE: Path | None = None


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI as a subprocess, exactly as a pipeline runs it."""
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith("GATEKEEPER_") or k.startswith("GATEKEEPER_TEST_")
    }
    # Caches (advisory index, results) go to the session's temporary directory, not the user's home.
    full_env["GATEKEEPER_CACHE_DIR"] = str(_session_cache())
    full_env.setdefault("XDG_CONFIG_HOME", str(_session_cache() / "config"))
    # Frozen advisory fixtures (see _keep_state_out_of_home); `env={MAX_AGE_ENV: ""}` gets the default.
    full_env[MAX_AGE_ENV] = "unlimited"
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "gatekeeper", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def record_scans(monkeypatch: pytest.MonkeyPatch, scanner_class: type) -> list[list[str]]:
    """Which files each `scan` of `scanner_class` is handed, in order (the scan still runs)."""
    calls: list[list[str]] = []
    original = scanner_class.scan

    def spy(self: object, context: object, files: Sequence[str]) -> object:
        calls.append(list(files))
        return original(self, context, files)

    monkeypatch.setattr(scanner_class, "scan", spy)
    return calls
