"""Maven `pom.xml`: the dependencies a POM declares, with the versions it (and its parent, when the
parent is in the tree) states.

A version is taken only from what the files in the tree say: the dependency's `<version>`, else
the `<dependencyManagement>` of the POM or of its parents in the tree, with `${property}`
interpolated from their `<properties>` and `${project.version}`. A version that needs a parent
POM or an imported BOM that is not in the tree, or an undefined property, is *unresolved*: listed
without a version, with the reason, never guessed. A range (`[1.0,2.0)`) is not a version.

XML is parsed with defusedxml (no DTD, no entities, no external references): a POM is input
from the repository under scan, and XXE or "billion laughs" must not work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from gatekeeper.advisories.manifests import ManifestError, Requirement, display_path

MAVEN = "Maven"
_PROPERTY = re.compile(r"\$\{([^}]+)\}")
_RANGE = re.compile(r"^[\[(].*[\])]$|,")
_MAX_PARENTS = 10
_SCOPES = {"test": "test", "provided": "provided", "system": "system", "runtime": "runtime"}


class _Lines:
    """The TreeBuilder target, noting the line each element starts on (ElementTree does not)."""

    def __init__(self) -> None:
        self.builder = TreeBuilder()
        self.lines: dict[int, int] = {}
        self.parser: DefusedXMLParser | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = self.builder.start(tag, attrs)
        if self.parser is not None:
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element

    def end(self, tag: str) -> Element:
        return self.builder.end(tag)

    def data(self, text: str) -> None:
        self.builder.data(text)

    def close(self) -> Element:
        return self.builder.close()


@dataclass
class _Pom:
    path: str
    root: Element
    lines: dict[int, int]
    properties: dict[str, str] = field(default_factory=dict)
    managed: dict[str, tuple[str, int]] = field(default_factory=dict)
    """`group:artifact` -> (version as written, line) from dependencyManagement."""
    boms: list[str] = field(default_factory=list)
    """BOMs imported in dependencyManagement (`group:artifact:version`)."""
    missing_parent: str = ""
    """The parent POM's coordinates when it is not in the tree."""

    def line(self, element: Element) -> int:
        return self.lines.get(id(element), 1)


def _strip(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Element | None, name: str) -> Element | None:
    if element is None:
        return None
    for child in element:
        if _strip(child.tag) == name:
            return child
    return None


def _children(element: Element | None, name: str) -> list[Element]:
    return [] if element is None else [child for child in element if _strip(child.tag) == name]


def _text(element: Element | None, name: str) -> str:
    child = _child(element, name)
    return (child.text or "").strip() if child is not None else ""


def _parse(path: str, text: str) -> tuple[Element, dict[int, int]]:
    target = _Lines()
    parser = DefusedXMLParser(target=target, forbid_dtd=True)
    target.parser = parser
    try:
        parser.feed(text)
        root = parser.close()
    except DefusedXmlException as exc:
        raise ManifestError(path, f"refused: {type(exc).__name__} (a POM needs no DTD or entities)") from None
    except ParseError as exc:
        raise ManifestError(path, f"invalid XML: {exc}") from None
    if _strip(root.tag) != "project":
        raise ManifestError(path, "not a Maven POM (the root element is not <project>)")
    return root, target.lines


def read_pom(root: Path, path: str) -> list[Requirement]:
    chain = _chain(root, path)
    pom = chain[0]
    properties: dict[str, str] = {}
    managed: dict[str, tuple[str, int, _Pom]] = {}
    for ancestor in reversed(chain):  # the child's values win over its parents'
        properties.update(ancestor.properties)
        managed.update({key: (version, line, ancestor) for key, (version, line) in ancestor.managed.items()})
    gaps = [p.missing_parent for p in chain if p.missing_parent] + [b for p in chain for b in p.boms]
    found = []
    for dependency in _children(_child(pom.root, "dependencies"), "dependency"):
        line = pom.line(dependency)
        group_id = _interpolate(_text(dependency, "groupId"), properties)[0]
        artifact = _interpolate(_text(dependency, "artifactId"), properties)[0]
        if not group_id or not artifact:
            raise ManifestError(path, f"line {line}: a dependency without groupId or artifactId")
        name = f"{group_id}:{artifact}"
        written = _text(dependency, "version")
        if not written and name in managed:
            written, _, _ = managed[name]
        version, reason = _version(written, properties, gaps)
        scope = _SCOPES.get(_text(dependency, "scope"), "")
        optional = _text(dependency, "optional") == "true"
        group = ",".join(g for g in (scope, "optional" if optional else "") if g)
        found.append(
            Requirement(
                name,
                path,
                line,
                version,
                f"{name}:{written}" if written else name,
                group,
                unpinned_reason=reason,
                ecosystem=MAVEN,
            )
        )
    return found


def pom_files(root: Path, path: str) -> list[str]:
    """The POM and its parents in the tree, as far as they can be read."""
    try:
        return sorted({path, *(pom.path for pom in _chain(root, path))})
    except ManifestError:
        return [path]  # reported by the scan


def _version(written: str, properties: dict[str, str], gaps: list[str]) -> tuple[str | None, str]:
    where = f" (needs {', '.join(gaps)}, not in the tree)" if gaps else ""
    if not written:
        return None, f"unresolved: no version in this POM{where}"
    value, undefined = _interpolate(written, properties)
    if undefined:
        return None, f"unresolved: property ${{{undefined}}} is not defined in this POM{where}"
    if _RANGE.search(value):
        return None, f"a version range ({value}), not a version"
    return value, ""


def _interpolate(value: str, properties: dict[str, str]) -> tuple[str, str]:
    """`value` with `${...}` replaced; ("", name) when a property is undefined (or loops)."""
    for _ in range(10):
        match = _PROPERTY.search(value)
        if match is None:
            return value, ""
        key = match.group(1)
        if key not in properties:
            return "", key
        value = value[: match.start()] + properties[key] + value[match.end() :]
    return "", "(a property that refers to itself)"


def _chain(root: Path, path: str) -> list[_Pom]:
    """The POM and its parents found in the tree, child first."""
    chain: list[_Pom] = []
    seen: set[Path] = set()
    file = root / path
    shown = path
    while len(chain) < _MAX_PARENTS:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ManifestError(shown, f"cannot be read: {exc}") from None
        element, lines = _parse(shown, text)
        pom = _load(shown, element, lines)
        chain.append(pom)
        seen.add(file.resolve())
        parent = _child(element, "parent")
        if parent is None:
            break
        coordinates = ":".join(_text(parent, k) for k in ("groupId", "artifactId", "version"))
        relative = _text(parent, "relativePath") if _child(parent, "relativePath") is not None else "../pom.xml"
        candidate = (file.parent / relative) if relative else None
        if candidate is not None and candidate.is_dir():
            candidate = candidate / "pom.xml"
        if (
            candidate is None
            or not candidate.is_file()
            or candidate.resolve() in seen
            or not _inside(candidate, root)
            or not _is_parent(candidate, parent)
        ):
            pom.missing_parent = f"parent POM {coordinates}"
            break
        file, shown = candidate, display_path(candidate, root)
    return chain


def _inside(file: Path, root: Path) -> bool:
    resolved, top = file.resolve(), root.resolve()
    return resolved == top or top in resolved.parents


def _is_parent(candidate: Path, parent: Element) -> bool:
    """Whether the POM at `candidate` is the one `<parent>` names (Maven checks the same)."""
    try:
        element, _ = _parse(str(candidate), candidate.read_text(encoding="utf-8"))
    except (ManifestError, OSError, UnicodeDecodeError):
        return False
    group = _text(element, "groupId") or _text(_child(element, "parent"), "groupId")
    return group == _text(parent, "groupId") and _text(element, "artifactId") == _text(parent, "artifactId")


def _load(path: str, element: Element, lines: dict[int, int]) -> _Pom:
    pom = _Pom(path, element, lines)
    parent = _child(element, "parent")
    version = _text(element, "version") or _text(parent, "version")
    group = _text(element, "groupId") or _text(parent, "groupId")
    for key, value in (
        ("project.version", version),
        ("version", version),
        ("pom.version", version),
        ("project.groupId", group),
        ("project.artifactId", _text(element, "artifactId")),
        ("project.parent.version", _text(parent, "version")),
        ("project.parent.groupId", _text(parent, "groupId")),
    ):
        if value:
            pom.properties[key] = value
    for prop in list(_child(element, "properties") or ()):
        pom.properties[_strip(prop.tag)] = (prop.text or "").strip()
    management = _child(_child(element, "dependencyManagement"), "dependencies")
    for dependency in _children(management, "dependency"):
        key = f"{_text(dependency, 'groupId')}:{_text(dependency, 'artifactId')}"
        written = _text(dependency, "version")
        if _text(dependency, "scope") == "import":
            pom.boms.append(f"BOM {key}:{written}")
        elif written:
            pom.managed[key] = (written, pom.line(dependency))
    return pom
