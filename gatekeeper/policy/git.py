"""The few git commands the policy stage needs, each failure one GatekeeperError naming the cause."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from gatekeeper.errors import GatekeeperError

TIMEOUT = 120.0


def run(args: Sequence[str], cwd: Path, *, what: str, input: bytes | None = None, check: bool = True) -> bytes:
    """`git <args>` in `cwd`; its output as bytes (paths may not be UTF-8)."""
    # Repository and user settings must not change what is read: no pager, no colour, no
    # external diff tools, quoted paths off.
    argv = ["git", "-c", "core.quotePath=false", "-c", "color.ui=false", *args]
    env = dict(os.environ, GIT_PAGER="cat", GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        proc = subprocess.run(
            argv,
            cwd=cwd,
            input=input,
            capture_output=True,
            timeout=TIMEOUT,
            env=env,
            stdin=None if input is not None else subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GatekeeperError(f"{what} needs git, which is not installed (not found on PATH)") from None
    except subprocess.TimeoutExpired:
        raise GatekeeperError(f"{what}: git {args[0]} timed out after {TIMEOUT:g}s") from None
    except OSError as exc:
        raise GatekeeperError(f"{what}: git could not be started: {exc.strerror or exc}") from None
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit code {proc.returncode}"
        raise GatekeeperError(f"{what}: git {args[0]} failed: {detail}")
    return proc.stdout


def toplevel(path: Path, what: str) -> Path:
    directory = path if path.is_dir() else path.parent
    try:
        out = run(["rev-parse", "--show-toplevel"], directory, what=what)
    except GatekeeperError:
        raise GatekeeperError(f"{what} needs a git repository: {path} is not inside one") from None
    return Path(os.fsdecode(out.strip()))


@dataclass(frozen=True)
class Tracked:
    files: frozenset[str]
    """Files git tracks under the root, relative to it, those of checked-out submodules included."""
    submodules: frozenset[str]
    """Submodules whose files are not in the tree (not initialised, or not checked out)."""


_GITLINK = b"160000 "
"""`git ls-files --stage` mode of a submodule entry."""


def tracked_files(root: Path) -> Tracked | None:
    """What git tracks under `root`; None when `root` is not in a repository.

    Submodules are expanded here rather than with `ls-files --recurse-submodules`, which drops
    a submodule that is initialised but not checked out without a word: each one is either
    listed file by file or reported as not checked out."""
    try:
        out = run(["ls-files", "-z", "--stage", "--", "."], root, what="listing tracked files")
    except GatekeeperError:
        return None
    files: set[str] = set()
    submodules: set[str] = set()
    for entry in out.split(b"\0"):
        meta, _, raw = entry.partition(b"\t")
        if not raw:
            continue
        path = os.fsdecode(raw)
        if not meta.startswith(_GITLINK):
            files.add(path)
            continue
        inner = tracked_files(root / path) if (root / path / ".git").exists() else None
        if inner is None:
            submodules.add(path)
        else:
            files |= {f"{path}/{f}" for f in inner.files}
            submodules |= {f"{path}/{s}" for s in inner.submodules}
    return Tracked(frozenset(files), frozenset(submodules))
