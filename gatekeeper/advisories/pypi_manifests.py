"""Python (PyPI) dependency sources: the packages a project pins, each with the file and line that pins it.

Formats: requirements files (pins, hashes, `-r`/`-c` includes, markers, extras; parsed with
pip-audit's own parser, pip-requirements-parser), `pyproject.toml` (PEP 621 dependencies and
optional groups, PEP 735 dependency groups, Poetry), `poetry.lock`, `Pipfile.lock`, `uv.lock`
and `pylock.toml` (PEP 751). Nothing here resolves or downloads anything.

pip-audit's own dependency sources are not used directly: they report no line numbers, refuse
unpinned requirements instead of reporting them, and resolve through pip (the network) by default.

Environment markers are kept but not evaluated: the CI runner is not the production host, and a
pin for another platform or Python is still deployed somewhere.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as Pep508
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from gatekeeper.advisories.manifests import ManifestError, Requirement, display_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def exact_version(specifier: SpecifierSet | str) -> str | None:
    """The version a specifier pins exactly (`==1.2.3`, `===1.2.3`), or None (ranges, wildcards)."""
    try:
        specs = list(specifier if isinstance(specifier, SpecifierSet) else SpecifierSet(specifier))
    except InvalidSpecifier:
        return None
    if len(specs) != 1 or specs[0].operator not in ("==", "===") or "*" in specs[0].version:
        return None
    try:
        Version(specs[0].version)
    except InvalidVersion:
        return None
    return specs[0].version


# --- requirements files ---------------------------------------------------------------------


class _RequirementsReader:
    """Follows `-r` and `-c` includes itself: local files only, each once, never over the network,
    and never out of the tree (`-r /proc/self/environ` would quote a CI job's tokens in the report).

    An include must resolve (links followed) inside the scan root, or, for a file the user named
    outside the root (`--requirements`), inside that file's own directory. One that leaves it is
    not read: the manifest is lost coverage, named with the include's line."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.seen: set[Path] = set()
        self.constraints: dict[str, Requirement] = {}
        self.bounds: tuple[Path, ...] = (root.resolve(),)

    def read(self, path: str) -> list[Requirement]:
        top = _resolved(self.root / path)
        if top is not None and not _inside(top, self.bounds):
            self.bounds = (*self.bounds, top.parent)  # named by the user outside the tree: its directory is theirs
        found = list(self._file(self.root / path, path, constraint=False))
        resolved = []
        for req in found:
            open_range = req.version is None and not req.unpinned_reason.startswith("URL")
            pin = self.constraints.get(req.canonical_name) if open_range else None
            if pin is not None:
                # A constraints file pins what the requirement leaves open: audit that pin, where it is written.
                resolved.append(Requirement(req.name, pin.path, pin.line, pin.version, pin.spec, req.group, pin.marker))
            else:
                resolved.append(req)
        return resolved

    def _file(self, file: Path, shown: str, constraint: bool) -> Iterator[Requirement]:
        from pip_requirements_parser import (  # pip-audit's own requirements parser
            CommentRequirementLine,
            IncorrectRequirementLine,
            InvalidRequirementLine,
            OptionLine,
            RequirementsFile,
        )

        resolved = _resolved(file)
        if resolved is None:
            raise ManifestError(shown, "not found (a link loop)")
        if resolved in self.seen:
            return
        self.seen.add(resolved)
        if not file.is_file():
            raise ManifestError(shown, "not found")
        try:
            items = list(RequirementsFile.parse(str(file), include_nested=False))
        except Exception as exc:  # the parser raises pip's own exception types
            raise ManifestError(shown, f"cannot be parsed: {' '.join(str(exc).split())}") from None
        for item in items:
            if isinstance(item, (CommentRequirementLine, IncorrectRequirementLine)):
                continue  # legacy options are pip's concern, not a lost dependency
            line = item.requirement_line.line_number
            if isinstance(item, InvalidRequirementLine):
                raise ManifestError(shown, f"line {line}: {' '.join(item.error_message.split())}")
            if isinstance(item, OptionLine):
                for key in ("requirements", "constraints"):
                    for target in item.options.get(key) or ():
                        yield from self._include(file, shown, line, target, constraint or key == "constraints")
                continue
            req = self._requirement(item, shown, line)
            if req is None:
                continue
            if constraint:
                if req.version is not None:
                    self.constraints.setdefault(req.canonical_name, req)
            else:
                yield req

    def _include(self, file: Path, shown: str, line: int, target: str, constraint: bool) -> Iterator[Requirement]:
        if _URL.match(target):
            raise ManifestError(
                shown, f"line {line}: remote include {target} is not fetched (offline); vendor the file"
            )
        included = (file.parent / target) if not Path(target).is_absolute() else Path(target)
        real = _resolved(included)
        if real is not None and not _inside(real, self.bounds):
            raise ManifestError(shown, f"line {line}: included file {target} is outside the scan root: not read")
        if real is None or not included.is_file():
            raise ManifestError(shown, f"line {line}: included file {target} not found")
        yield from self._file(included, display_path(included, self.root), constraint)

    @staticmethod
    def _requirement(item: Any, shown: str, line: int) -> Requirement | None:
        link = getattr(item, "link", None)
        name = item.name
        written = item.requirement_line.line.split(" --hash")[0].split(" \\")[0].strip()
        marker = str(item.marker) if item.marker is not None else ""
        version = exact_version(item.specifier) if item.specifier else None
        if version is not None:
            return Requirement(name, shown, line, version, written, marker=marker)
        if link is not None and not link.is_vcs and link.scheme in ("", "file"):
            return None  # a local directory or archive without a version: first-party code, covered by SAST
        if link is not None:
            return Requirement(
                name or written,
                shown,
                line,
                None,
                written,
                marker=marker,
                unpinned_reason="URL or VCS requirement: no version to audit",
            )
        if not name:
            return None
        return Requirement(
            name, shown, line, None, written, marker=marker, unpinned_reason="not pinned to an exact version"
        )


def _resolved(path: Path) -> Path | None:
    """`path` with every link followed; None for a link loop (Python < 3.13 raises RuntimeError)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _inside(path: Path, bounds: Iterable[Path]) -> bool:
    """Whether `path` (resolved) is one of `bounds` (resolved directories) or below one."""
    return any(path == bound or bound in path.parents for bound in bounds)


# --- TOML and JSON manifests ----------------------------------------------------------------


class _Lines:
    """Finds the line a value was written on (the TOML/JSON parsers do not say)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.used: set[tuple[int, str]] = set()

    def find(self, pattern: re.Pattern[str], start: int = 0, end: int | None = None) -> int | None:
        """1-based number of the first unused line at or after `start` (0-based) matching `pattern`."""
        for number in range(start, len(self.lines) if end is None else min(end, len(self.lines))):
            if (number, pattern.pattern) not in self.used and pattern.search(self.lines[number]):
                self.used.add((number, pattern.pattern))
                return number + 1
        return None

    def headers(self, pattern: re.Pattern[str]) -> list[int]:
        return [n for n, text in enumerate(self.lines) if pattern.match(text)]


def _load_toml(path: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(path, f"invalid TOML: {exc}") from None


def _quoted(value: str) -> re.Pattern[str]:
    return re.compile(r"""["']""" + re.escape(value) + r"""["']""")


def _key(name: str) -> re.Pattern[str]:
    return re.compile(r"""^\s*["']?""" + re.escape(name) + r"""["']?\s*=""", re.IGNORECASE)


def _pep508(path: str, text: str, line: int, group: str) -> Requirement | None:
    try:
        req = Pep508(text)
    except InvalidRequirement as exc:
        raise ManifestError(path, f"line {line}: invalid requirement '{text}': {exc}") from None
    marker = str(req.marker) if req.marker else ""
    if req.url:
        if req.url.startswith("file:") or not _URL.match(req.url):
            return None
        return Requirement(
            req.name, path, line, None, text, group, marker, "URL or VCS requirement: no version to audit"
        )
    version = exact_version(req.specifier)
    if version is None:
        return Requirement(req.name, path, line, None, text, group, marker, "not pinned to an exact version")
    return Requirement(req.name, path, line, version, text, group, marker)


def _string_list(path: str, value: Any, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, (str, dict)) for v in value):
        raise ManifestError(path, f"{key} must be a list of requirement strings")
    return [v for v in value if isinstance(v, str)]  # PEP 735 `{include-group = ...}` entries name other groups


def _pyproject(path: str, text: str) -> list[Requirement]:
    data = _load_toml(path, text)
    lines = _Lines(text)
    found: list[Requirement] = []

    def add_pep508(entries: Iterable[str], group: str) -> None:
        for entry in entries:
            line = lines.find(_quoted(entry)) or 1
            req = _pep508(path, entry, line, group)
            if req is not None:
                found.append(req)

    project = data.get("project", {})
    if not isinstance(project, dict):
        raise ManifestError(path, "[project] must be a table")
    add_pep508(_string_list(path, project.get("dependencies", []), "project.dependencies"), "")
    optional = project.get("optional-dependencies", {})
    if not isinstance(optional, dict):
        raise ManifestError(path, "project.optional-dependencies must be a table")
    for group, entries in optional.items():
        add_pep508(_string_list(path, entries, f"project.optional-dependencies.{group}"), f"optional:{group}")
    groups = data.get("dependency-groups", {})
    if not isinstance(groups, dict):
        raise ManifestError(path, "[dependency-groups] must be a table")
    for group, entries in groups.items():
        add_pep508(_string_list(path, entries, f"dependency-groups.{group}"), f"group:{group}")

    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    if isinstance(poetry, dict):
        tables: list[tuple[str, str, Any]] = [
            ("tool.poetry.dependencies", "", poetry.get("dependencies")),
            ("tool.poetry.dev-dependencies", "dev", poetry.get("dev-dependencies")),
        ]
        poetry_groups = poetry.get("group", {})
        if isinstance(poetry_groups, dict):
            for group, table in poetry_groups.items():
                if isinstance(table, dict):
                    tables.append((f"tool.poetry.group.{group}.dependencies", group, table.get("dependencies")))
        for key, group, table in tables:
            if table is None:
                continue
            if not isinstance(table, dict):
                raise ManifestError(path, f"{key} must be a table")
            found += _poetry_table(path, lines, key, group, table)
    return found


def _poetry_table(path: str, lines: _Lines, key: str, group: str, table: dict[str, Any]) -> list[Requirement]:
    header = re.compile(r"^\s*\[\s*" + r"\s*\.\s*".join(re.escape(part) for part in key.split(".")) + r"\s*\]")
    starts = lines.headers(header)
    start = starts[0] + 1 if starts else 0
    later = [n for n in lines.headers(re.compile(r"^\s*\[")) if n >= start]
    end = later[0] if later else None
    found = []
    for name, spec in table.items():
        if name.lower() == "python":
            continue
        line = lines.find(_key(name), start, end) or lines.find(_key(name)) or 1
        for entry in spec if isinstance(spec, list) else [spec]:
            req = _poetry_requirement(path, name, entry, line, group)
            if req is not None:
                found.append(req)
    return found


def _poetry_requirement(path: str, name: str, spec: Any, line: int, group: str) -> Requirement | None:
    marker = ""
    if isinstance(spec, dict):
        if "path" in spec:
            return None  # a local project: first-party
        if "git" in spec or "url" in spec:
            where = spec.get("git") or spec.get("url")
            return Requirement(
                name, path, line, None, f"{name} = {where}", group, "", "URL or VCS requirement: no version to audit"
            )
        marker = str(spec.get("markers", ""))
        constraint = spec.get("version", "")
    else:
        constraint = spec
    if not isinstance(constraint, str):
        raise ManifestError(path, f"line {line}: the version of {name} must be a string")
    written = f'{name} = "{constraint}"'
    version = _poetry_exact(constraint)
    if version is None:
        return Requirement(name, path, line, None, written, group, marker, "not pinned to an exact version")
    return Requirement(name, path, line, version, written, group, marker)


def _poetry_exact(constraint: str) -> str | None:
    """Poetry reads a bare version (`2.0.1`) and `==2.0.1` / `=2.0.1` as exact; `^`, `~`, `*`, ranges are not."""
    match = re.fullmatch(r"\s*(?:===?|==)?\s*([0-9][^\s,*^~<>=!|]*)\s*", constraint)
    if not match:
        return None
    try:
        Version(match.group(1))
    except InvalidVersion:
        return None
    return match.group(1)


def _lock_packages(path: str, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    packages = data.get(key, [])
    if not isinstance(packages, list) or not all(isinstance(p, dict) for p in packages):
        raise ManifestError(path, f"'{key}' must be an array of tables")
    return packages


def _locked(
    path: str,
    lines: _Lines,
    header: re.Pattern[str],
    packages: list[dict[str, Any]],
    describe: Callable[[dict[str, Any]], tuple[str | None, str, str] | None],
) -> list[Requirement]:
    """Lock-file packages, each located at its `name = ...` line under the n-th `[[package]]` header."""
    starts = lines.headers(header)
    found = []
    for number, package in enumerate(packages):
        name = package.get("name")
        if not isinstance(name, str) or not name:
            raise ManifestError(path, f"package #{number + 1} has no name")
        start = starts[number] if number < len(starts) and len(starts) == len(packages) else 0
        end = starts[number + 1] if number + 1 < len(starts) and len(starts) == len(packages) else None
        line = lines.find(re.compile(r"^\s*name\s*=\s*" + _quoted(name).pattern), start, end) or (
            start + 1 if starts else 1
        )
        described = describe(package)
        if described is None:
            continue
        version, group, reason = described
        spec = f"{name}=={version}" if version else name
        found.append(Requirement(name, path, line, version, spec, group, str(package.get("markers", "")), reason))
    return found


def _version_of(package: dict[str, Any], path: str) -> str | None:
    version = package.get("version")
    if version is None:
        return None
    if not isinstance(version, str):
        raise ManifestError(path, f"the version of {package.get('name')} must be a string")
    return version


def _poetry_lock(path: str, text: str) -> list[Requirement]:
    data = _load_toml(path, text)

    def describe(package: dict[str, Any]) -> tuple[str | None, str, str] | None:
        source = package.get("source") or {}
        if isinstance(source, dict) and source.get("type") == "directory":
            return None
        groups = package.get("groups") or [package.get("category", "main")]
        group = "" if "main" in groups else ",".join(str(g) for g in groups)
        version = _version_of(package, path)
        return version, group, "" if version else "no version in the lock file"

    return _locked(
        path, _Lines(text), re.compile(r"^\s*\[\[\s*package\s*\]\]"), _lock_packages(path, data, "package"), describe
    )


def _uv_lock(path: str, text: str) -> list[Requirement]:
    data = _load_toml(path, text)

    def describe(package: dict[str, Any]) -> tuple[str | None, str, str] | None:
        source = package.get("source") or {}
        if isinstance(source, dict) and ({"editable", "virtual", "directory"} & set(source)):
            return None  # workspace members: first-party
        version = _version_of(package, path)
        return version, "", "" if version else "no version in the lock file"

    return _locked(
        path, _Lines(text), re.compile(r"^\s*\[\[\s*package\s*\]\]"), _lock_packages(path, data, "package"), describe
    )


def _pylock(path: str, text: str) -> list[Requirement]:
    data = _load_toml(path, text)
    lock_version = data.get("lock-version")
    try:
        major = Version(str(lock_version)).major if lock_version is not None else None
    except InvalidVersion:
        major = None
    if major != 1:
        raise ManifestError(path, f"unsupported or missing lock-version ({lock_version!r}; expected 1.x)")

    def describe(package: dict[str, Any]) -> tuple[str | None, str, str] | None:
        if "directory" in package:
            return None
        version = _version_of(package, path)
        return version, "", "" if version else "no version in the lock file (VCS or archive source)"

    packages = _lock_packages(path, data, "packages")
    return _locked(path, _Lines(text), re.compile(r"^\s*\[\[\s*packages\s*\]\]"), packages, describe)


def _pipfile_lock(path: str, text: str) -> list[Requirement]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(path, f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
    if not isinstance(data, dict):
        raise ManifestError(path, "not a Pipfile.lock (expected a JSON object)")
    lines = _Lines(text)
    found = []
    for section in ("default", "develop"):
        packages = data.get(section, {})
        if not isinstance(packages, dict):
            raise ManifestError(path, f"'{section}' must be an object")
        start = (lines.find(re.compile(r'^\s*"' + section + r'"\s*:')) or 1) - 1
        for name, entry in packages.items():
            if not isinstance(entry, dict):
                raise ManifestError(path, f"{section}.{name} must be an object")
            line = lines.find(re.compile(r'^\s*"' + re.escape(name) + r'"\s*:'), start) or start + 1
            group = "" if section == "default" else "develop"
            marker = str(entry.get("markers", ""))
            pinned = entry.get("version")
            if isinstance(pinned, str) and pinned:
                version = exact_version(pinned)
                reason = "" if version else "not pinned to an exact version"
                found.append(Requirement(name, path, line, version, f"{name}{pinned}", group, marker, reason))
            elif "path" in entry or entry.get("editable"):
                continue  # a local project: first-party
            else:
                reason = "URL or VCS requirement: no version to audit"
                found.append(Requirement(name, path, line, None, name, group, marker, reason))
    return found
