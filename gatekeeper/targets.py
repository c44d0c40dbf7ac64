"""Which files a scan covers: the tree (or the files) the user named, walked without leaving it.

A directory walk skips tool and vendor directories, what `.gitignore` files ignore (unless git
tracks the file: tracked content is always scanned, so a .gitignore line cannot hide code from
the gate) and what the configuration's `paths.include` / `paths.exclude` leave out. Files named
explicitly skip only the configuration's include/exclude, and are listed as excluded when they do.
A git submodule's files are tracked content like any other; a submodule that is not checked out
is listed, as lost coverage, unless `paths.exclude` leaves it out.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pathspec

from gatekeeper.config import PathRules, compile_patterns
from gatekeeper.content import SNIFF_BYTES, is_binary
from gatekeeper.errors import GatekeeperError
from gatekeeper.policy.git import Tracked, tracked_files
from gatekeeper.scanners.base import SkippedFile

# Directories that hold tooling, caches or third-party code rather than the project's own source.
EXCLUDED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
        "site-packages",
        ".terraform",
    }
)


MINIFIED_LINE = 10_000
"""Characters in one line beyond which a file is taken for minified or generated output."""
MINIFIED = "minified or generated"
BINARY_CONTENT = ", binary content"
OWN_OUTPUT = "gatekeeper's own report: this run writes it (-o), and git does not track it"
SUBMODULE_NOT_CHECKED_OUT = (
    "git submodule not checked out: its files are not in the tree "
    "(check it out with `git submodule update --init --recursive`, or leave it out with paths.exclude)"
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


def discover(
    paths: Sequence[Path], rules: PathRules | None = None, root: Path | None = None, outputs: Sequence[Path] = ()
) -> Targets:
    """Resolve what the user asked for; a path that does not exist is an error, never an empty pass.

    `root` overrides the scan root for explicitly named files (a `--staged` tree). `outputs`: the
    reports this run writes (-o), left out of a directory walk when git does not track them."""
    if not paths:
        paths = [Path.cwd()]
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise GatekeeperError(f"target not found: {missing[0]}")
    rules = rules or PathRules()
    if len(paths) == 1 and paths[0].is_dir() and root is None:
        root = paths[0].resolve()
        found, left_out = _walk(root, selection=_Selection(root, rules, outputs))
        return Targets(root, tuple(sorted(found)), tuple(sorted(left_out, key=lambda s: s.path)), explicit=False)
    root = root.resolve() if root is not None else _common_root([p.absolute() for p in paths])
    selection = _Selection(root, rules, outputs)
    files: list[str] = []
    excluded: list[SkippedFile] = []
    for path in paths:
        if path.is_dir():
            sub_files, sub_excluded = _walk(path.resolve(), root, selection)
            files += sub_files
            excluded += sub_excluded
        else:
            relative = _relative(path.absolute(), root)
            reason = _exclusion_reason(path.absolute(), root, rules.max_file_bytes) or selection.config_reason(relative)
            (excluded.append(SkippedFile(relative, reason)) if reason else files.append(relative))
    return Targets(root, tuple(sorted(set(files))), tuple(sorted(set(excluded), key=lambda s: s.path)), explicit=True)


class _Selection:
    """The configuration's include/exclude and the .gitignore files, relative to the scan root."""

    def __init__(self, root: Path, rules: PathRules, outputs: Sequence[Path] = ()) -> None:
        self.root = root
        self.max_file_bytes = rules.max_file_bytes
        self.include = compile_patterns(rules.include) if rules.include else None
        self.exclude = compile_patterns(rules.exclude) if rules.exclude else None
        tracked = tracked_files(root)
        self.gitignore = _GitIgnore(root, tracked) if rules.gitignore else None
        self.submodules = tracked.submodules if tracked is not None else frozenset()
        # This run's reports, overwritten by it, are its output, not the project's content; but
        # only where git says so: a tracked file, or any file outside a work tree, is scanned.
        self.own_outputs = frozenset(
            relative
            for relative in (_relative(p.absolute(), root) for p in outputs)
            if tracked is not None and relative not in tracked.files
        )

    def config_reason(self, relative: str) -> str | None:
        if self.include is not None and not self.include.match_file(relative):
            return "not matched by the configuration's paths.include"
        if self.exclude is not None and self.exclude.match_file(relative):
            return "excluded by the configuration's paths.exclude"
        return None

    def skips_dir(self, relative: str) -> bool:
        if self.exclude is not None and self.exclude.match_file(relative + "/"):
            return True
        return self.gitignore is not None and self.gitignore.ignores_dir(relative)

    def skips_file(self, relative: str) -> bool:
        if self.gitignore is not None and self.gitignore.ignores_file(relative):
            return True
        return self.config_reason(relative) is not None


class _GitIgnore:
    """`.gitignore` files from the repository's top level down, with git's precedence: the deepest
    file with a matching pattern decides, and its last matching pattern wins. Tracked files are
    never ignored (git itself does not ignore them). `.git/info/exclude` and the user's global
    excludes file are personal settings and not read: a shared gate must not depend on them.

    Only inside a git work tree: without git to say what is tracked, a `.gitignore` arriving with
    the code under review could hide that code, so outside one (a source tarball) nothing is ignored."""

    def __init__(self, root: Path, tracked: Tracked | None) -> None:
        self.root = root
        self.active = tracked is not None
        self.tracked = tracked.files if tracked is not None else frozenset()
        # A submodule is tracked content whether or not its files are checked out.
        submodules = tracked.submodules if tracked is not None else frozenset()
        self.tracked_dirs = submodules | frozenset(
            "/".join(parts[:i])
            for parts in (p.split("/") for p in self.tracked | submodules)
            for i in range(1, len(parts))
        )
        self.specs: dict[str, pathspec.GitIgnoreSpec | None] = {}
        self.above = self._ancestor_specs(root) if self.active else []

    def _ancestor_specs(self, root: Path) -> list[tuple[str, pathspec.GitIgnoreSpec]]:
        """.gitignore files above the scan root, up to the repository's top level (prefix, spec)."""
        specs: list[tuple[str, pathspec.GitIgnoreSpec]] = []
        current = root
        while not (current / ".git").exists() and current.parent != current:
            current = current.parent
            spec = _read_spec(current / ".gitignore")
            if spec is not None:
                specs.append((root.relative_to(current).as_posix() + "/", spec))
        if not (current / ".git").exists():
            return []  # not in a repository: only the scan root's own .gitignore files count
        return specs

    def _spec(self, directory: str) -> pathspec.GitIgnoreSpec | None:
        if directory not in self.specs:
            self.specs[directory] = _read_spec(self.root / directory / ".gitignore")
        return self.specs[directory]

    def _ignored(self, relative: str) -> bool:
        parts = relative.rstrip("/").split("/")
        for depth in range(len(parts) - 1, -1, -1):
            directory = "/".join(parts[:depth])
            spec = self._spec(directory)
            if spec is not None:
                decision = spec.check_file(relative[len(directory) + 1 :] if directory else relative).include
                if decision is not None:
                    return bool(decision)
        for prefix, spec in self.above:
            decision = spec.check_file(prefix + relative).include
            if decision is not None:
                return bool(decision)
        return False

    def ignores_dir(self, relative: str) -> bool:
        return self.active and relative not in self.tracked_dirs and self._ignored(relative + "/")

    def ignores_file(self, relative: str) -> bool:
        return self.active and relative not in self.tracked and self._ignored(relative)


def _read_spec(path: Path) -> pathspec.GitIgnoreSpec | None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return compile_patterns(text.splitlines())


def scan_root(paths: Sequence[Path]) -> Path:
    """The root `discover` will use for `paths` (where the configuration file is looked for)."""
    if not paths:
        return Path.cwd().resolve()
    if len(paths) == 1 and paths[0].is_dir():
        return paths[0].resolve()
    return _common_root([p.absolute() for p in paths])


def _common_root(paths: list[Path]) -> Path:
    cwd = Path.cwd().resolve()
    resolved = [p.parent.resolve() / p.name if not p.is_dir() else p.resolve() for p in paths]
    if all(_is_within(p, cwd) for p in resolved):
        return cwd
    return Path(os.path.commonpath([str(p if p.is_dir() else p.parent) for p in resolved]))


def _walk(
    top: Path, root: Path | None = None, selection: _Selection | None = None
) -> tuple[list[str], list[SkippedFile]]:
    root = root or top
    files: list[str] = []
    excluded: list[SkippedFile] = []
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        # Directory links are not followed: they can loop or lead out of the tree.
        dirnames[:] = sorted(
            d for d in dirnames if d not in EXCLUDED_DIRS and not os.path.islink(os.path.join(dirpath, d))
        )
        if selection is not None:
            dirnames[:] = [d for d in dirnames if not selection.skips_dir(_relative(Path(dirpath, d), root))]
            excluded += [
                SkippedFile(relative, SUBMODULE_NOT_CHECKED_OUT)
                for relative in (_relative(Path(dirpath, d), root) for d in dirnames)
                if relative in selection.submodules
            ]
        for name in filenames:
            if name == ".git":
                continue  # a submodule's pointer to its repository, as the .git directory is skipped
            path = Path(dirpath, name)
            relative = _relative(path, root)
            if selection is not None and relative in selection.own_outputs:
                excluded.append(SkippedFile(relative, OWN_OUTPUT))
                continue
            if selection is not None and selection.skips_file(relative):
                continue  # left out by .gitignore or the configuration: recorded by the policy, not per file
            reason = _exclusion_reason(path, root, selection.max_file_bytes if selection else PathRules.max_file_bytes)
            if reason:
                excluded.append(SkippedFile(relative, reason))
            else:
                files.append(relative)
    return files, excluded


def _exclusion_reason(path: Path, root: Path, max_file_bytes: int) -> str | None:
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
    size = path.stat().st_size
    if size > max_file_bytes:
        binary = BINARY_CONTENT if is_binary(_head(path, SNIFF_BYTES)) else ""
        return f"larger than {max_file_bytes} bytes ({size}; paths.max_file_bytes){binary}"
    if size > MINIFIED_LINE and _has_minified_line(path):
        return f"{MINIFIED} (a line longer than {MINIFIED_LINE} characters)"
    return None


def left_out_by_content(excluded: SkippedFile) -> bool:
    """Whether a file was left out for what it holds (its size, a minified line) rather than for
    where it is: a scanner that would have read it lost that coverage (see engine.run)."""
    return excluded.reason.startswith(("larger than ", MINIFIED, SUBMODULE_NOT_CHECKED_OUT))


def is_minified(excluded: SkippedFile) -> bool:
    """Left out for a minified line: only scanners that do not read such text lose it."""
    return excluded.reason.startswith(MINIFIED)


def is_binary_content(excluded: SkippedFile) -> bool:
    """Left out for its size, and binary: a scanner that reads text only lost nothing."""
    return excluded.reason.endswith(BINARY_CONTENT)


def _has_minified_line(path: Path) -> bool:
    """A line too long for a person to have written it, within the first 64 KiB of a text file.
    Binary content (an image, an archive) has no lines: it is not code, whatever its byte runs."""
    head = _head(path, 64 * 1024)
    return not is_binary(head) and any(len(line) > MINIFIED_LINE for line in head.split(b"\n"))


def _head(path: Path, size: int) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


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
