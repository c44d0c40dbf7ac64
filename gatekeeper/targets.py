"""Which files a scan covers: the tree (or the files) the user named, walked without leaving it."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from gatekeeper.errors import GatekeeperError
from gatekeeper.scanners.base import SkippedFile

# Directories that hold tooling, caches or third-party code rather than the project's own source.
EXCLUDED_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs", "site-packages", ".terraform",
    }
)


@dataclass(frozen=True)
class Targets:
    root: Path
    files: tuple[str, ...]
    """POSIX paths relative to `root`, sorted."""
    excluded: tuple[SkippedFile, ...]
    """Files deliberately left out (a link leaving the tree, not a regular file), with the reason."""
    explicit: bool
    """True when the user named files rather than a directory."""


def discover(paths: Sequence[Path]) -> Targets:
    """Resolve what the user asked for; a path that does not exist is an error, never an empty pass."""
    if not paths:
        paths = [Path.cwd()]
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise GatekeeperError(f"target not found: {missing[0]}")
    if len(paths) == 1 and paths[0].is_dir():
        root = paths[0].resolve()
        files, excluded = _walk(root)
        return Targets(root, tuple(sorted(files)), tuple(sorted(excluded, key=lambda s: s.path)), explicit=False)
    root = _common_root([p.absolute() for p in paths])
    files: list[str] = []
    excluded: list[SkippedFile] = []
    for path in paths:
        if path.is_dir():
            sub_files, sub_excluded = _walk(path.resolve(), root)
            files += sub_files
            excluded += sub_excluded
        else:
            relative = _relative(path.absolute(), root)
            reason = _exclusion_reason(path.absolute(), root)
            (excluded.append(SkippedFile(relative, reason)) if reason else files.append(relative))
    return Targets(root, tuple(sorted(set(files))), tuple(sorted(set(excluded), key=lambda s: s.path)), explicit=True)


def _common_root(paths: list[Path]) -> Path:
    cwd = Path.cwd().resolve()
    resolved = [p.parent.resolve() / p.name if not p.is_dir() else p.resolve() for p in paths]
    if all(_is_within(p, cwd) for p in resolved):
        return cwd
    return Path(os.path.commonpath([str(p if p.is_dir() else p.parent) for p in resolved]))


def _walk(top: Path, root: Path | None = None) -> tuple[list[str], list[SkippedFile]]:
    root = root or top
    files: list[str] = []
    excluded: list[SkippedFile] = []
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        # Directory links are not followed: they can loop or lead out of the tree.
        dirnames[:] = sorted(d for d in dirnames if d not in EXCLUDED_DIRS and not os.path.islink(os.path.join(dirpath, d)))
        for name in filenames:
            path = Path(dirpath, name)
            relative = _relative(path, root)
            reason = _exclusion_reason(path, root)
            if reason:
                excluded.append(SkippedFile(relative, reason))
            else:
                files.append(relative)
    return files, excluded


def _exclusion_reason(path: Path, root: Path) -> str | None:
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "broken or looping symbolic link"
        if not _is_within(target, root):
            return "symbolic link to a file outside the scan root (not followed)"
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    return None


def _relative(path: Path, root: Path) -> str:
    absolute = path.parent.resolve() / path.name
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


def _is_within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False
