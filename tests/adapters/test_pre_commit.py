"""The pre-commit hook, run by pre-commit itself (`try-repo`) from a snapshot of this repository.

`pre-commit try-repo` clones the hook repository at HEAD, adding tracked changes but not untracked
files, so running it on this working tree would test the last commit, not these files. The test
commits a snapshot of the files (tracked and untracked, ignored ones left out) to a temporary
repository and tries that: the same on a clean clone and in a working tree with changes.
`language: python` makes pre-commit build a virtualenv and pip-install the snapshot (offline, from
the configured package index). try-repo keeps it in a throwaway store, so each of the two runs
builds its own: the slowest test here, kept to those two runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.adapters.conftest import GIT_IDENTITY, ROOT, git, make_repo
from tests.conftest import CLEAN_PY, VULNERABLE_PY

# What `pip install .` needs when this is not a git checkout (an sdist, say).
PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "gatekeeper", "rules")


def snapshot_files() -> list[str]:
    proc = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        found = []
        for name in PACKAGE_FILES:
            path = ROOT / name
            found += [
                p.relative_to(ROOT).as_posix()
                for p in ([path] if path.is_file() else path.rglob("*"))
                if p.is_file() and "__pycache__" not in p.parts
            ]
        return found
    return [name for name in proc.stdout.split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in snapshot_files():
        target = snapshot / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    git(snapshot, "init", "--quiet", "--initial-branch=main")
    git(snapshot, "add", "--all")
    git(snapshot, "commit", "--quiet", "--message", "snapshot")
    return snapshot


def try_repo(hook_repo: Path, target: Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / "pre-commit"
    if not executable.exists():
        pytest.fail(f"pre-commit is not installed next to {sys.executable}: pip install -e '.[test]'")
    env = {**os.environ, **GIT_IDENTITY, "PRE_COMMIT_COLOR": "never"}
    env = {k: v for k, v in env.items() if not k.startswith("GATEKEEPER_")}
    # Without --files or --all-files pre-commit runs the hook on the staged files, as on a commit.
    return subprocess.run(
        [str(executable), "try-repo", str(hook_repo), "gatekeeper", "--verbose"],
        cwd=target,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def staged_repo(path: Path, files: dict[str, str]) -> Path:
    repo = make_repo(path, {"README.md": "fixture\n"})
    for name, content in files.items():
        (repo / name).write_text(content)
    git(repo, "add", *files)
    return repo


def test_vulnerable_staged_file_fails_and_clean_one_passes(hook_repo: Path, tmp_path: Path) -> None:
    vulnerable = staged_repo(tmp_path / "vulnerable", {"app.py": VULNERABLE_PY})
    failed = try_repo(hook_repo, vulnerable)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "gatekeeper security gate" in output and "Failed" in output
    assert "app.py:" in output and "FAILED:" in output  # the developer sees what to change

    clean = staged_repo(tmp_path / "clean", {"util.py": CLEAN_PY})
    passed = try_repo(hook_repo, clean)
    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert "Passed" in output
