"""One SARIF run's results as gatekeeper findings (docs/imports.md says the same in prose).

- **Rule**: the result's `ruleId`, else its rule reference's id; its descriptor is found by
  `ruleIndex`/`rule.index` (in the driver or the extension `rule.toolComponent` names) or by id.
- **CWE**: rule relationships and result `taxa` into a taxonomy named CWE; tags such as
  `external/cwe/cwe-079` or `CWE-79: …` on the rule or the result; a `cwe` property.
- **Severity**: `security-severity` (GitHub's 0–10 scale: ≥ 9 critical, ≥ 7 high, ≥ 4 medium, else
  low) on the result or its rule, else the result's `level`, else the rule's
  `defaultConfiguration.level`, else SARIF's default `warning`: error high, warning medium, note
  low, none info.
- **Location**: re-rooted to the scan root (gatekeeper/scanners/sarif_paths.py).
- Results of kind `pass` or `notApplicable`, and those whose `baselineState` is `absent`, are not
  findings: the tool itself says nothing is wrong there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from gatekeeper.findings import Confidence, Finding, Location, Severity
from gatekeeper.scanners.sarif_paths import Outside, Resolver

_CWE_TAG = re.compile(r"(?:^|[/\s:(])cwe[-_/ ]?0*(\d+)\b", re.IGNORECASE)
_LEVELS = {"error": Severity.HIGH, "warning": Severity.MEDIUM, "note": Severity.LOW, "none": Severity.INFO}
_PRECISION = {"very-high": Confidence.HIGH, "high": Confidence.HIGH, "medium": Confidence.MEDIUM, "low": Confidence.LOW}
_NOT_FINDINGS = ("pass", "notApplicable")
_REMEDIATION_CHARS = 600


class ResultError(Exception):
    """A result gatekeeper cannot judge (a bad severity, no file to place it in)."""


def security_severity(value: Any) -> Severity:
    """GitHub's `security-severity` (a CVSS-like score from 0.0 to 10.0) on gatekeeper's scale."""
    try:
        score = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"security-severity '{str(value)[:20]}' is not a number from 0 to 10") from None
    if not 0.0 <= score <= 10.0:
        raise ValueError(f"security-severity {score:g} is not a number from 0 to 10")
    if score >= 9.0:
        return Severity.CRITICAL
    if score >= 7.0:
        return Severity.HIGH
    return Severity.MEDIUM if score >= 4.0 else Severity.LOW


def cwe_ids(*texts: Any) -> list[str]:
    """`CWE-<n>` for every CWE a tag, a property value or a taxon id names."""
    found: list[str] = []
    for text in texts:
        items = text if isinstance(text, (list, tuple)) else [text]
        for item in items:
            if isinstance(item, (str, int)) and not isinstance(item, bool):
                value = str(item)
                numbers = [value] if value.isdigit() else _CWE_TAG.findall(value)
                found += [f"CWE-{int(n)}" for n in numbers]
    return list(dict.fromkeys(found))


@dataclass
class Converted:
    findings: list[Finding] = field(default_factory=list)
    named: set[str] = field(default_factory=set)
    """In-scope files the run names (its artifacts and result locations): what it covered."""
    outside_scope: int = 0
    """Results in files of the tree that are not in this scan's scope (excluded, or not named)."""
    lost: dict[str, str] = field(default_factory=dict)
    """In-scope files the tool says it could not analyse (an error notification naming them), and why."""
    problems: list[str] = field(default_factory=list)
    """Errors the tool reported about no file in particular: the run is not the whole answer."""


class RunReader:
    """Reads one run of a SARIF file against the scan root and scope."""

    def __init__(
        self,
        run: dict[str, Any],
        resolver: Resolver,
        scope: frozenset[str],
        attribution: dict[str, str],
        named_files: bool = False,
    ) -> None:
        self.run = run
        self.named_files = named_files
        """The scan is of named files (or --staged): a file outside them is outside the scope, present or not."""
        self.resolver = resolver
        self.scope = scope
        self.attribution = attribution
        # Each tool is a source of its own (`sarif/CodeQL`): dedup merges only different sources, so
        # two imported tools that agree become one finding, as a native and an imported one do.
        self.source = f"sarif/{run['tool']['driver']['name']}"
        tool = run["tool"]
        self.components: list[dict[str, Any]] = [tool["driver"], *(tool.get("extensions") or [])]
        self.taxonomies: list[dict[str, Any]] = list(run.get("taxonomies") or [])

    def convert(self) -> Converted:
        out = Converted()
        self._notifications(out)
        for artifact in self.run.get("artifacts") or ():
            location = artifact.get("location")
            if isinstance(location, dict) and "uri" in location:
                path = self.resolver.artifact(location)
                if path in self.scope:
                    out.named.add(path)
        for number, result in enumerate(self.run.get("results") or (), 1):
            if result.get("kind", "fail") in _NOT_FINDINGS or result.get("baselineState") == "absent":
                continue
            rule = self._rule(result)
            rule_id = str(result.get("ruleId") or (result.get("rule") or {}).get("id") or (rule or {}).get("id") or "")
            where = f"result {number}" + (f" (rule {rule_id})" if rule_id else "")
            location = self._location(result, where)
            if location.path not in self.scope:
                if not self.named_files and not (self.resolver.root / location.path).is_file():
                    raise ResultError(f"{where} is at {self.resolver.missing(location.path)}")
                out.outside_scope += 1
                continue
            out.named.add(location.path)
            out.findings.append(self._finding(result, rule or {}, rule_id or "sarif-result", location, where))
        out.named -= set(out.lost)
        return out

    def _notifications(self, out: Converted) -> None:
        """Error notifications: a file the tool could not analyse is lost coverage (bandit reports a
        syntax error as a configuration notification naming the file); one naming no file is an error."""
        tool = self.attribution.get("sarif_tool", "the tool")
        for invocation in self.run.get("invocations") or ():
            for key in ("toolExecutionNotifications", "toolConfigurationNotifications"):
                for notification in invocation.get(key) or ():
                    if notification.get("level", "warning") != "error":
                        continue
                    text = self._message(notification, {})[:200] or "an error"
                    paths = [
                        self.resolver.artifact(loc["physicalLocation"]["artifactLocation"])
                        for loc in notification.get("locations") or ()
                        if isinstance(loc.get("physicalLocation"), dict)
                        and loc["physicalLocation"].get("artifactLocation")
                    ]
                    if not paths:
                        out.problems.append(f"{tool} reported an error about no file in particular ({key}): {text}")
                    for path in paths:
                        if path in self.scope:
                            out.lost.setdefault(path, f"{tool} reported it could not analyse it: {text}")

    def _finding(
        self, result: dict[str, Any], rule: dict[str, Any], rule_id: str, location: Location, where: str
    ) -> Finding:
        rule_props = rule.get("properties") or {}
        result_props = result.get("properties") or {}
        try:
            severity, basis = self._severity(result, rule, rule_props, result_props)
        except ValueError as exc:
            raise ResultError(f"{where}: {exc}") from None
        tags = [*rule_props.get("tags", ()), *result_props.get("tags", ())]
        cwe = cwe_ids(*self._taxa(result, rule), tags, rule_props.get("cwe"), result_props.get("cwe"))
        properties: dict[str, Any] = {**self.attribution, "sarif_severity_from": basis}
        for key in ("fingerprints", "partialFingerprints"):
            if result.get(key):
                properties[f"sarif_{key}"] = {str(k): str(v) for k, v in sorted(result[key].items())}
        if result.get("suppressions"):
            properties["sarif_suppressions"] = tuple(
                str(s.get("kind", "")) for s in result["suppressions"] if isinstance(s, dict)
            )
        help_text = (rule.get("help") or {}).get("text", "")
        return Finding(
            rule_id=rule_id,
            title=_text(rule.get("shortDescription")) or str(rule.get("name") or "") or rule_id,
            message=self._message(result, rule) or _text(rule.get("fullDescription")) or rule_id,
            severity=severity,
            location=location,
            scanners=(self.source,),
            source_rules=((self.source, rule_id),),
            confidence=_PRECISION.get(str(rule_props.get("precision", "")).lower(), Confidence.MEDIUM),
            cwe=tuple(cwe),
            owasp=tuple(dict.fromkeys(t for t in tags if isinstance(t, str) and t.upper().startswith("OWASP"))),
            remediation=help_text.strip().split("\n\n")[0][:_REMEDIATION_CHARS],
            references=(str(rule["helpUri"]),) if rule.get("helpUri") else (),
            properties=tuple(sorted(properties.items())),
        )

    def _severity(
        self, result: dict[str, Any], rule: dict[str, Any], rule_props: dict[str, Any], result_props: dict[str, Any]
    ) -> tuple[Severity, str]:
        for props in (result_props, rule_props):
            if "security-severity" in props:
                return security_severity(props["security-severity"]), f"security-severity {props['security-severity']}"
        if "level" in result:
            return _LEVELS[result["level"]], f"level {result['level']}"
        default = (rule.get("defaultConfiguration") or {}).get("level")
        if default:
            return _LEVELS[default], f"rule level {default}"
        return _LEVELS["warning"], "level warning (SARIF's default)"

    def _location(self, result: dict[str, Any], where: str) -> Location:
        physical = next(
            (
                loc["physicalLocation"]
                for loc in result.get("locations") or ()
                if isinstance(loc.get("physicalLocation"), dict) and loc["physicalLocation"].get("artifactLocation")
            ),
            None,
        )
        if physical is None:
            raise ResultError(f"{where} names no file (no physicalLocation), so gatekeeper cannot place or judge it")
        try:
            path = self.resolver.result(physical["artifactLocation"])
        except Outside as exc:
            raise ResultError(f"{where} is at {exc}") from None
        region = physical.get("region") or {}
        start = int(region.get("startLine", 1))
        # endColumn as SARIF has it (the column after the region), as native findings hold it.
        return Location(
            path,
            start,
            int(region.get("startColumn", 1)),
            int(region.get("endLine", start)),
            int(region.get("endColumn", 0)),
        )

    def _rule(self, result: dict[str, Any]) -> dict[str, Any] | None:
        reference = result.get("rule") or {}
        component = self._component(reference.get("toolComponent"))
        rules = list(component.get("rules") or ()) if component else []
        index = reference.get("index", result.get("ruleIndex", -1))
        if isinstance(index, int) and 0 <= index < len(rules):
            return dict(rules[index])
        wanted = result.get("ruleId") or reference.get("id")
        for candidate in (component, *self.components):
            for rule in (candidate or {}).get("rules") or ():
                if rule.get("id") == wanted:
                    return dict(rule)
        return None

    def _component(self, reference: Any) -> dict[str, Any] | None:
        """The driver, or the extension a toolComponent reference names."""
        if not isinstance(reference, dict):
            return self.components[0]
        index = reference.get("index")
        if isinstance(index, int) and 0 <= index < len(self.components) - 1:
            return self.components[index + 1]
        for component in self.components:
            if reference.get("name") and component.get("name") == reference.get("name"):
                return component
            if reference.get("guid") and component.get("guid") == reference.get("guid"):
                return component
        return None

    def _taxa(self, result: dict[str, Any], rule: dict[str, Any]) -> Iterator[str]:
        """CWE ids that the result's `taxa` and its rule's relationships point at."""
        references = [*(result.get("taxa") or ()), *((r.get("target") or {}) for r in rule.get("relationships") or ())]
        for reference in references:
            taxonomy = self._taxonomy(reference.get("toolComponent"))
            if taxonomy is None or str(taxonomy.get("name", "")).upper() != "CWE":
                continue
            taxon_id = reference.get("id")
            index = reference.get("index")
            taxa = list(taxonomy.get("taxa") or ())
            if not taxon_id and isinstance(index, int) and 0 <= index < len(taxa):
                taxon_id = taxa[index].get("id")
            if taxon_id:
                yield str(taxon_id) if not str(taxon_id).isdigit() else f"CWE-{int(taxon_id)}"

    def _taxonomy(self, reference: Any) -> dict[str, Any] | None:
        if not isinstance(reference, dict):
            return None
        index = reference.get("index")
        if isinstance(index, int) and 0 <= index < len(self.taxonomies):
            return self.taxonomies[index]
        for taxonomy in self.taxonomies:
            if reference.get("name") and taxonomy.get("name") == reference.get("name"):
                return taxonomy
            if reference.get("guid") and taxonomy.get("guid") == reference.get("guid"):
                return taxonomy
        # A reference by name alone to a taxonomy the run does not carry is still the CWE.
        return {"name": reference.get("name", "")} if reference.get("name") else None

    def _message(self, result: dict[str, Any], rule: dict[str, Any]) -> str:
        message = result["message"]
        text = message.get("text")
        if text is None and message.get("id"):
            text = _text((rule.get("messageStrings") or {}).get(message["id"]))
        arguments = message.get("arguments") or ()
        for i, argument in enumerate(arguments):
            text = (text or "").replace(f"{{{i}}}", str(argument))
        return " ".join(str(text or "").split())


def _text(message: Any) -> str:
    return " ".join(str(message.get("text", "")).split()) if isinstance(message, dict) else ""
