"""npm dependency sources: `package-lock.json` / `npm-shrinkwrap.json` and a bare `package.json`.

Lock files list every installed package (direct and transitive) with its exact version:
lockfile version 1 nests them under `dependencies`, versions 2 and 3 list them flat under
`packages`, keyed by their install path (`node_modules/a/node_modules/b` is a copy of `b` nested
under `a`). Workspace members and `link: true` entries are first-party code, not components.

A `package.json` declares ranges (`^4.17.0`), not versions: without a lock file next to it (or
above it, for a workspace member) what is installed is unknown, an inventory gap the scanner
reports once per manifest. Its ranges are still listed, without versions.
"""

from __future__ import annotations

from typing import Any

from gatekeeper.advisories.lockfiles import (
    SEMVER,
    KeyLines,
    first_line,
    groups,
    load_json,
    mapping,
    string_map,
    unique,
)
from gatekeeper.advisories.manifests import ManifestError, Requirement

NPM = "npm"
LOCK_NAMES = ("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml")
"""The lock files that answer for a `package.json` in their directory (or below, for workspaces)."""
NO_LOCK = "declared as a range in package.json with no lock file beside it"
_FIRST_PARTY = ("file:", "link:", "workspace:", "portal:")
_VCS = ("git+", "git:", "git@", "github:", "gitlab:", "bitbucket:")
_DEPENDENCY_KEYS = ("dependencies", "optionalDependencies", "peerDependencies")


def npm_version(path: str, name: str, written: Any) -> tuple[str | None, str]:
    """(version, unpinned reason) for what a lock file records as installed."""
    if not isinstance(written, str) or not written:
        return None, "no version in the lock file"
    if written.startswith("npm:"):  # an alias: `npm:real-name@1.2.3`
        written = written.rpartition("@")[2]
    if SEMVER.fullmatch(written):
        return written.removeprefix("v"), ""
    return None, "installed from a URL, a git repository or a tarball: no registry version to audit"


def package_lock(path: str, text: str) -> list[Requirement]:
    data = load_json(path, text, "an npm lock file")
    version = data.get("lockfileVersion", 1)
    if version not in (1, 2, 3):
        raise ManifestError(path, f"unsupported lockfileVersion {version!r} (expected 1, 2 or 3)")
    if "packages" in data:
        return _packages(path, text, mapping(path, data["packages"], "packages"))
    return _nested(path, text, mapping(path, data.get("dependencies"), "dependencies"))


def _name_of(key: str) -> str:
    return key.rpartition("node_modules/")[2]


def _resolve(packages: dict[str, Any], where: str, name: str) -> str | None:
    """The install path Node would load `name` from when required in `where` (nearest node_modules up)."""
    base = where
    while True:
        candidate = f"{base}/node_modules/{name}" if base else f"node_modules/{name}"
        if candidate in packages:
            return candidate
        if not base:
            return None
        cut = base.rfind("/node_modules/")
        base = base[:cut] if cut >= 0 else ""


def _packages(path: str, text: str, packages: dict[str, Any]) -> list[Requirement]:
    """Lockfile versions 2 and 3: `packages` keyed by install path ("" is the project itself)."""
    start = (first_line(text, r'^\s*"packages"\s*:') or 1) - 1
    lines = KeyLines(text, r'^\s*"((?:[^"\\]|\\.)*)"\s*:\s*\{', start)
    versions: dict[str, str] = {}
    for key, entry in packages.items():
        if not isinstance(entry, dict):
            raise ManifestError(path, f"packages[{key!r}] must be an object")
        if "node_modules/" in key and not entry.get("link"):
            found, _ = npm_version(path, key, entry.get("version"))
            if found:
                versions[key] = found
    direct = _direct(path, packages)
    found_reqs = []
    for key, entry in packages.items():
        if "node_modules/" not in key or entry.get("link"):
            continue  # the project, a workspace member, or a link to one: first-party code
        name = entry.get("name") if isinstance(entry.get("name"), str) else _name_of(key)
        if not name:
            raise ManifestError(path, f"line {lines.line(key)}: packages[{key!r}] names no package")
        version, reason = npm_version(path, name, entry.get("version"))
        resolved = str(entry.get("resolved", ""))
        if version is None and resolved.startswith(_FIRST_PARTY):
            continue
        if resolved.startswith(_VCS):  # its own package.json's version, not the registry's release
            version, reason = (
                None,
                f"installed from a git repository ({resolved.split('#')[0]}): no registry version to audit",
            )
        requires: list[tuple[str, str]] = []
        for dep_key in _DEPENDENCY_KEYS:
            for dep in string_map(path, entry.get(dep_key), f"packages[{key!r}].{dep_key}"):
                target = _resolve(packages, key, dep)
                if target is not None and target in versions:
                    requires.append((str(packages[target].get("name") or _name_of(target)), versions[target]))
        group = groups(
            (bool(entry.get("dev")) or bool(entry.get("devOptional")), "dev"),
            (bool(entry.get("optional")) or bool(entry.get("devOptional")), "optional"),
            (bool(entry.get("peer")), "peer"),
            (direct is not None and key not in direct, "transitive"),
        )
        found_reqs.append(
            Requirement(
                name,
                path,
                lines.line(key),
                version,
                f"{name}@{entry.get('version', '')}",
                group,
                unpinned_reason=reason,
                ecosystem=NPM,
                depends_on=unique(requires),
            )
        )
    return found_reqs


def _direct(path: str, packages: dict[str, Any]) -> set[str] | None:
    """The install paths the project and its workspace members require themselves; None when the
    lock file does not record the project (`""`), so nothing can be called transitive."""
    if not isinstance(packages.get(""), dict):
        return None
    direct = set()
    for key, entry in packages.items():
        if "node_modules/" in key or not isinstance(entry, dict):
            continue  # only the project ("") and its workspace members declare direct dependencies
        for dep_key in (*_DEPENDENCY_KEYS, "devDependencies"):
            for dep in string_map(path, entry.get(dep_key), f"packages[{key!r}].{dep_key}"):
                target = _resolve(packages, key, dep)
                if target is not None:
                    direct.add(target)
    return direct


def _nested(path: str, text: str, top: dict[str, Any]) -> list[Requirement]:
    """Lockfile version 1: `dependencies` nested like node_modules, `requires` naming what each needs."""
    start = (first_line(text, r'^\s*"dependencies"\s*:') or 1) - 1
    lines = KeyLines(text, r'^\s*"((?:[^"\\]|\\.)*)"\s*:\s*\{', start)
    found: list[Requirement] = []

    def visit(scopes: list[dict[str, Any]], level: dict[str, Any], trail: str) -> None:
        scopes = [level, *scopes]
        for name, entry in level.items():
            where = f"{trail}{name}"
            if not isinstance(entry, dict):
                raise ManifestError(path, f"dependencies.{where} must be an object")
            line = lines.take(name)
            version, reason = npm_version(path, name, entry.get("version"))
            if version is None and str(entry.get("version", "")).startswith(_FIRST_PARTY):
                continue
            real = name
            if isinstance(entry.get("version"), str) and entry["version"].startswith("npm:"):
                real = entry["version"][4:].rpartition("@")[0] or name
            children = mapping(path, entry.get("dependencies"), f"dependencies.{where}.dependencies")
            requires = []
            for dep in string_map(path, entry.get("requires"), f"dependencies.{where}.requires"):
                for scope in [children, *scopes]:
                    target = scope.get(dep)
                    if isinstance(target, dict):
                        dep_version, _ = npm_version(path, dep, target.get("version"))
                        if dep_version:
                            requires.append((dep, dep_version))
                        break
            group = groups((bool(entry.get("dev")), "dev"), (bool(entry.get("optional")), "optional"))
            found.append(
                Requirement(
                    real,
                    path,
                    line,
                    version,
                    f"{real}@{entry.get('version', '')}",
                    group,
                    unpinned_reason=reason,
                    ecosystem=NPM,
                    depends_on=unique(requires),
                )
            )
            visit(scopes, children, f"{where}.dependencies.")

    visit([], top, "")
    return found


def package_json(path: str, text: str) -> list[Requirement]:
    """The ranges a `package.json` declares, each unversioned (the lock file is what pins them)."""
    data = load_json(path, text, "a package.json")
    found = []
    for key, group in (
        ("dependencies", ""),
        ("devDependencies", "dev"),
        ("optionalDependencies", "optional"),
        ("peerDependencies", "peer"),
    ):
        section = string_map(path, data.get(key), key)
        start = (first_line(text, rf'^\s*"{key}"\s*:') or 1) - 1
        lines = KeyLines(text, r'^\s*"((?:[^"\\]|\\.)*)"\s*:', start)
        for name, spec in section.items():
            if spec.startswith(_FIRST_PARTY):
                continue  # a local package: first-party code
            exact = spec.removeprefix("v") if SEMVER.fullmatch(spec) else None  # `1.2.3` installs exactly that
            found.append(
                Requirement(
                    name,
                    path,
                    lines.line(name),
                    exact,
                    f"{name}@{spec}",
                    group,
                    unpinned_reason="" if exact else NO_LOCK,
                    ecosystem=NPM,
                )
            )
    return found
