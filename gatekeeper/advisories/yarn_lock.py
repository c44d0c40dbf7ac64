"""`yarn.lock`: Yarn classic (the v1 format) and Yarn Berry (2+, YAML with `__metadata`).

Each entry answers for one or more descriptors (`lodash@^4.17.15, lodash@^4.17.21`) with the
version installed and the descriptors of what it requires, which resolve to other entries: that
is the dependency graph. Berry's `resolution` names the protocol: `npm:` is a registry version
(`patch:` a patched one), `workspace:`, `link:`, `portal:` and `file:` are first-party code.

Berry's file is YAML (read with PyYAML). The classic format is not YAML, and no maintained,
permissively licensed Python parser of it exists (`pyarn` is GPL; `yarnlock` merges the entries
of different versions of a package), so `_classic` reads it: two levels of indentation, a
header of quoted or bare descriptors per entry, then `key "value"` lines; anything else is an error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from gatekeeper.advisories.lockfiles import (
    SEMVER,
    KeyLines,
    load_yaml,
    mapping,
    string_map,
    unique,
)
from gatekeeper.advisories.manifests import ManifestError, Requirement
from gatekeeper.advisories.npm_manifests import NPM, npm_version

_DESCRIPTOR = re.compile(r'"(?:[^"\\]|\\.)*"|[^,\s][^,]*')
_PAIR = re.compile(r'^("(?:[^"\\]|\\.)*"|[^\s"]+)(?:\s+(.*))?$')
_RESOLUTION = re.compile(r"^(@[^/@]+/[^@]+|[^@]+)@([a-z]+):(.*)$")
_FIRST_PARTY = ("workspace", "link", "portal", "file")


@dataclass
class _Entry:
    line: int
    descriptors: list[str]
    fields: dict[str, str] = field(default_factory=dict)
    requires: dict[str, str] = field(default_factory=dict)


def _name_of(descriptor: str) -> str:
    """`@scope/pkg@^1.0` -> `@scope/pkg`."""
    at = descriptor.find("@", 1)
    return descriptor if at < 0 else descriptor[:at]


def _unquote(token: str) -> str:
    token = token.strip()
    if token.startswith('"'):
        try:
            return str(json.loads(token))
        except json.JSONDecodeError:
            return token.strip('"')
    return token


def yarn_lock(path: str, text: str) -> list[Requirement]:
    if re.search(r"^__metadata:", text, re.MULTILINE):
        return _berry(path, text)
    return _build(path, _classic(path, text), berry=False)


def _classic(path: str, text: str) -> list[_Entry]:
    entries: list[_Entry] = []
    block: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line.strip()
        if indent == 0:
            if not body.endswith(":"):
                raise ManifestError(path, f"line {number}: expected an entry header ending in ':'")
            descriptors = [_unquote(d) for d in _DESCRIPTOR.findall(body[:-1])]
            entries.append(_Entry(number, descriptors))
            block = None
            continue
        if not entries:
            raise ManifestError(path, f"line {number}: indented line before any entry")
        if body.endswith(":") and indent == 2:
            block = _unquote(body[:-1])
            continue
        match = _PAIR.match(body)
        if match is None or match.group(2) is None:
            raise ManifestError(path, f"line {number}: expected `key value`")
        key, value = _unquote(match.group(1)), _unquote(match.group(2))
        if indent == 2:
            entries[-1].fields[key] = value
            block = None
        elif block in ("dependencies", "optionalDependencies"):
            entries[-1].requires[key] = value
        elif block is None:
            raise ManifestError(path, f"line {number}: unexpected indentation")
    return entries


def _berry(path: str, text: str) -> list[Requirement]:
    data = load_yaml(path, text, "a yarn.lock")
    lines = KeyLines(text, r'^"?([^\s"#][^"]*?)"?:\s*$')
    entries = []
    for key, value in data.items():
        if key == "__metadata":
            continue
        entry = mapping(path, value, str(key))
        requires = {
            **string_map(path, entry.get("dependencies"), f"{key}.dependencies"),
            **string_map(path, entry.get("optionalDependencies"), f"{key}.optionalDependencies"),
        }
        fields = {k: str(v) for k, v in entry.items() if isinstance(v, (str, int, float))}
        entries.append(_Entry(lines.line(str(key)), [d.strip() for d in str(key).split(",")], fields, requires))
    return _build(path, entries, berry=True)


def _installed(path: str, entry: _Entry, berry: bool) -> tuple[str, str | None, str] | None:
    """(name, version, unpinned reason), or None for first-party code."""
    name = _name_of(entry.descriptors[0]) if entry.descriptors else ""
    written = entry.fields.get("version")
    if berry:
        match = _RESOLUTION.match(entry.fields.get("resolution", ""))
        if match is None:
            raise ManifestError(path, f"line {entry.line}: entry without a readable `resolution`")
        name, protocol = match.group(1), match.group(2)
        if protocol in _FIRST_PARTY:
            return None
        if protocol not in ("npm", "patch"):
            return name, None, "installed from a URL, a git repository or a tarball: no registry version to audit"
    else:
        first_range = entry.descriptors[0][len(name) + 1 :] if entry.descriptors else ""
        if first_range.startswith(("file:", "link:")):
            return None
        if first_range.startswith("npm:"):  # an alias: the entry installs another package
            name = _name_of(first_range[4:])
    if not name:
        raise ManifestError(path, f"line {entry.line}: entry without a package name")
    version, reason = npm_version(path, name, written)
    return name, version, reason


def _build(path: str, entries: list[_Entry], berry: bool) -> list[Requirement]:
    installed = {}
    by_descriptor: dict[str, tuple[str, str]] = {}
    for entry in entries:
        described = _installed(path, entry, berry)
        installed[id(entry)] = described
        if described is not None and described[1] is not None:
            for descriptor in entry.descriptors:
                by_descriptor[descriptor] = (described[0], described[1])
    found = []
    for entry in entries:
        described = installed[id(entry)]
        if described is None:
            continue
        name, version, reason = described
        requires = [
            by_descriptor[f"{dep}@{spec}"] for dep, spec in entry.requires.items() if f"{dep}@{spec}" in by_descriptor
        ]
        written = entry.fields.get("version", "")
        spec = f"{name}@{written}" if SEMVER.fullmatch(written) else ", ".join(entry.descriptors)
        found.append(
            Requirement(
                name,
                path,
                entry.line,
                version,
                spec,
                "",
                unpinned_reason=reason,
                ecosystem=NPM,
                depends_on=unique(requires),
            )
        )
    return found
