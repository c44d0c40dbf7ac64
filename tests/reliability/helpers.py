"""Shared by the reliability tests: the CLI as a pipeline runs it (never forever), the one-line
error contract, the planted evidence that partial results must keep, and the system capabilities
(mounts, network namespaces, a Python without the scanners) some faults need to be real."""

from __future__ import annotations

import functools
import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.conftest import CLEAN_PY
from tests.secrets.helpers import UPPER, rand

HANG_LIMIT = 600.0
"""Seconds after which a run counts as hung. A hang detector only: no test asserts a duration."""

SECRET_RULE = "secrets-aws-access-key"
AWS_KEY_ID = "AKIA" + rand(UPPER.replace("0", "").replace("1", ""), 16, "reliability")
"""Made at run time (no credential-shaped literal in a test file): the evidence a healthy scanner
finds while another one fails, so a test can see that partial results are still reported."""


def gate(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    python: str | None = None,
    prelude: str | None = None,
    wrapper: tuple[str, ...] = (),
    timeout: float = HANG_LIMIT,
) -> subprocess.CompletedProcess[str]:
    """`gatekeeper ARGS` as a subprocess, with the environment tests.conftest.run_cli gives it.

    `python`: another interpreter (one without the scanners next to it). `prelude`: Python code
    run in the CLI's process before it starts (freeze the clock, inject a fault at one call).
    `wrapper`: a command prefix (a network namespace)."""
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith("GATEKEEPER_") or k.startswith("GATEKEEPER_TEST_")
    }
    full_env.setdefault("XDG_CONFIG_HOME", str(_state_dir() / "config"))
    full_env["GATEKEEPER_CACHE_DIR"] = str(_state_dir() / "cache")
    full_env["GATEKEEPER_ADVISORIES_MAX_AGE"] = "unlimited"  # frozen fixtures, as in tests.conftest.run_cli
    full_env.update(env or {})
    interpreter = python or sys.executable
    if prelude:
        argv = [interpreter, "-c", prelude + "\nfrom gatekeeper.cli import main\nmain()\n", *args]
    else:
        argv = [interpreter, "-m", "gatekeeper", *args]
    try:
        return subprocess.run(
            [*wrapper, *argv],
            cwd=cwd,
            env=full_env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"gatekeeper {' '.join(args)} hung: no exit within {timeout:g}s")


@functools.lru_cache(maxsize=1)
def _state_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="gatekeeper-reliability-"))


def error_line(proc: subprocess.CompletedProcess[str], *needles: str) -> str:
    """The contract for an error: no traceback, exactly one `gatekeeper: error:` line, naming what
    failed and why (`needles`), and no line of stderr that a CI runner would read as a command."""
    for stream in (proc.stdout, proc.stderr):
        assert "Traceback" not in stream, stream
    lines = [line for line in proc.stderr.splitlines() if line.startswith("gatekeeper: error:")]
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert not [line for line in proc.stderr.splitlines() if line.lstrip().startswith(("::", "##["))], proc.stderr
    return lines[0]


def no_crash(proc: subprocess.CompletedProcess[str]) -> None:
    """Any verdict, but a verdict: exit 0, 1 or 2, no traceback, and an exit 2 says why in one line."""
    assert proc.returncode in (0, 1, 2), (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr[-4000:]
    assert "internal error" not in proc.stderr, proc.stderr[-2000:]
    if proc.returncode == 2:
        error_line(proc)


def plant_evidence(root: Path) -> Path:
    """A small project: clean code, a pinned requirement and a hard-coded AWS key id."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "app.py").write_text(CLEAN_PY)
    (root / "settings.py").write_text(f'AWS_ACCESS_KEY_ID = "{AWS_KEY_ID}"\n')
    (root / "requirements.txt").write_text("demo-pkg==1.0.0\n")
    return root


def load_report(path: Path) -> dict[str, Any]:
    assert path.is_file(), f"no report written at {path}"
    return json.loads(path.read_text(encoding="utf-8"))


def scanner_entry(report: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in report["scan"]["scanners"] if s["name"] == name)


def assert_not_assessed(report: dict[str, Any], scanner: str, cause: str, state: str) -> None:
    """Every control whose evidence comes (partly) from `scanner` is not assessed (or failing on a
    finding the healthy scanners made), none passes, and the reasons name the scanner's problem."""
    controls = report["controls"]
    affected = {s["id"]: s for s in controls["evidence_sources"] if scanner in s["scanners"]}
    assert affected, f"no evidence source uses {scanner}"
    for source in affected.values():
        assert source["state"] == state, source
        assert cause in source["detail"], (cause, source["detail"])
    needing = [c for f in controls["frameworks"] for c in f["controls"] if set(c["evidence"]) & set(affected)]
    assert needing
    assert {c["status"] for c in needing} <= {"not_assessed", "failing"}, sorted({c["status"] for c in needing})
    unassessed = [c for c in needing if c["status"] == "not_assessed"]
    assert unassessed and all(cause in c["reason"] for c in unassessed), unassessed[:1]


# --- capabilities -------------------------------------------------------------------------------


def bare_python(where: Path) -> str:
    """An interpreter with gatekeeper importable but no semgrep or bandit next to it (a virtual
    environment of its own, which sees this environment's packages through a .pth file)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, capture_output=True)
    packages = Path(sysconfig.get_path("purelib", vars={"base": str(where), "platbase": str(where)}))
    ours = [p for p in [*site.getsitepackages(), site.getusersitepackages()] if Path(p).is_dir()]
    repo = str(Path(__file__).resolve().parents[2])
    (packages / "_gatekeeper_test_env.pth").write_text(
        "import site, sys; list(map(site.addsitedir, %r)); sys.path.append(%r)\n" % (ours, repo)
    )
    return str(where / "bin" / "python")


def path_without(*tools: str) -> str:
    """$PATH minus every directory that holds one of `tools`."""
    keep = [
        d
        for d in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep)
        if d and not any(os.access(os.path.join(d, t), os.X_OK) for t in tools)
    ]
    return os.pathsep.join(keep)


def is_root() -> bool:
    return os.geteuid() == 0


@functools.lru_cache(maxsize=1)
def can_mount() -> bool:
    """Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN, as in CI here)."""
    if not is_root() or shutil.which("mount") is None:
        return False
    probe = Path(tempfile.mkdtemp(prefix="gatekeeper-mount-probe-"))
    try:
        if subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True
        ).returncode:
            return False
        subprocess.run(["umount", str(probe)], capture_output=True)
        return True
    finally:
        probe.rmdir()


@contextmanager
def tmpfs(where: Path, options: str) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], check=True, capture_output=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


@functools.lru_cache(maxsize=1)
def netns_prefix() -> tuple[str, ...] | None:
    """A command prefix that runs a command in a new network namespace with only loopback up;
    None when this system cannot make one (no unshare, no privilege, no user namespaces)."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return None
    for unshare in (("unshare", "--net"), ("unshare", "--user", "--map-root-user", "--net")):
        prefix = (*unshare, "sh", "-c", 'ip link set lo up && exec "$@"', "sh")
        if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    return None
