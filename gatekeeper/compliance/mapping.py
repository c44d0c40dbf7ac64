"""Finding -> category -> controls, as data: the shared tables (rules/compliance/mapping.yaml)
decide a finding's categories; each framework's `<id>.mapping.yaml` names its controls per category.

Rule-id overrides beat everything; otherwise the finding's source (rule-id prefix or scanner)
decides, SAST findings by CWE, configuration findings by their prefix's category refined by CWE.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Sequence

from gatekeeper.compliance.catalog import EVIDENCE_SOURCES, FRAMEWORK_MAPPING_SUFFIX, Catalogs, read_yaml, selectors
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Finding, cwe_number
from gatekeeper.scanners import REGISTRY

CATEGORY_PROPERTY = "category"
"""Finding property naming the mapping category that decided its controls."""

_TOP_KEYS = {
    "version",
    "evidence_sources",
    "sources",
    "sast_fallback",
    "categories",
    "rules",
    "cwe",
    "config_cwe",
    "unmapped",
}


@dataclass(frozen=True)
class EvidenceSource:
    id: str
    title: str
    scanners: tuple[str, ...]
    examines: tuple[str, ...] = ()
    """What the source looks at (gatekeeper/filekinds.py selectors): a control it evidences passes
    only when its scanners examined something of that kind, and is not applicable when the scope
    holds nothing of it."""


@dataclass(frozen=True)
class SourceRule:
    source: str
    rule_prefix: str | None = None
    scanner: str | None = None
    category: str | None = None

    def matches(self, rule_id: str, scanner: str) -> bool:
        if self.rule_prefix is not None and not rule_id.startswith(self.rule_prefix):
            return False
        return self.scanner is None or self.scanner == scanner


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    controls: tuple[str, ...]
    family: str | None = None
    """PCI DSS 6.2.4 attack family, for categories of code weaknesses."""


@dataclass(frozen=True)
class Classification:
    source: str | None
    categories: tuple[str, ...]
    controls: tuple[str, ...]


@dataclass(frozen=True)
class Mapping:
    evidence_sources: tuple[EvidenceSource, ...]
    sources: tuple[SourceRule, ...]
    categories: tuple[Category, ...]
    rule_overrides: tuple[tuple[str, str], ...]
    """(rule id or glob, category), exact ids first."""
    cwe: tuple[tuple[int, str], ...]
    config_cwe: tuple[tuple[int, str], ...]
    unmapped: tuple[tuple[int, str], ...]
    """(CWE number, reason)."""
    sast_fallback: str
    control_order: tuple[str, ...] = ()
    """Every catalog control ref in report order, to sort a finding's controls."""

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def source_of(self, rule_id: str, scanner: str) -> SourceRule | None:
        return next((s for s in self.sources if s.matches(rule_id, scanner)), None)

    def override(self, rule_id: str) -> str | None:
        for pattern, category in self.rule_overrides:
            if pattern == rule_id or ("*" in pattern and fnmatch.fnmatchcase(rule_id, pattern)):
                return category
        return None

    def classify(self, rule_id: str, scanner: str, cwes: Iterable[int]) -> Classification:
        numbers = sorted(set(cwes))
        source = self.source_of(rule_id, scanner)
        source_id = source.source if source else None
        categories = self._categories(rule_id, source, numbers)
        refs = {ref for c in categories for ref in self.category(c).controls}
        rank = self._rank
        return Classification(source_id, categories, tuple(sorted(refs, key=lambda r: (rank.get(r, len(rank)), r))))

    @cached_property
    def _rank(self) -> dict[str, int]:
        return {ref: i for i, ref in enumerate(self.control_order)}

    @cached_property
    def _tables(self) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
        return dict(self.cwe), dict(self.config_cwe), dict(self.unmapped)

    def classify_finding(self, finding: Finding) -> Classification:
        return self.classify(*_classified_by(finding))

    def apply(self, findings: Sequence[Finding]) -> list[Finding]:
        """Each finding with its controls filled, and the category that decided them recorded."""
        mapped = []
        # One answer per rule, scanner and CWE set: findings repeat them by the hundred.
        known: dict[tuple[str, str, frozenset[int]], Classification] = {}
        for finding in findings:
            key = _classified_by(finding)
            if key not in known:
                known[key] = self.classify(*key)
            result = known[key]
            properties = {k: v for k, v in finding.properties if k != CATEGORY_PROPERTY}
            if result.categories:
                properties[CATEGORY_PROPERTY] = result.categories[0]
            mapped.append(replace(finding, controls=result.controls, properties=tuple(sorted(properties.items()))))
        return mapped

    def _categories(self, rule_id: str, source: SourceRule | None, cwes: Sequence[int]) -> tuple[str, ...]:
        override = self.override(rule_id)
        if override:
            return (override,)
        table, config_table, unmapped = self._tables
        if source is not None and source.source == "config":
            refined = _unique(config_table[n] for n in cwes if n in config_table)
            return refined or ((source.category,) if source.category else ())
        if source is not None and source.category:
            return (source.category,)
        mapped = _unique(table[n] for n in cwes if n in table)
        if mapped:
            return mapped
        if cwes and all(n in unmapped for n in cwes):
            return ()
        # Code weaknesses nobody has classified yet still count against secure coding (6.2.4's
        # "other high-risk vulnerabilities"); findings of unknown scanners do not.
        return (self.sast_fallback,) if source is not None and source.source == "sast" else ()


def load_mapping(path: Path, catalogs: Catalogs, framework_mappings: Sequence[Path] = ()) -> Mapping:
    """The shared tables of `path` with every framework mapping's controls added to its categories."""
    doc = read_yaml(path)
    where = str(path)
    unknown = sorted(set(map(str, doc)) - _TOP_KEYS)
    if unknown:
        raise GatekeeperError(f"{where}: unknown key '{unknown[0]}'")
    evidence_sources = tuple(
        _evidence_source(k, v, f"{where}: evidence_sources.{k}")
        for k, v in _dict(doc, "evidence_sources", where).items()
    )
    missing = sorted(set(EVIDENCE_SOURCES) - {s.id for s in evidence_sources})
    if missing:
        raise GatekeeperError(f"{where}: evidence_sources: '{missing[0]}' is not defined")
    raw_categories = _dict(doc, "categories", where)
    added = framework_controls(framework_mappings, catalogs, set(map(str, raw_categories)))
    categories = tuple(
        _category(k, v, added.get(str(k), ()), catalogs, f"{where}: categories.{k}") for k, v in raw_categories.items()
    )
    known = {c.id for c in categories}

    def category_ref(value: Any, at: str) -> str:
        if value not in known:
            raise GatekeeperError(f"{at}: unknown category '{value}'")
        return str(value)

    sources = tuple(
        _source_rule(item, f"{where}: sources[{i}]", category_ref)
        for i, item in enumerate(_list(doc, "sources", where))
    )
    overrides = _dict(doc, "rules", where, required=False)
    exact = [(str(k), category_ref(v, f"{where}: rules.{k}")) for k, v in overrides.items() if "*" not in str(k)]
    globs = [(str(k), category_ref(v, f"{where}: rules.{k}")) for k, v in overrides.items() if "*" in str(k)]
    unmapped = tuple(
        sorted(
            (_cwe_key(k, f"{where}: unmapped"), " ".join(str(v or "").split()))
            for k, v in _dict(doc, "unmapped", where, required=False).items()
        )
    )
    for number, reason in unmapped:
        if not reason:
            raise GatekeeperError(f"{where}: unmapped.CWE-{number}: give the reason it maps to no control")
    cwe = _cwe_table(doc, "cwe", where, category_ref)
    config_cwe = _cwe_table(doc, "config_cwe", where, category_ref)
    both = sorted(set(dict(cwe)) & set(dict(unmapped)))
    if both:
        raise GatekeeperError(f"{where}: CWE-{both[0]} is both mapped (cwe) and unmapped")
    return Mapping(
        evidence_sources=evidence_sources,
        sources=sources,
        categories=categories,
        rule_overrides=tuple(exact + globs),
        cwe=cwe,
        config_cwe=config_cwe,
        unmapped=unmapped,
        sast_fallback=category_ref(doc.get("sast_fallback"), f"{where}: sast_fallback"),
        control_order=tuple(c.ref for c in catalogs.controls),
    )


def _evidence_source(key: str, value: Any, where: str) -> EvidenceSource:
    if key not in EVIDENCE_SOURCES:
        raise GatekeeperError(f"{where}: unknown evidence source (known: {', '.join(EVIDENCE_SOURCES)})")
    if not isinstance(value, dict) or not isinstance(value.get("title"), str) or not value.get("scanners"):
        raise GatekeeperError(f"{where}: needs a 'title' and a list of 'scanners'")
    examines = selectors(value.get("examines"), f"{where}.examines")
    scanners = tuple(str(s) for s in value["scanners"])
    for name in scanners:
        _registered(name, f"{where}.scanners")
    return EvidenceSource(key, value["title"], scanners, examines)


def _registered(name: str, where: str) -> None:
    """A scanner name the mapping relies on must be registered: else its evidence could never arrive,
    and the controls it backs would wait on a scanner that does not exist."""
    if name not in REGISTRY.names():
        raise GatekeeperError(f"{where}: unknown scanner '{name}' (known: {', '.join(REGISTRY.names())})")


def framework_controls(paths: Sequence[Path], catalogs: Catalogs, categories: set[str]) -> dict[str, tuple[str, ...]]:
    """category -> control refs, from the framework mappings, in report (catalog) order."""
    added: dict[str, list[str]] = {}
    for path in sorted(paths, key=lambda p: _framework_rank(p, catalogs)):
        for category, refs in _framework_mapping(path, catalogs, categories).items():
            added.setdefault(category, []).extend(refs)
    return {category: tuple(dict.fromkeys(refs)) for category, refs in added.items()}


def _framework_rank(path: Path, catalogs: Catalogs) -> tuple[int, str]:
    ids = [f.id for f in catalogs]
    name = path.name.removesuffix(FRAMEWORK_MAPPING_SUFFIX)
    return (ids.index(name) if name in ids else len(ids), name)


def _framework_mapping(path: Path, catalogs: Catalogs, categories: set[str]) -> dict[str, list[str]]:
    """`<framework>.mapping.yaml`: `categories: {category: [control id, ...]}`, ids of that framework."""
    doc = read_yaml(path)
    where = str(path)
    unknown = sorted(set(map(str, doc)) - {"framework", "categories"})
    if unknown:
        raise GatekeeperError(f"{where}: unknown key '{unknown[0]}' (allowed: categories, framework)")
    framework_id = doc.get("framework")
    expected = path.name.removesuffix(FRAMEWORK_MAPPING_SUFFIX)
    if framework_id != expected:
        raise GatekeeperError(f"{where}: 'framework' must be '{expected}', the catalog this file maps to")
    try:
        framework = catalogs.framework(expected)
    except KeyError:
        raise GatekeeperError(f"{where}: no catalog defines framework '{expected}'") from None
    ids = {c.id for c in framework.controls}
    mapped: dict[str, list[str]] = {}
    for category, controls in _dict(doc, "categories", where).items():
        at = f"{where}: categories.{category}"
        if str(category) not in categories:
            raise GatekeeperError(f"{at}: unknown category (known: mapping.yaml's categories)")
        if not isinstance(controls, list) or not controls:
            raise GatekeeperError(f"{at}: expected a non-empty list of {framework.id} control ids")
        for control in controls:
            if str(control) not in ids:
                raise GatekeeperError(f"{at}: control '{control}' is not in the {framework.name} catalog")
        mapped[str(category)] = [f"{framework.id}:{c}" for c in controls]
    return mapped


def _category(key: str, value: Any, added: tuple[str, ...], catalogs: Catalogs, where: str) -> Category:
    if not isinstance(value, dict) or not isinstance(value.get("title"), str):
        raise GatekeeperError(f"{where}: needs a 'title'")
    extra = sorted(set(value) - {"title", "family", "controls"})
    if extra:
        raise GatekeeperError(f"{where}: unknown key '{extra[0]}'")
    own = tuple(str(c) for c in value.get("controls") or ())
    for ref in own:
        if not catalogs.has(ref):
            raise GatekeeperError(f"{where}: control '{ref}' is not in the catalogs")
    controls = tuple(dict.fromkeys(own + added))
    if not controls:
        raise GatekeeperError(f"{where}: no framework maps it to a control (<framework>.mapping.yaml)")
    family = value.get("family")
    if family is not None:
        families = {f.id for ref in controls for f in catalogs.control(ref).families}
        if family not in families:
            raise GatekeeperError(f"{where}: family '{family}' is not a family of any of its controls")
    return Category(key, value["title"], controls, str(family) if family is not None else None)


def _source_rule(item: Any, where: str, category_ref: Any) -> SourceRule:
    if not isinstance(item, dict) or item.get("source") not in EVIDENCE_SOURCES:
        raise GatekeeperError(f"{where}: needs 'source', one of {', '.join(EVIDENCE_SOURCES)}")
    extra = sorted(set(item) - {"source", "rule_prefix", "scanner", "category"})
    if extra:
        raise GatekeeperError(f"{where}: unknown key '{extra[0]}'")
    if "rule_prefix" not in item and "scanner" not in item:
        raise GatekeeperError(f"{where}: needs 'rule_prefix' or 'scanner'")
    if "scanner" in item:
        _registered(str(item["scanner"]), f"{where}.scanner")
    category = category_ref(item["category"], where) if item.get("category") is not None else None
    return SourceRule(
        source=item["source"],
        rule_prefix=str(item["rule_prefix"]) if "rule_prefix" in item else None,
        scanner=str(item["scanner"]) if "scanner" in item else None,
        category=category,
    )


def _cwe_table(doc: dict[str, Any], key: str, where: str, category_ref: Any) -> tuple[tuple[int, str], ...]:
    table = _dict(doc, key, where)
    return tuple(
        sorted((_cwe_key(k, f"{where}: {key}"), category_ref(v, f"{where}: {key}.{k}")) for k, v in table.items())
    )


def _cwe_key(key: Any, where: str) -> int:
    number = cwe_number(str(key))
    if number is None or str(key).strip().upper() != f"CWE-{number}":
        raise GatekeeperError(f"{where}: '{key}' is not a CWE id like CWE-89")
    return number


def _dict(doc: dict[str, Any], key: str, where: str, required: bool = True) -> dict[str, Any]:
    value = doc.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or not value:
        raise GatekeeperError(f"{where}: '{key}' must be a non-empty mapping")
    return value


def _list(doc: dict[str, Any], key: str, where: str) -> list[Any]:
    value = doc.get(key)
    if not isinstance(value, list) or not value:
        raise GatekeeperError(f"{where}: '{key}' must be a non-empty list")
    return value


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _classified_by(finding: Finding) -> tuple[str, str, frozenset[int]]:
    """What a finding's classification depends on: its rule, first scanner and CWE ids."""
    return finding.rule_id, finding.scanners[0] if finding.scanners else "", finding.cwe_numbers
