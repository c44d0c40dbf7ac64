"""Fixtures for the CI adapters: fixture repositories, the installed gatekeeper, and a recording fake.

The adapters only ever call the `gatekeeper` command, so tests put either the real one (installed
next to this interpreter) or a fake that records its argv first on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import CLEAN_PY, VULNERABLE_PY

ROOT = Path(__file__).resolve().parents[2]
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "gatekeeper tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "gatekeeper tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    # Fixed dates: the same files committed in two workspaces are the same commit, as every CI job
    # of one build checks out (a sharded build's jobs made a second apart would differ otherwise).
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
}


def installed_bin() -> Path:
    """The directory holding the `gatekeeper` installed with this interpreter (and its python3)."""
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "gatekeeper").exists():
        pytest.fail(f"gatekeeper is not installed next to {sys.executable}: pip install -e '.[test]'")
    return bin_dir


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-C", str(repo), *args],
        env={**os.environ, **GIT_IDENTITY},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout.strip()


def make_repo(path: Path, files: dict[str, str]) -> Path:
    """A git repository with `files` committed on main."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "--quiet", "--initial-branch=main")
    for name, content in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
    git(path, "add", "--all")
    git(path, "commit", "--quiet", "--message", "fixture")
    return path


@pytest.fixture
def vulnerable_repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "vulnerable", {"app.py": VULNERABLE_PY})


@pytest.fixture
def clean_repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "clean", {"util.py": CLEAN_PY})


FAKE_GATEKEEPER = textwrap.dedent(
    '''\
    #!{python}
    """A stand-in for the gatekeeper CLI: records its argv, writes the reports it is asked for."""
    import json, os, sys

    argv = sys.argv[1:]
    if argv[:2] == ["scan", "--help"]:
        print("Usage: gatekeeper scan [OPTIONS] [PATHS]...\\n  -o, --output FORMAT=FILE  Also write a report to FILE\\n"
              "                            (repeatable). Formats: " + os.environ.get("FAKE_FORMATS", "console, json") + ".")
        sys.exit(0)
    with open(os.environ["FAKE_GATEKEEPER_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps({{"argv": argv, "cwd": os.getcwd()}}) + "\\n")
    for index, arg in enumerate(argv):
        if arg in ("--output", "-o"):
            fmt, _, path = argv[index + 1].partition("=")
            content = os.environ.get("FAKE_REPORT_" + fmt.upper(), fmt + " report\\n")
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(content)
    sys.stdout.write(os.environ.get("FAKE_STDOUT", ""))
    sys.stderr.write(os.environ.get("FAKE_STDERR", ""))
    sys.exit(int(os.environ.get("FAKE_EXIT", "0")))
    '''
)


@dataclass
class FakeGatekeeper:
    bin_dir: Path
    log: Path

    def calls(self) -> list[list[str]]:
        if not self.log.exists():
            return []
        return [json.loads(line)["argv"] for line in self.log.read_text(encoding="utf-8").splitlines()]

    def env(self, **settings: str) -> dict[str, str]:
        return {"FAKE_GATEKEEPER_LOG": str(self.log), **settings}


@pytest.fixture
def fake_gatekeeper(tmp_path: Path) -> FakeGatekeeper:
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    script = bin_dir / "gatekeeper"
    script.write_text(FAKE_GATEKEEPER.format(python=sys.executable))
    script.chmod(0o755)
    # The adapters read JSON reports with python3; the fake's directory provides one.
    (bin_dir / "python3").symlink_to(shutil.which("python3") or sys.executable)
    return FakeGatekeeper(bin_dir, tmp_path / "fake-gatekeeper.log")


def option_value(argv: list[str], option: str) -> str | None:
    """The value after `option` in argv, or None."""
    return argv[argv.index(option) + 1] if option in argv else None


def output_paths(argv: list[str]) -> dict[str, str]:
    return dict(argv[i + 1].split("=", 1) for i, arg in enumerate(argv) if arg in ("--output", "-o"))


def orphan_commit(repo: Path) -> str:
    """A commit sharing no history with HEAD (as a base a shallow clone cannot relate to HEAD)."""
    tree = git(repo, "mktree")  # the empty tree, from empty input
    proc = subprocess.run(
        ["git", "-C", str(repo), "commit-tree", tree, "-m", "orphan"],
        env={**os.environ, **GIT_IDENTITY},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()
