"""Control catalogs discovered in a compliance directory (every `*.yaml` but the mappings),
validated in one place. A framework is data: its catalog here, its mapping in `<id>.mapping.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from gatekeeper.errors import GatekeeperError
from gatekeeper.filekinds import known_selector
from gatekeeper.rulepack import load_yaml

AUTOMATION_LEVELS = ("full", "partial", "none")
EVIDENCE_SOURCES = ("sast", "dependencies", "sbom", "config", "secrets")
MAPPING_FILE = "mapping.yaml"
"""The shared tables (evidence sources, categories, CWE ids): not a catalog."""
FRAMEWORK_MAPPING_SUFFIX = ".mapping.yaml"
"""`<framework>.mapping.yaml`: a framework's category -> controls table (mapping.py)."""
DEFAULT_ORDER = 1000
"""Report position of a catalog without `order:` (after the bundled ones)."""

_CONTROL_KEYS = {"id", "title", "automation", "evidence", "examines", "scope", "families"}
_FRAMEWORK_KEYS = {"framework", "name", "version", "publisher", "url", "order", "groups"}


@dataclass(frozen=True)
class Family:
    """A named part of a control that findings are grouped by (PCI DSS 6.2.4's attack families)."""

    id: str
    title: str


@dataclass(frozen=True)
class Control:
    framework: str
    id: str
    title: str
    group: str
    automation: str
    """full | partial | none: how much of the control a repository scan can evidence."""
    evidence: tuple[str, ...]
    """Evidence sources whose complete, clean run shows the control passing."""
    scope: str = ""
    families: tuple[Family, ...] = ()
    examines: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(evidence source, selectors): narrower than what the source examines in general, e.g.
    network rules for PCI DSS 1.2.5 rather than any configuration."""
    framework_name: str = ""
    """Its catalog's `name`, as reports show it (`PCI DSS`)."""

    @property
    def name(self) -> str:
        """The control as reports name it: `PCI DSS 6.2.4`."""
        return f"{self.framework_name or self.framework} {self.id}"

    @property
    def ref(self) -> str:
        """The id findings carry in `Finding.controls`, e.g. `pci-dss:6.2.4`."""
        return f"{self.framework}:{self.id}"

    @property
    def automated(self) -> bool:
        return self.automation != "none"


@dataclass(frozen=True)
class Group:
    id: str
    title: str


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    version: str
    publisher: str
    url: str
    groups: tuple[Group, ...]
    controls: tuple[Control, ...]
    """In catalog order (the standard's own order)."""
    order: int = DEFAULT_ORDER
    """Where reports list it: by `order`, then id."""
    path: Path | None = None
    """The catalog file it was read from."""

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}" if self.version[:1].isdigit() else self.name


@dataclass(frozen=True)
class Catalogs:
    frameworks: tuple[Framework, ...]

    def __iter__(self) -> Iterator[Framework]:
        return iter(self.frameworks)

    @property
    def controls(self) -> tuple[Control, ...]:
        return tuple(c for f in self.frameworks for c in f.controls)

    def framework(self, framework_id: str) -> Framework:
        for framework in self.frameworks:
            if framework.id == framework_id:
                return framework
        raise KeyError(framework_id)

    def control(self, ref: str) -> Control:
        for control in self.controls:
            if control.ref == ref:
                return control
        raise KeyError(ref)

    def has(self, ref: str) -> bool:
        return any(c.ref == ref for c in self.controls)


def catalog_files(directory: Path) -> tuple[Path, ...]:
    """Every catalog in `directory`: its YAML files other than the mappings, by name."""
    return tuple(sorted(p for p in directory.glob("*.yaml") if p.is_file() and not is_mapping_file(p)))


def is_mapping_file(path: Path) -> bool:
    return path.name == MAPPING_FILE or path.name.endswith(FRAMEWORK_MAPPING_SUFFIX)


def load_catalogs(*directories: Path) -> Catalogs:
    """The catalogs of every directory, in report order; a framework id defined twice is an error."""
    frameworks: dict[str, Framework] = {}
    for directory in directories:
        for path in catalog_files(directory):
            framework = load_framework(path)
            if framework.id in frameworks:
                raise GatekeeperError(
                    f"{path}: framework '{framework.id}' is already defined by {frameworks[framework.id].path}"
                )
            frameworks[framework.id] = framework
    if not frameworks:
        raise GatekeeperError(f"{directories[0]}: no control catalog (*.yaml) found")
    return Catalogs(tuple(sorted(frameworks.values(), key=lambda f: (f.order, f.id))))


def load_framework(path: Path) -> Framework:
    doc = read_yaml(path)
    where = str(path)
    _only_keys(doc, _FRAMEWORK_KEYS, where)
    framework_id = _text(doc, "framework", where)
    name = _text(doc, "name", where)
    order = _order(doc, where)
    groups: list[Group] = []
    controls: list[Control] = []
    for g_index, group in enumerate(_list(doc, "groups", where)):
        g_where = f"{where}: groups[{g_index}]"
        if not isinstance(group, dict):
            raise GatekeeperError(f"{g_where}: expected a mapping")
        _only_keys(group, {"id", "title", "controls"}, g_where)
        groups.append(Group(_text(group, "id", g_where), _text(group, "title", g_where)))
        for c_index, raw in enumerate(_list(group, "controls", g_where)):
            controls.append(_control(raw, framework_id, groups[-1].id, f"{g_where}.controls[{c_index}]", name))
    ids = [c.id for c in controls]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise GatekeeperError(f"{where}: duplicate control ids: {', '.join(duplicates)}")
    return Framework(
        id=framework_id,
        name=name,
        version=_text(doc, "version", where),
        publisher=_text(doc, "publisher", where),
        url=_text(doc, "url", where),
        groups=tuple(groups),
        controls=tuple(controls),
        order=order,
        path=path,
    )


def _order(doc: dict[str, Any], where: str) -> int:
    value = doc.get("order", DEFAULT_ORDER)
    if not isinstance(value, int) or isinstance(value, bool):
        raise GatekeeperError(f"{where}: 'order' must be a whole number (reports list catalogs by it)")
    return value


def _control(raw: Any, framework: str, group: str, where: str, framework_name: str) -> Control:
    if not isinstance(raw, dict):
        raise GatekeeperError(f"{where}: expected a mapping, got {raw!r}")
    _only_keys(raw, _CONTROL_KEYS, where)
    control_id = _text(raw, "id", where)
    where = f"{where} ({control_id})"
    automation = _text(raw, "automation", where)
    if automation not in AUTOMATION_LEVELS:
        raise GatekeeperError(f"{where}: automation '{automation}' is not one of {', '.join(AUTOMATION_LEVELS)}")
    evidence = tuple(str(e) for e in raw.get("evidence") or ())
    unknown = [e for e in evidence if e not in EVIDENCE_SOURCES]
    if unknown:
        raise GatekeeperError(f"{where}: unknown evidence source '{unknown[0]}' (known: {', '.join(EVIDENCE_SOURCES)})")
    if evidence and automation == "none":
        raise GatekeeperError(f"{where}: automation is 'none' but evidence sources are listed")
    examines = raw.get("examines") or {}
    if not isinstance(examines, dict):
        raise GatekeeperError(f"{where}: 'examines' must map evidence sources to what they examine")
    for source in examines:
        if source not in evidence:
            raise GatekeeperError(f"{where}: examines.{source}: not one of the control's evidence sources")
    families = []
    for f_index, family in enumerate(raw.get("families") or ()):
        f_where = f"{where}.families[{f_index}]"
        if not isinstance(family, dict):
            raise GatekeeperError(f"{f_where}: expected a mapping")
        _only_keys(family, {"id", "title"}, f_where)
        families.append(Family(_text(family, "id", f_where), _text(family, "title", f_where)))
    return Control(
        framework=framework,
        id=control_id,
        title=_text(raw, "title", where),
        group=group,
        automation=automation,
        evidence=evidence,
        scope=" ".join(str(raw.get("scope") or "").split()),
        families=tuple(families),
        examines=tuple((str(s), selectors(v, f"{where}.examines.{s}")) for s, v in examines.items()),
        framework_name=framework_name,
    )


def selectors(value: Any, where: str) -> tuple[str, ...]:
    """A list of gatekeeper/filekinds.py selectors (evidence kinds, groups, kind ids, `any`)."""
    if not isinstance(value, list) or not value:
        raise GatekeeperError(f"{where}: expected a non-empty list of what is examined")
    unknown = [str(v) for v in value if not known_selector(str(v))]
    if unknown:
        raise GatekeeperError(
            f"{where}: '{unknown[0]}' is not a file kind, evidence kind or group (gatekeeper/filekinds.py)"
        )
    return tuple(str(v) for v in value)


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GatekeeperError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise GatekeeperError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(doc, dict):
        raise GatekeeperError(f"{path}: expected a mapping at the top level")
    return doc


def _only_keys(data: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        # A title with an unquoted comma in a YAML flow mapping turns into a stray key: say so.
        raise GatekeeperError(f"{where}: unknown key '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})")


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise GatekeeperError(f"{where}: '{key}' must be a non-empty string (quote ids such as \"1.2\")")
    return value.strip()


def _list(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise GatekeeperError(f"{where}: '{key}' must be a non-empty list")
    return value
