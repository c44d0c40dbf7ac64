"""The file's meaning: from a valid document to a Config, checking what a schema cannot say
(real dates, known frameworks and controls, one matcher per waiver, directories that exist)."""

from __future__ import annotations

import difflib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from gatekeeper.errors import GatekeeperError
from gatekeeper.events import destinations
from gatekeeper.findings import Confidence, Severity
from gatekeeper.redact import Redactor
from gatekeeper.settings.document import Document, Key
from gatekeeper.settings.model import (
    DEFAULT_ADVISORY_MAX_AGE_DAYS,
    UNLIMITED,
    Config,
    DependencyConfig,
    EventsConfig,
    PathRules,
    ScannerConfig,
    scanner_names,
)
from gatekeeper.settings.policy import (
    DEFAULT_WAIVER_MAX_DAYS,
    InlinePolicy,
    Policy,
    PolicyLayer,
    Scope,
    Thresholds,
    Waiver,
    compile_patterns,
)
from gatekeeper.settings.validation import validate

if TYPE_CHECKING:
    from gatekeeper.compliance import Compliance
    from gatekeeper.compliance.catalog import Catalogs


def latest_date_anywhere() -> date:
    """Today's date in the furthest timezone (UTC+14): a date after it is in the future everywhere."""
    return datetime.now(timezone.utc).date() + timedelta(days=1)


class Builder:
    def __init__(self, doc: Document, path: Path | None, layers: tuple[PolicyLayer, ...] = ()) -> None:
        self.doc = doc
        self.path = path
        self.layers = layers
        self.framework_dirs: list[Path] = []
        """`compliance.frameworks`, resolved: thresholds may name their controls."""

    def error(self, key: Key, message: str, *, of_key: bool = False) -> GatekeeperError:
        return self.doc.error(key, message, of_key=of_key)

    def build(self, *, validated: bool = False) -> Config:
        """`validated`: the document's shape was checked already (gatekeeper/settings/layers.py
        checks every layer before it reads `extends:`), so the schema is not run over it twice."""
        if not validated:
            validate(self.doc)
        data: dict[str, Any] = self.doc.data
        frameworks = [str(d) for d in (data.get("compliance") or {}).get("frameworks") or []]
        self._frameworks(frameworks)  # before the thresholds: they may name these frameworks' controls
        fail_on = self._thresholds(("fail_on",), data.get("fail_on") or {})
        scopes = self._scopes(data.get("scopes") or [])
        inline = data.get("inline_suppressions") or {}
        max_days_data = data.get("waiver_max_days") or {}
        policy = Policy(
            fail_on=fail_on.severity or Severity.HIGH,
            allow_partial=bool(data.get("allow_partial", False)),
            frameworks=fail_on.frameworks,
            controls=fail_on.controls,
            scopes=scopes,
            inline=InlinePolicy(bool(inline.get("allow", True)), bool(inline.get("require_reason", False))),
            waivers=self._waivers(data.get("waivers") or []),
            waiver_max_days=tuple((s, int(max_days_data.get(s.label, d))) for s, d in DEFAULT_WAIVER_MAX_DAYS),
            coverage_unsupported=str((data.get("coverage") or {}).get("unsupported", "warn")),
            source=self._source(),
            fail_on_confidence=fail_on.confidence,
            layers=self.layers,
        )
        # The file is under review like the code: a secret in a waiver's reason must not reach the
        # reports (nor `config show`) in full. Masked here, the digest is the masked policy's.
        policy = Redactor().policy(policy)
        paths = data.get("paths") or {}
        for name in ("include", "exclude", "tests"):
            self._patterns(("paths", name), paths.get(name) or [])
        deps = data.get("dependencies") or {}
        return Config(
            policy=policy,
            paths=PathRules(
                tuple(paths.get("include") or ()),
                tuple(paths.get("exclude") or ()),
                bool(paths.get("gitignore", True)),
                int(paths.get("max_file_bytes", PathRules.max_file_bytes)),
                tuple(paths["tests"]) if paths.get("tests") is not None else PathRules.tests,
            ),
            scanners=self._scanners(data.get("scanners") or {}),
            disabled_rules=tuple(dict.fromkeys(s.strip() for s in (data.get("rules") or {}).get("disable") or [])),
            rule_packs=self._rule_packs((data.get("rules") or {}).get("packs") or []),
            dependencies=DependencyConfig(deps.get("advisories"), _max_age_days(deps)),
            baseline=data.get("baseline"),
            path=self.path,
            display=self.doc.display,
            frameworks=tuple(frameworks),
            imports=self._imports(data),
            origins=self.doc.origins(),
            events=self._events(data.get("events") or {}),
        )

    def _events(self, data: dict[str, Any]) -> EventsConfig:
        """`events:`: each sink a valid destination (a CA bundle that exists), relative to this file."""
        base = self.path.parent if self.path is not None else Path.cwd()
        sinks = []
        for i, item in enumerate(data.get("sinks") or []):
            entry = item if isinstance(item, dict) else {"url": item}
            try:
                sinks.append(
                    destinations.parse(
                        str(entry["url"]),
                        ca_bundle=entry.get("ca_bundle"),
                        hec_token_env=entry.get("hec_token_env"),
                        base=base,
                    )
                )
            except GatekeeperError as exc:
                raise self.error(("events", "sinks", i), str(exc)) from None
        spool = data.get("spool")
        timeout = data.get("timeout")
        return EventsConfig(
            tuple(sinks),
            bool(data.get("required", False)),
            str((base / spool).absolute()) if spool else None,
            float(timeout) if timeout is not None else None,
        )

    def _source(self) -> str:
        if self.path is None and not self.doc.data:
            return ""
        bases = [layer.source for layer in self.layers if layer.role == "base"]
        return f"{self.doc.display} (extends {' -> '.join(reversed(bases))})" if bases else self.doc.display

    def _imports(self, data: dict[str, Any]) -> tuple[str, ...]:
        """`imports`: SARIF files (checked when the scan reads them); the importer turned off beside
        them would leave them unread with no error."""
        imports = tuple(str(item) for item in data.get("imports") or ())
        sarif = (data.get("scanners") or {}).get("sarif", True)
        if imports and (sarif is False or (isinstance(sarif, dict) and sarif.get("enabled") is False)):
            raise self.error(
                ("scanners", "sarif"),
                "the importer is turned off, but imports: lists SARIF files to import: remove one",
            )
        return imports

    def _frameworks(self, items: list[str]) -> None:
        """`compliance.frameworks`: each an existing directory (relative to this file), its catalogs
        and mappings as valid as the bundled ones."""
        base = self.path.parent if self.path is not None else Path.cwd()
        for i, item in enumerate(items):
            if not (base / item).is_dir():
                raise self.error(("compliance", "frameworks", i), f"{base / item}: not a directory")
        self.framework_dirs = [(base / item).resolve() for item in items]
        if self.framework_dirs:
            _compliance(self.framework_dirs)

    def _thresholds(self, key: Key, data: dict[str, Any]) -> Thresholds:
        catalogs = None
        frameworks = []
        for name, severity in (data.get("frameworks") or {}).items():
            catalogs = catalogs or _catalogs(self.framework_dirs)
            known = [f.id for f in catalogs]
            if name not in known:
                raise self.error(
                    key + ("frameworks", name), f"unknown framework (known: {', '.join(known)})", of_key=True
                )
            frameworks.append((name, Severity.parse(severity)))
        controls = []
        for ref, severity in (data.get("controls") or {}).items():
            catalogs = catalogs or _catalogs(self.framework_dirs)
            framework = ref.split(":", 1)[0]
            known = [f.id for f in catalogs]
            if framework not in known:
                raise self.error(
                    key + ("controls", ref), f"unknown framework '{framework}' (known: {', '.join(known)})", of_key=True
                )
            if not catalogs.has(ref):
                fw = catalogs.framework(framework)
                close = difflib.get_close_matches(ref, [c.ref for c in fw.controls], n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                raise self.error(key + ("controls", ref), f"no such control in {fw.label}{hint}", of_key=True)
            controls.append((ref, Severity.parse(severity)))
        severity = data.get("severity")
        confidence = Confidence.parse(data["confidence"]) if data.get("confidence") else None
        return Thresholds(
            Severity.parse(severity) if severity else None, tuple(frameworks), tuple(controls), confidence
        )

    def _scopes(self, items: list[dict[str, Any]]) -> tuple[Scope, ...]:
        scopes: list[Scope] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            key: Key = ("scopes", i)
            name = item["name"]
            if name in seen:
                raise self.error(key + ("name",), f"duplicate scope name '{name}' (also scopes[{seen[name]}])")
            seen[name] = i
            self._patterns(key + ("paths",), item["paths"])
            scopes.append(
                Scope(
                    name=name,
                    paths=tuple(item["paths"]),
                    fail_on=self._thresholds(key + ("fail_on",), item.get("fail_on") or {}),
                    inline_suppressions=bool(item.get("inline_suppressions", True)),
                    description=item.get("description", ""),
                )
            )
        return tuple(scopes)

    def _patterns(self, key: Key, patterns: list[str]) -> None:
        for i, pattern in enumerate(patterns):
            try:
                compile_patterns([pattern])
            except (ValueError, TypeError) as exc:
                raise self.error(key + (i,), f"'{pattern}' is not a valid path pattern: {exc}") from None

    def _date(self, key: Key, text: str) -> date:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.error(key, f"'{text}' is not a valid date (YYYY-MM-DD)") from None

    def _waivers(self, items: list[dict[str, Any]]) -> tuple[Waiver, ...]:
        waivers: list[Waiver] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            key: Key = ("waivers", i)
            matchers = [m for m in ("fingerprint", "rule", "advisory") if m in item]
            if not matchers:
                raise self.error(key, "a waiver needs one of fingerprint, rule or advisory (what it waives)")
            if len(matchers) > 1:
                raise self.error(
                    key + (matchers[1],),
                    f"a waiver matches by one of fingerprint, rule or advisory, "
                    f"not both '{matchers[0]}' and '{matchers[1]}'",
                    of_key=True,
                )
            if "paths" in item and matchers[0] == "fingerprint":
                raise self.error(
                    key + ("paths",),
                    "a fingerprint names one place already; paths go with rule or advisory",
                    of_key=True,
                )
            self._patterns(key + ("paths",), item.get("paths") or [])
            expires = self._date(key + ("expires",), item["expires"])
            created = self._date(key + ("created",), item["created"]) if "created" in item else None
            if created is not None and created > expires:
                raise self.error(key + ("expires",), f"expires ({expires}) is before created ({created})")
            if created is not None and created > latest_date_anywhere():
                # A future `created` would shorten the duration waiver_max_days limits (to nothing).
                raise self.error(
                    key + ("created",), f"'{created}' is in the future: it must be the date the risk was accepted"
                )
            waiver_id = str(item.get("id") or f"waiver-{i + 1}").strip()
            if waiver_id in seen:
                raise self.error(key + ("id",), f"duplicate waiver id '{waiver_id}' (also waivers[{seen[waiver_id]}])")
            seen[waiver_id] = i
            waivers.append(
                Waiver(
                    id=waiver_id,
                    reason=" ".join(item["reason"].split()),
                    owner=item["owner"].strip(),
                    expires=expires,
                    fingerprint=item.get("fingerprint"),
                    rule=item.get("rule", "").strip() or None,
                    advisory=item.get("advisory", "").strip() or None,
                    paths=tuple(item.get("paths") or ()),
                    ticket=(item.get("ticket") or "").strip() or None,
                    created=created,
                    origin=self.doc.where(key),
                )
            )
        return tuple(waivers)

    def _rule_packs(self, packs: list[str]) -> tuple[str, ...]:
        """Each pack a directory, named once: a typo must not pass as a pack of no rules (what a
        pack holds is checked when it loads, gatekeeper/rulepack.py)."""
        base = self.path.parent if self.path is not None else Path.cwd()
        seen: dict[str, int] = {}
        for i, pack in enumerate(packs):
            key: Key = ("rules", "packs", i)
            where = (base / pack).resolve()
            if not where.is_dir():
                raise self.error(key, f"rule pack '{pack}' is not a directory (looked for {where})")
            if str(where) in seen:
                raise self.error(key, f"rule pack '{pack}' is listed twice (also rules.packs[{seen[str(where)]}])")
            seen[str(where)] = i
        return tuple(packs)

    def _scanners(self, data: dict[str, Any]) -> tuple[tuple[str, ScannerConfig], ...]:
        result = []
        for name in scanner_names():
            if name not in data:
                continue
            value = data[name]
            if isinstance(value, bool):
                result.append((name, ScannerConfig(enabled=value)))
            else:
                options = tuple(sorted((k, v) for k, v in value.items() if k != "enabled"))
                result.append((name, ScannerConfig(enabled=bool(value.get("enabled", True)), options=options)))
        return tuple(result)


def _max_age_days(deps: Mapping[str, Any]) -> int | None:
    value = deps.get("max_age_days", DEFAULT_ADVISORY_MAX_AGE_DAYS)
    return None if value == UNLIMITED else int(value)


def _catalogs(frameworks: list[Path]) -> Catalogs:
    return _compliance(frameworks).catalogs


def _compliance(frameworks: list[Path]) -> Compliance:
    # Imported here: the compliance package imports gatekeeper.config (for Policy), which imports this module.
    from gatekeeper import compliance

    return compliance.load(None, frameworks)
