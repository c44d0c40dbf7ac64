"""Maven components from Gradle's lock file and from the resolved trees the build tools print.

- `gradle.lockfile`: one `group:artifact:version=configuration,...` line per resolved module.
- `mvn dependency:tree` output (with or without the `[INFO] ` prefix): the whole resolved tree,
  `group:artifact:type[:classifier]:version:scope` under `+- ` / `\\- ` branches.
- `gradle dependencies` output: a tree per configuration, `group:artifact:version`, with Gradle's
  conflict resolution as `1.0 -> 1.2` (the version after `->` is the one used), `(*)` for a subtree
  printed before, `(c)` for a constraint (not a component), `(n)` for one not resolved.

Neither tree is a file a repository usually holds: a user hands one over with `--requirements`
(the scanner recognises them by content, `sniff`), since only the build tool can resolve parents,
BOMs and plugins that the POM or build script leaves open.
"""

from __future__ import annotations

import re
from pathlib import Path

from gatekeeper.advisories.lockfiles import unique
from gatekeeper.advisories.manifests import ManifestError, Requirement

MAVEN = "Maven"
_MVN_LINE = re.compile(r"^(?:\[INFO\] )?((?:[|\s]  )*)([+\\]- )?([\w.\-]+:[\w.\-]+:[\w.\-]+(?::[\w.\-]+){1,3})(.*)$")
_GRADLE_LINE = re.compile(r"^((?:[|\s]    )*)[+\\]--- (.+)$")
_GRADLE_CONFIG = re.compile(r"^([A-Za-z][\w]*)(?: - .*)?$")
_SNIFF_BYTES = 64 * 1024
_RANGE = re.compile(r"^[\[(].*[\])]$|,|\+$|^latest\.")


def _test_only(configurations: list[str]) -> bool:
    return bool(configurations) and all(c.lower().startswith("test") for c in configurations)


def _version(written: str) -> tuple[str | None, str]:
    if not written:
        return None, "unresolved: no version in the build output"
    if _RANGE.search(written):
        return None, f"a version range or dynamic version ({written}), not a version"
    return written, ""


def gradle_lockfile(path: str, text: str) -> list[Requirement]:
    found = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(("#", "empty=")):
            continue
        coordinates, _, configurations = line.partition("=")
        parts = coordinates.split(":")
        if len(parts) != 3 or not all(parts):
            raise ManifestError(path, f"line {number}: expected group:artifact:version=configurations")
        name = f"{parts[0]}:{parts[1]}"
        version, reason = _version(parts[2])
        group = "test" if _test_only([c for c in configurations.split(",") if c]) else ""
        found.append(
            Requirement(name, path, number, version, coordinates, group, unpinned_reason=reason, ecosystem=MAVEN)
        )
    return found


def mvn_tree(path: str, text: str) -> list[Requirement]:
    """`mvn dependency:tree` output: the first coordinates line is the project itself."""
    found: list[Requirement] = []
    stack: list[tuple[int, int]] = []  # (depth, index in `found`) of the current ancestors
    relations: dict[int, list[tuple[str, str]]] = {}
    project_seen = False
    for number, raw in enumerate(text.splitlines(), 1):
        match = _MVN_LINE.match(raw.rstrip())
        if match is None:
            continue
        prefix, branch, coordinates = match.group(1), match.group(2), match.group(3)
        if not branch:
            if project_seen and found:
                continue  # a reactor build prints one tree per module; each root is first-party
            project_seen = True
            stack = []
            continue
        parts = coordinates.split(":")
        if len(parts) < 4:
            raise ManifestError(path, f"line {number}: expected group:artifact:type:version:scope")
        scope = parts[-1] if len(parts) >= 5 else ""
        written = parts[-2] if len(parts) >= 5 else parts[-1]
        name = f"{parts[0]}:{parts[1]}"
        version, reason = _version(written)
        depth = len(prefix) // 3
        while stack and stack[-1][0] >= depth:
            stack.pop()
        group = ",".join(
            g
            for g in (
                scope if scope in ("test", "provided", "system", "runtime") else "",
                "optional" if "(optional)" in match.group(4) else "",
                "transitive" if depth > 0 else "",
            )
            if g
        )
        index = len(found)
        if stack and version:
            relations.setdefault(stack[-1][1], []).append((name, version))
        found.append(
            Requirement(name, path, number, version, coordinates, group, unpinned_reason=reason, ecosystem=MAVEN)
        )
        stack.append((depth, index))
    if not project_seen:
        raise ManifestError(path, "not `mvn dependency:tree` output (no project line)")
    return [_with_relations(r, relations.get(i, [])) for i, r in enumerate(found)]


def gradle_tree(path: str, text: str) -> list[Requirement]:
    """`gradle dependencies` output: every configuration's tree, one component per module version."""
    first: dict[tuple[str, str | None], Requirement] = {}
    configurations: dict[tuple[str, str | None], list[str]] = {}
    relations: dict[tuple[str, str | None], list[tuple[str, str]]] = {}
    direct: set[tuple[str, str | None]] = set()
    configuration = ""
    stack: list[tuple[int, tuple[str, str | None]]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        match = _GRADLE_LINE.match(line)
        if match is None:
            header = _GRADLE_CONFIG.match(line)
            if header and not line.startswith(("BUILD", "Deprecated")):
                configuration, stack = header.group(1), []
            continue
        entry = match.group(2)
        depth = len(match.group(1)) // 5
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if entry.startswith("project ") or entry.endswith("(c)"):
            continue  # a module of this build (first-party) or a constraint, not a component
        failed = entry.endswith(" FAILED")
        entry = re.sub(r"\s+(?:\((?:\*|n)\)|FAILED)$", "", entry)
        coordinates, _, resolved = entry.partition(" -> ")
        parts = coordinates.split(":")
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise ManifestError(path, f"line {number}: expected group:artifact[:version]")
        name = f"{parts[0]}:{parts[1]}"
        written = (resolved or (parts[2] if len(parts) > 2 else "")).strip()
        written = re.sub(r"^\{strictly (.+)\}$", r"\1", written)
        version, reason = _version(written)
        if line.endswith("(n)") or failed:
            version, reason = (
                None,
                "unresolved: the build could not resolve it"
                if failed
                else "unresolved: not resolved in this configuration",
            )
        key = (name, version)
        if key not in first:
            first[key] = Requirement(name, path, number, version, entry, "", unpinned_reason=reason, ecosystem=MAVEN)
        configurations.setdefault(key, []).append(configuration)
        if depth == 0:
            direct.add(key)
        if stack and version:
            relations.setdefault(stack[-1][1], []).append((name, version))
        stack.append((depth, key))
    if not first and not re.search(r"^\w+ - ", text, re.MULTILINE):
        raise ManifestError(path, "not `gradle dependencies` output (no configuration found)")
    found = []
    for key, requirement in first.items():
        group = ",".join(
            g for g in ("test" if _test_only(configurations[key]) else "", "" if key in direct else "transitive") if g
        )
        requirement = Requirement(
            requirement.name,
            path,
            requirement.line,
            requirement.version,
            requirement.spec,
            group,
            unpinned_reason=requirement.unpinned_reason,
            ecosystem=MAVEN,
        )
        found.append(_with_relations(requirement, relations.get(key, [])))
    return found


def _with_relations(requirement: Requirement, relations: list[tuple[str, str]]) -> Requirement:
    if not relations:
        return requirement
    return Requirement(
        requirement.name,
        requirement.path,
        requirement.line,
        requirement.version,
        requirement.spec,
        requirement.group,
        unpinned_reason=requirement.unpinned_reason,
        ecosystem=requirement.ecosystem,
        depends_on=unique(relations),
    )


def sniff(file: Path) -> str | None:
    """The kind of a file named with `--requirements` whose name says nothing, from its content."""
    try:
        with file.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
    if re.search(r"^(?:\[INFO\] )?(?:[|\s]  )*[+\\]- [\w.\-]+:[\w.\-]+:[\w.\-]+:", head, re.MULTILINE):
        return "mvn-tree"
    if re.search(r"^(?:[|\s]    )*[+\\]--- \S", head, re.MULTILINE):
        return "gradle-tree"
    if re.search(r"^[\w.\-]+:[\w.\-]+:[^=\s]+=\S*$", head, re.MULTILINE) and "gradle" in head.lower():
        return "gradle-lockfile"
    if re.search(r'"lockfileVersion"\s*:', head):
        return "npm-lock"
    if re.search(r"<project[\s>]", head):
        return "pom"
    return None
