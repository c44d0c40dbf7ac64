"""`pnpm-lock.yaml` (read with PyYAML): lockfile versions 5.x, 6.x and 9.x.

Every installed package is a key of `packages` (and, from 9.0, of `snapshots`, which holds its
dependencies); the key's shape changed between versions:

- 5.x: `/name/1.2.3`, `/@scope/name/1.2.3`, with peers as `_peer@2.0.0` after the version;
- 6.x: `/name@1.2.3`, `/@scope/name@1.2.3(peer@2.0.0)`;
- 9.x: `name@1.2.3`, `@scope/name@1.2.3(peer@2.0.0)` (no leading slash).

Dependencies name a package and the version part of its key (`1.2.3(peer@2.0.0)`), which is how
the graph is rebuilt. Before 9.0 each entry says `dev: true|false` and `optional: true`; 9.0
dropped those, so there the groups come from walking the graph from the importers' (workspace
projects') production and development dependencies. `link:` and `file:` versions are first-party.
"""

from __future__ import annotations

import re
from typing import Any

from gatekeeper.advisories.lockfiles import (
    KeyLines,
    groups,
    load_yaml,
    mapping,
    string_map,
    unique,
)
from gatekeeper.advisories.manifests import ManifestError, Requirement
from gatekeeper.advisories.npm_manifests import NPM, npm_version

_V5_KEY = re.compile(r"^/?((?:@[^/]+/)?[^/@]+)/([^/_(]+)(?:[_(].*)?$")
_V6_KEY = re.compile(r"^/?((?:@[^/@]+/)?[^/@(]+)@([^(]+)(?:\(.*)?$")
_FIRST_PARTY = ("link:", "file:", "workspace:")
_DEPENDENCY_KEYS = ("dependencies", "optionalDependencies")


def pnpm_lock(path: str, text: str) -> list[Requirement]:
    data = load_yaml(path, text, "a pnpm-lock.yaml")
    try:
        major = int(float(str(data.get("lockfileVersion", ""))))
    except ValueError:
        major = 0
    if major not in (5, 6, 7, 9):
        raise ManifestError(
            path, f"unsupported lockfileVersion {data.get('lockfileVersion')!r} (expected 5.x, 6.x or 9.x)"
        )
    packages = mapping(path, data.get("packages"), "packages")
    snapshots = mapping(path, data.get("snapshots"), "snapshots") if major >= 9 else packages
    lines = KeyLines(text, r"""^  ['"]?([^'"\s][^'"]*?)['"]?:\s*$""")
    key_shape = _V5_KEY if major == 5 else _V6_KEY

    def parse(key: str) -> tuple[str, str]:
        """(name, version as written); a git or tarball source's key is its URL, with the name inside."""
        match = key_shape.match(key)
        if match is None:
            entry = entries.get(key) or {}
            return str(entry.get("name") or key), key
        return match.group(1), match.group(2)

    def key_of(name: str, reference: str) -> str:
        """The `snapshots`/`packages` key a dependency reference points at."""
        if reference.startswith("/") or (major >= 9 and "@" in reference[1:] and not reference[0].isdigit()):
            return reference  # an aliased or non-registry reference names the key itself
        if major == 5:
            return f"/{name}/{reference}"
        return f"/{name}@{reference}" if major < 9 else f"{name}@{reference}"

    entries = {str(k): mapping(path, v, str(k)) for k, v in snapshots.items()}
    direct = {key_of(name, ref) for name, ref in _direct_references(path, data)}
    dev_groups = _v9_groups(path, data, entries, key_of) if major >= 9 else {}
    found = []
    for key, entry in entries.items():
        name, written = parse(key)
        if written.startswith(_FIRST_PARTY):
            continue
        version, reason = npm_version(path, name, written)
        requires = []
        for dep_key in _DEPENDENCY_KEYS:
            for dep, reference in string_map(path, entry.get(dep_key), f"{key}.{dep_key}").items():
                target = key_of(dep, reference)
                if target in entries:
                    dep_name, dep_version = parse(target)
                    found_version, _ = npm_version(path, dep_name, dep_version)
                    if found_version:
                        requires.append((dep_name, found_version))
        if major >= 9:
            group = dev_groups.get(key, "")
        else:
            group = groups((entry.get("dev") is True, "dev"), (entry.get("optional") is True, "optional"))
        if direct and key not in direct:  # without importers nothing can be called transitive
            group = ",".join(g for g in (group, "transitive") if g)
        base = key.split("(", 1)[0]  # 9.x: `packages` has the entry without its peers
        line = lines.line(base) if base in lines.lines else lines.line(key)
        found.append(
            Requirement(
                name,
                path,
                line,
                version,
                f"{name}@{written}",
                group,
                unpinned_reason=reason,
                ecosystem=NPM,
                depends_on=unique(requires),
            )
        )
    return found


def _direct_references(path: str, data: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, version reference) of what the projects require themselves: `importers` (workspaces,
    and every 9.x file), else the top-level sections of a single project's 5.x/6.x file."""
    projects = list(mapping(path, data.get("importers"), "importers").values()) or [data]
    found = []
    for project in projects:
        project = mapping(path, project, "importers")
        for section in ("dependencies", "devDependencies", "optionalDependencies"):
            for name, spec in mapping(path, project.get(section), section).items():
                reference = spec.get("version") if isinstance(spec, dict) else spec
                if isinstance(reference, str):
                    found.append((str(name), reference))
    return found


def _v9_groups(path: str, data: dict[str, Any], entries: dict[str, Any], key_of: Any) -> dict[str, str]:
    """`dev` for what only the importers' devDependencies reach, `optional` for optional entries."""
    importers = mapping(path, data.get("importers"), "importers")
    roots: dict[str, list[str]] = {"prod": [], "dev": []}
    for project, importer in importers.items():
        importer = mapping(path, importer, f"importers.{project}")
        for section, kind in (("dependencies", "prod"), ("optionalDependencies", "prod"), ("devDependencies", "dev")):
            for name, spec in mapping(path, importer.get(section), f"importers.{project}.{section}").items():
                reference = spec.get("version") if isinstance(spec, dict) else spec
                if isinstance(reference, str):
                    roots[kind].append(key_of(str(name), reference))
    reached: dict[str, set[str]] = {}
    for kind, starts in roots.items():
        seen: set[str] = set()
        stack = [k for k in starts if k in entries]
        while stack:
            key = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            for dep_key in _DEPENDENCY_KEYS:
                for dep, reference in string_map(path, entries[key].get(dep_key), f"{key}.{dep_key}").items():
                    target = key_of(dep, reference)
                    if target in entries:
                        stack.append(target)
        reached[kind] = seen
    packages = mapping(path, data.get("packages"), "packages")
    result = {}
    for key in entries:
        base = key.split("(", 1)[0]
        optional = isinstance(packages.get(base), dict) and packages[base].get("optional") is True
        dev = key in reached["dev"] and key not in reached["prod"]
        result[key] = groups((dev, "dev"), (optional, "optional"))
    return result
