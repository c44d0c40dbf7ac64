"""Dependency sources: what a project pins, each with the file and line that pins it, in every ecosystem.

This module holds the one type every parser returns (`Requirement`), their error, and the dispatch
from a file name to its parser; the parsers live in one module per ecosystem (`pypi_manifests`, ...).
Nothing here resolves or downloads anything.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name

LOCK_KINDS = frozenset({"poetry-lock", "uv-lock", "pylock", "pipfile-lock"})
_REQUIREMENTS_NAME = re.compile(r"requirements.*\.txt")
_PYLOCK_NAME = re.compile(r"pylock\.([^.]+\.)?toml")
_OTHER_NAMES = {
    "package-lock.json": "npm-lock",
    "npm-shrinkwrap.json": "npm-lock",
    "yarn.lock": "yarn-lock",
    "pnpm-lock.yaml": "pnpm-lock",
    "package.json": "package-json",
    "pom.xml": "pom",
}
"""Other ecosystems' manifests, by file name (their parsers: `read_manifest`)."""
_GRADLE_LOCK_NAME = re.compile(r"(?:.+[.-])?gradle\.lockfile")
_URL_CREDENTIALS = re.compile(r"\b([a-z][a-z0-9+.-]*://)[^/\s@]+@", re.IGNORECASE)


def scrub_credentials(text: str) -> str:
    """`https://user:token@host` -> `https://***@host`: manifest text reaches reports, tokens must not."""
    return _URL_CREDENTIALS.sub(r"\1***@", text)


@dataclass(frozen=True)
class Requirement:
    """One declared dependency at one place."""

    name: str
    """As written in the manifest."""
    path: str
    """The manifest that declares (or, for a constrained requirement, pins) it, POSIX, relative to the scan root."""
    line: int
    version: str | None = None
    """The exact version pinned; None when the manifest does not pin one."""
    spec: str = ""
    """The requirement as written, for messages (e.g. `flask>=1.0`)."""
    group: str = ""
    """Where in the manifest: "" for the main dependencies, else e.g. `optional:socks`, `dev`, `develop`."""
    marker: str = ""
    unpinned_reason: str = ""
    ecosystem: str = "PyPI"
    """The OSV ecosystem name the package lives in ("PyPI", "npm", "Maven", "Go", ...)."""
    depends_on: tuple[tuple[str, str], ...] = ()
    """The (name, version) of each package this one requires, as the lock file resolves them."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", scrub_credentials(self.name))
        object.__setattr__(self, "spec", scrub_credentials(self.spec))
        object.__setattr__(self, "unpinned_reason", scrub_credentials(self.unpinned_reason))  # may quote a source URL

    @property
    def canonical_name(self) -> str:
        """PEP 503 for PyPI; other ecosystems' names are compared as OSV writes them (npm names are
        lowercase by rule, Maven's `group:artifact` and Go module paths are case-sensitive)."""
        return canonicalize_name(self.name) if self.ecosystem == "PyPI" else self.name


class ManifestError(Exception):
    """A manifest that cannot be read completely; `path` is what the scan loses."""

    def __init__(self, path: str, reason: str) -> None:
        reason = scrub_credentials(reason)
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def manifest_kind(path: str) -> str | None:
    """Which parser reads the file at `path` (a POSIX path), or None if it is not a manifest."""
    name = path.rsplit("/", 1)[-1]
    if name == "pyproject.toml":
        return "pyproject"
    if name == "poetry.lock":
        return "poetry-lock"
    if name == "Pipfile.lock":
        return "pipfile-lock"
    if name == "uv.lock":
        return "uv-lock"
    if _PYLOCK_NAME.fullmatch(name):
        return "pylock"
    if name == "go.mod":
        return "go-mod"
    parent = path.rsplit("/", 2)[-2] if "/" in path else ""
    if _REQUIREMENTS_NAME.fullmatch(name) or (parent == "requirements" and name.endswith(".txt")):
        return "requirements"
    return _OTHER_NAMES.get(name) or ("gradle-lockfile" if _GRADLE_LOCK_NAME.fullmatch(name) else None)


def read_manifest(root: Path, path: str, kind: str | None = None) -> list[Requirement]:
    """Every dependency the manifest declares (first-party local paths excepted). Raises ManifestError."""
    from gatekeeper.advisories import gomod
    from gatekeeper.advisories.maven_manifests import read_pom
    from gatekeeper.advisories.maven_text import gradle_lockfile, gradle_tree, mvn_tree
    from gatekeeper.advisories.npm_manifests import package_json, package_lock
    from gatekeeper.advisories.pnpm_lock import pnpm_lock
    from gatekeeper.advisories.pypi_manifests import (  # the parsers import this module's types
        _pipfile_lock,
        _poetry_lock,
        _pylock,
        _pyproject,
        _RequirementsReader,
        _uv_lock,
    )
    from gatekeeper.advisories.yarn_lock import yarn_lock

    kind = kind or manifest_kind(path) or "requirements"
    if kind == "requirements":
        return _RequirementsReader(root).read(path)
    if kind == "pom":  # reads its parent POMs in the tree too
        return read_pom(root, path)
    text = _text(root, path)
    parser: Callable[[str, str], list[Requirement]] = {
        "pyproject": _pyproject,
        "poetry-lock": _poetry_lock,
        "uv-lock": _uv_lock,
        "pylock": _pylock,
        "pipfile-lock": _pipfile_lock,
        "npm-lock": package_lock,
        "yarn-lock": yarn_lock,
        "pnpm-lock": pnpm_lock,
        "package-json": package_json,
        "gradle-lockfile": gradle_lockfile,
        "mvn-tree": mvn_tree,
        "gradle-tree": gradle_tree,
        "go-mod": lambda p, t: gomod.parse(p, t, root),
    }[kind]
    try:
        return parser(path, text)
    except RecursionError:  # json and tomllib recurse once per level of nesting
        raise ManifestError(path, "nested too deeply to parse") from None


def manifest_files(root: Path, path: str) -> list[str]:
    """The manifest and every file it includes (`-r`, `-c`) or inherits from (a parent POM), as far as they can be read."""
    from gatekeeper.advisories import gomod
    from gatekeeper.advisories.maven_manifests import pom_files
    from gatekeeper.advisories.pypi_manifests import _RequirementsReader

    if manifest_kind(path) == "pom":  # its parents in the tree give it versions too
        return pom_files(root, path)
    if manifest_kind(path) == "go-mod":
        return gomod.files(root, path)
    if (manifest_kind(path) or "requirements") != "requirements":
        return [path]
    reader = _RequirementsReader(root)
    try:
        reader.read(path)
    except ManifestError:
        pass  # reported by the scan; what was read so far is still part of the answer
    return sorted({path, *(display_path(p, root) for p in reader.seen)})


def display_path(file: Path, root: Path) -> str:
    """POSIX path relative to the scan root (with `..` for a file outside it)."""
    return Path(os.path.relpath(file.absolute(), root)).as_posix()


def _text(root: Path, path: str) -> str:
    try:
        return (root / path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ManifestError(path, "not UTF-8 text") from None
    except OSError as exc:
        raise ManifestError(path, f"cannot be read: {exc.strerror or exc}") from None
