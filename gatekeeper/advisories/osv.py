"""OSV records of every ecosystem: validation, the normalised form the index stores, and merging
the records that match one package version. Version ranges are ranges.py's, ordered per ecosystem
by versions.py; severity is severity.py's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from typing import Any, Sequence

import yaml
from packaging.version import InvalidVersion, Version

from gatekeeper.advisories import ranges
from gatekeeper.advisories import versions as ordering
from gatekeeper.advisories.interface import AdvisoryError, PackageVersion, Vulnerability
from gatekeeper.advisories.ranges import EVENT_KINDS, Range
from gatekeeper.advisories.severity import DATABASE_SEVERITY, cvss_rating, worst

__all__ = ["Advisory", "Affected", "Range", "RecordError", "cvss_rating", "decode_record", "merge", "parse_record"]

OSV_URL = "https://osv.dev/vulnerability/{id}"
MAX_REFERENCES = 10
_REFERENCE_TYPES = ("ADVISORY", "FIX", "REPORT", "WEB", "ARTICLE", "PACKAGE")
_CWE = re.compile(r"^CWE-\d+$")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RecordError(AdvisoryError):
    """One OSV record is unreadable or does not follow the schema; the message starts with its file."""


@dataclass(frozen=True)
class Affected:
    """One `affected[]` entry: a package of one ecosystem."""

    name: str
    """As versions.package_name keys it (PEP 503 normalised for PyPI)."""
    versions: tuple[str, ...] = ()
    """The record's enumerated versions in canonical form (`versions.canonical`), so matching needs no parsing."""
    ranges: tuple[Range, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    ecosystem: str = ordering.PYPI
    _listed: frozenset[str] | None = field(default=None, compare=False, repr=False)

    def affects(self, version: str) -> bool:
        if self._listed is None:
            object.__setattr__(self, "_listed", frozenset(self.versions))
        if ordering.canonical(self.ecosystem, version) in self._listed:  # type: ignore[operator]
            return True
        return any(ranges.range_affects(self.ecosystem, r, version) for r in self.ranges)

    def fixed(self) -> list[str]:
        return ranges.event_versions(self.ecosystem, self.ranges, "fixed")

    def unordered_events(self) -> list[tuple[str, str]]:
        """(kind, version) of each evaluated range event that is not a version of the ecosystem."""
        return ranges.unordered_events(self.ecosystem, self.ranges)

    def last_affected(self) -> list[str]:
        return ranges.event_versions(self.ecosystem, self.ranges, "last_affected")


@dataclass(frozen=True)
class Advisory:
    """A validated OSV record, reduced to what matching and reporting need."""

    id: str
    origin: str
    """The file (or zip member) the record came from, for error messages."""
    affected: tuple[Affected, ...]
    aliases: tuple[str, ...] = ()
    summary: str = ""
    published: str | None = None
    modified: str | None = None
    severity: tuple[tuple[str, str], ...] = ()
    database_severity: str | None = None
    cwe_ids: tuple[str, ...] = ()
    references: tuple[tuple[str, str], ...] = ()

    @property
    def packages(self) -> frozenset[tuple[str, str]]:
        """(ecosystem, name) of every package the record affects."""
        return frozenset((a.ecosystem, a.name) for a in self.affected)

    def affects(self, package: PackageVersion) -> bool:
        return any(a.affects(package.version) for a in self.for_package(package))

    def for_package(self, package: PackageVersion) -> list[Affected]:
        return [a for a in self.affected if a.name == package.name and a.ecosystem == package.ecosystem]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "origin": self.origin,
            "aliases": list(self.aliases),
            "summary": self.summary,
            "published": self.published,
            "modified": self.modified,
            "severity": [list(s) for s in self.severity],
            "database_severity": self.database_severity,
            "cwe_ids": list(self.cwe_ids),
            "references": [list(r) for r in self.references],
            "affected": [
                {
                    "name": a.name,
                    "versions": list(a.versions),
                    "ranges": [{"type": r.type, "events": [list(e) for e in r.events]} for r in a.ranges],
                    "severity": [list(s) for s in a.severity],
                    "ecosystem": a.ecosystem,
                }
                for a in self.affected
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Advisory:
        """Rebuild from `to_json` output (the index's own, already validated form)."""
        return cls(
            id=data["id"],
            origin=data["origin"],
            aliases=tuple(data["aliases"]),
            summary=data["summary"],
            published=data["published"],
            modified=data["modified"],
            severity=tuple((t, s) for t, s in data["severity"]),
            database_severity=data["database_severity"],
            cwe_ids=tuple(data["cwe_ids"]),
            references=tuple((t, u) for t, u in data["references"]),
            affected=tuple(
                Affected(
                    name=a["name"],
                    versions=tuple(a["versions"]),
                    ranges=tuple(Range(r["type"], tuple((k, v) for k, v in r["events"])) for r in a["ranges"]),
                    severity=tuple((t, s) for t, s in a["severity"]),
                    ecosystem=a["ecosystem"],
                )
                for a in data["affected"]
            ),
        )


def decode_record(origin: str, raw: bytes) -> Any:
    """JSON or YAML by suffix; errors name the file and line."""
    if origin.endswith(".json"):
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise RecordError(f"{origin}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
        except UnicodeDecodeError:
            raise RecordError(f"{origin}: not UTF-8 text") from None
        except RecursionError:  # json's decoder raises it past Python's recursion limit
            raise RecordError(f"{origin}: invalid JSON: nested too deeply") from None
    try:
        return yaml.load(raw, Loader=_YAML_LOADER)
    except RecursionError:  # PyYAML's pure-Python loader (libyaml stops at its own limit, a YAMLError)
        raise RecordError(f"{origin}: invalid YAML: nested too deeply") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RecordError(f"{origin}: invalid YAML{where}: {problem}") from None


def parse_record(data: Any, origin: str) -> Advisory | None:
    """Validate one OSV record; None for a withdrawn record. Raises RecordError naming `origin`."""

    def fail(problem: str) -> RecordError:
        return RecordError(f"{origin}: {problem}")

    if not isinstance(data, dict):
        raise fail("not an OSV record (expected a mapping at the top level)")
    schema = data.get("schema_version")
    if schema is not None:
        try:
            major = Version(str(schema)).major
        except InvalidVersion:
            raise fail(f"schema_version '{schema}' is not a version") from None
        if major != 1:
            raise fail(f"unsupported OSV schema_version {schema}")
    record_id = data.get("id")
    if not isinstance(record_id, str) or not record_id.strip():
        raise fail("missing 'id'")
    if data.get("withdrawn"):
        return None
    if "affected" not in data:
        raise fail(f"{record_id}: missing 'affected'")
    affected_list = data["affected"]
    if not isinstance(affected_list, list):
        raise fail(f"{record_id}: 'affected' must be a list")
    affected = []
    for index, entry in enumerate(affected_list):
        parsed = _parse_affected(entry, lambda p, i=index: fail(f"{record_id}: affected[{i}]: {p}"))
        if parsed is not None:
            affected.append(parsed)
    database = data.get("database_specific")
    database = database if isinstance(database, dict) else {}
    return Advisory(
        id=record_id.strip(),
        origin=origin,
        affected=tuple(affected),
        aliases=tuple(sorted({a for a in _strings(data.get("aliases"), fail, "aliases") if a != record_id})),
        summary=_summary(data),
        published=_timestamp(data.get("published")),
        modified=_timestamp(data.get("modified")),
        severity=_severity_entries(data.get("severity"), fail),
        database_severity=DATABASE_SEVERITY.get(str(database.get("severity", "")).upper()),
        cwe_ids=tuple(sorted({c for c in _strings(database.get("cwe_ids"), fail, "cwe_ids") if _CWE.match(c)})),
        references=_references(data.get("references")),
    )


def _parse_affected(entry: Any, fail: Any) -> Affected | None:
    if not isinstance(entry, dict):
        raise fail("expected a mapping")
    package = entry.get("package")
    if not isinstance(package, dict) or not isinstance(package.get("name"), str) or not package["name"].strip():
        raise fail("missing 'package.name'")
    ecosystem = package.get("ecosystem")
    if not isinstance(ecosystem, str):
        raise fail("missing 'package.ecosystem'")
    ranges_data = entry.get("ranges", [])
    if not isinstance(ranges_data, list):
        raise fail("'ranges' must be a list")
    parsed_ranges = []
    for number, item in enumerate(ranges_data):
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise fail(f"ranges[{number}]: missing 'type'")
        events = item.get("events")
        if not isinstance(events, list) or not events:
            raise fail(f"ranges[{number}]: missing 'events'")
        parsed_events = []
        for event in events:
            if not isinstance(event, dict) or len(event) != 1:
                raise fail(f"ranges[{number}]: each event must be one of {', '.join(EVENT_KINDS)}")
            ((kind, value),) = event.items()
            if kind not in EVENT_KINDS:
                raise fail(f"ranges[{number}]: unknown event '{kind}'")
            if not isinstance(value, str):
                # An unquoted YAML `fixed: 2.10` is the float 2.1: never guess what was meant.
                raise fail(f"ranges[{number}]: {kind} must be a string, got {value!r} (quote it)")
            parsed_events.append((kind, value.strip()))
        parsed_ranges.append(Range(item["type"], tuple(parsed_events)))
    listed = entry.get("versions", [])
    if not isinstance(listed, list) or not all(isinstance(v, str) for v in listed):
        raise fail("'versions' must be a list of strings (quote numbers in YAML)")
    base = ordering.ecosystem_of(ecosystem)
    return Affected(
        name=ordering.package_name(base, package["name"]),
        versions=tuple(sorted({ordering.canonical(base, v) for v in listed})),
        ranges=tuple(parsed_ranges),
        severity=_severity_entries(entry.get("severity"), fail),
        ecosystem=base,
    )


def _strings(value: Any, fail: Any, key: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(f"'{key}' must be a list of strings")
    return [v.strip() for v in value]


def _severity_entries(value: Any, fail: Any) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise fail("'severity' must be a list")
    entries = []
    for item in value:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("type"), str)
            or not isinstance(item.get("score"), str)
        ):
            raise fail("each 'severity' entry needs a 'type' and a 'score' string")
        entries.append((item["type"], item["score"].strip()))
    return tuple(entries)


def _summary(data: dict[str, Any]) -> str:
    for key in ("summary", "details"):
        text = data.get(key)
        if isinstance(text, str) and text.strip():
            line = " ".join(text.split())
            return line if len(line) <= 240 else line[:237].rstrip() + "..."
    return ""


def _references(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        return ()
    refs = []
    for item in value:
        if isinstance(item, dict) and isinstance(item.get("url"), str):
            refs.append((str(item.get("type", "WEB")), item["url"]))
    return tuple(refs)


def _timestamp(value: Any) -> str | None:
    """OSV timestamps are RFC 3339 strings; YAML may already have turned an unquoted one into a datetime."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        # Go's zero time: the Go vulnerability database's repository records carry it, their real
        # date being set only when published. It is no date, never "the data is 2,000 years old".
        return None if value.strip().startswith("0001-01-01") else value.strip()
    return None


_FRACTION = re.compile(r"\.(\d+)")


def parse_timestamp(text: str) -> datetime | None:
    """An OSV/RFC 3339 timestamp (or a bare date) as an aware datetime; None if it is not one."""
    # Python 3.10's fromisoformat wants "+00:00" and exactly 3 or 6 fractional digits.
    normal = _FRACTION.sub(lambda m: "." + (m.group(1) + "000000")[:6], text.strip().replace("Z", "+00:00"), count=1)
    try:
        moment = datetime.fromisoformat(normal)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# --- merging --------------------------------------------------------------------------------


def id_rank(identifier: str) -> tuple[int, str]:
    prefix = identifier.split("-", 1)[0].upper()
    return ({"PYSEC": 0, "GO": 0, "GHSA": 1}.get(prefix, 2), identifier)


def merge(package: PackageVersion, matched: Sequence[Advisory]) -> list[Vulnerability]:
    """One Vulnerability per group of records that name each other (PYSEC/GHSA/CVE aliases)."""
    if not matched:
        return []
    groups: list[tuple[set[str], list[Advisory]]] = []
    for advisory in sorted(matched, key=lambda a: id_rank(a.id)):
        names = {advisory.id, *advisory.aliases}
        overlapping = [g for g in groups if g[0] & names]
        merged_names, merged_records = set(names), [advisory]
        for group in overlapping:
            merged_names |= group[0]
            merged_records += group[1]
            groups.remove(group)
        groups.append((merged_names, merged_records))
    vulns = [_vulnerability(package, records, names) for names, records in groups]
    known = [v for v in vulns if not v.id.upper().startswith("MAL-")]  # a malicious package: removal, not upgrade
    if len(known) == 1:
        fix = known[0].fix  # computed over the same records already
    else:
        fix = clearing_fix(package, [r for r in matched if not r.id.upper().startswith("MAL-")]) if known else None
    return sorted((replace(v, package_fix=fix) for v in vulns), key=lambda v: id_rank(v.id))


def clearing_fix(package: PackageVersion, matched: Sequence[Advisory]) -> str | None:
    """The smallest fixed version above the installed one that no matched record affects."""
    fixed = {v for record in matched for entry in record.for_package(package) for v in entry.fixed()}
    return next(
        (
            v
            for v in ranges.sort_versions(package.ecosystem, fixed)
            if ranges.newer(package.ecosystem, v, package.version)
            and not any(r.affects(package.at(v)) for r in matched)
        ),
        None,
    )


def _vulnerability(package: PackageVersion, records: list[Advisory], names: set[str]) -> Vulnerability:
    records = sorted(records, key=lambda a: id_rank(a.id))
    primary = records[0]
    ecosystem = package.ecosystem
    entries = [a for record in records for a in record.for_package(package)]
    fixed = ranges.sort_versions(ecosystem, {v for entry in entries for v in entry.fixed()})
    fix = next(
        (
            v
            for v in fixed
            if ranges.newer(ecosystem, v, package.version) and not any(r.affects(package.at(v)) for r in records)
        ),
        None,
    )
    last = [v for entry in entries for v in entry.last_affected() if ranges.at_least(ecosystem, v, package.version)]
    unordered = sorted(
        {
            (record.id, kind, text)
            for record in records
            for entry in record.for_package(package)
            for kind, text in entry.unordered_events()
        }
    )
    severity, source, vector, score = worst(
        [*(e.severity for e in entries), *(r.severity for r in records)],
        [r.database_severity for r in records if r.database_severity],
    )
    references: dict[str, None] = {OSV_URL.format(id=primary.id): None}
    for kind in _REFERENCE_TYPES:
        for record in records:
            for ref_kind, url in record.references:
                if ref_kind == kind and len(references) < MAX_REFERENCES:
                    references.setdefault(url, None)
    return Vulnerability(
        id=primary.id,
        aliases=tuple(sorted(names - {primary.id}, key=id_rank)),
        summary=next((r.summary for r in records if r.summary), ""),
        fixed_versions=tuple(fixed),
        fix=fix,
        severity=severity,
        severity_source=source,
        cvss_vector=vector,
        cvss_score=score,
        cwe_ids=tuple(sorted({c for r in records for c in r.cwe_ids}, key=lambda c: int(c[4:]))),
        references=tuple(references),
        published=min((r.published for r in records if r.published), default=None),
        modified=max((r.modified for r in records if r.modified), default=None),
        last_affected=ranges.sort_versions(ecosystem, last)[-1] if last and fix is None else None,
        notes=tuple(_unordered_note(ecosystem, record_id, kind, text) for record_id, kind, text in unordered),
        unordered_fixes=tuple(sorted({text for _id, kind, text in unordered if kind == "fixed"})),
    )


def _unordered_note(ecosystem: str, record_id: str, kind: str, text: str) -> str:
    effect = (
        "the range is taken to start at the first version"
        if kind == "introduced"
        else ("it is not taken as the end of the affected range")
    )
    what = "a PEP 440 version" if ecosystem == ordering.PYPI else f"a {ecosystem} version"
    return f"{record_id} gives {kind} '{text}', which is not {what} and cannot be ordered: {effect}"
