"""Control status: a pure function of a scan result and the policy.

- failing:        an unwaived finding mapped to the control is at or above the threshold;
- not assessed:   no evidence source can show the control, or a source it needs failed, lost
                  coverage or was not run (lost coverage is never shown as passing), or files it
                  should examine were analysed by nothing (a Java tree, a `pom.xml`), or components
                  it should check have no known version;
- not applicable: its evidence sources ran completely, but the scope holds nothing they examine
                  (no infrastructure code, no dependency manifest): nothing to pass on;
- waived:         every finding that would fail it is waived, and its evidence is complete;
- passing:        every evidence source it needs ran completely, examined something relevant,
                  and found nothing that fails it.

Waivers and per-control thresholds come from the policy (another module's job): both plug in
here as functions, defaulting to "nothing is waived" and the policy's `fail_on`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any, Callable, Iterable

from gatekeeper.compliance import Compliance, load
from gatekeeper.compliance.catalog import Control, Family, Framework
from gatekeeper.compliance.evidence import Examined, Examiner, SourceState, source_state
from gatekeeper.compliance.mapping import CATEGORY_PROPERTY, Mapping
from gatekeeper.config import Policy
from gatekeeper.findings import Finding, Severity
from gatekeeper.policy.state import is_suppressed
from gatekeeper.result import ScanResult

WaivedPredicate = Callable[[Finding], bool]
Threshold = Callable[[Control], Severity]


class Status(str, Enum):
    FAILING = "failing"
    NOT_ASSESSED = "not_assessed"
    NOT_APPLICABLE = "not_applicable"
    WAIVED = "waived"
    PASSING = "passing"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


STATUS_ORDER = (Status.FAILING, Status.WAIVED, Status.NOT_ASSESSED, Status.NOT_APPLICABLE, Status.PASSING)


@dataclass(frozen=True)
class ControlResult:
    control: Control
    status: Status
    reason: str
    threshold: Severity
    findings: tuple[Finding, ...]
    """Every finding mapped to the control, at any severity, waived or not."""
    failing: tuple[Finding, ...]
    waived: tuple[Finding, ...]
    sources: tuple[SourceState, ...]
    """The states of the evidence sources the control needs."""
    families: tuple[tuple[Family, tuple[Finding, ...]], ...] = ()
    """For controls with families (PCI DSS 6.2.4): the mapped findings of each family."""
    summary: str = ""
    """The reason in a few words, where `reason` is long (a scanner's whole error message)."""
    examined: tuple[Examined, ...] = ()
    """What each evidence source examined for this control."""


@dataclass(frozen=True)
class FrameworkResult:
    framework: Framework
    controls: tuple[ControlResult, ...]

    def count(self, status: Status) -> int:
        return sum(1 for c in self.controls if c.status is status)

    @property
    def counts(self) -> dict[Status, int]:
        return {status: self.count(status) for status in STATUS_ORDER}

    @property
    def automated(self) -> int:
        return sum(1 for c in self.controls if c.control.automated)


@dataclass(frozen=True)
class Assessment:
    frameworks: tuple[FrameworkResult, ...]
    sources: tuple[SourceState, ...]
    """Every evidence source's state in this scan."""
    mapping: Mapping

    @property
    def controls(self) -> tuple[ControlResult, ...]:
        return tuple(c for f in self.frameworks for c in f.controls)

    def control(self, ref: str) -> ControlResult:
        for result in self.controls:
            if result.control.ref == ref:
                return result
        raise KeyError(ref)

    def framework(self, framework_id: str) -> FrameworkResult:
        for result in self.frameworks:
            if result.framework.id == framework_id:
                return result
        raise KeyError(framework_id)

    def category_title(self, finding: Finding) -> str:
        category = dict(finding.properties).get(CATEGORY_PROPERTY)
        try:
            return self.mapping.category(str(category)).title if category else ""
        except KeyError:
            return ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON report's `controls` section (findings are named by fingerprint)."""
        return {
            "evidence_sources": [
                {
                    "id": s.source.id,
                    "title": s.source.title,
                    "scanners": list(s.source.scanners),
                    "state": s.state.value,
                    "detail": s.detail,
                    "examines": list(s.source.examines),
                }
                for s in self.sources
            ],
            "frameworks": [
                {
                    "id": f.framework.id,
                    "name": f.framework.name,
                    "version": f.framework.version,
                    "summary": {
                        **{status.value: count for status, count in f.counts.items()},
                        "controls": len(f.controls),
                        "automated": f.automated,
                    },
                    "controls": [_control_dict(c) for c in f.controls],
                }
                for f in self.frameworks
            ],
        }


def _control_dict(result: ControlResult) -> dict[str, Any]:
    control = result.control
    data: dict[str, Any] = {
        "ref": control.ref,
        "id": control.id,
        "title": control.title,
        "automation": control.automation,
        "evidence": list(control.evidence),
        "status": result.status.value,
        "reason": result.reason,
        "threshold": result.threshold.label,
        "findings": [f.fingerprint for f in result.findings],
        "failing": [f.fingerprint for f in result.failing],
        "waived": [f.fingerprint for f in result.waived],
    }
    if result.families:
        data["families"] = {family.id: [f.fingerprint for f in found] for family, found in result.families}
    if result.examined:
        data["examined"] = [e.to_dict() for e in result.examined]
    return data


def assess(
    result: ScanResult,
    policy: Policy,
    *,
    waived: WaivedPredicate | None = None,
    threshold: Threshold | None = None,
    compliance: Compliance | None = None,
) -> Assessment:
    bundle = compliance or compliance_of(result)
    # By default the policy's own view: its suppressions count as waived, each control fails at its threshold.
    is_waived = waived or is_suppressed
    threshold_of = threshold or (lambda control: policy.control_threshold(control.ref))
    states = {s.id: source_state(s, result.scanners) for s in bundle.mapping.evidence_sources}
    by_control: dict[str, list[Finding]] = {}
    for finding in result.findings:
        for ref in finding.controls:
            by_control.setdefault(ref, []).append(finding)
    examine = Examiner(result)
    frameworks = tuple(
        FrameworkResult(
            framework,
            tuple(
                _control(
                    control,
                    by_control.get(control.ref, []),
                    states,
                    threshold_of(control),
                    is_waived,
                    bundle.mapping,
                    examine,
                )
                for control in framework.controls
            ),
        )
        for framework in bundle.catalogs
    )
    return Assessment(frameworks, tuple(states.values()), bundle.mapping)


def compliance_of(result: ScanResult) -> Compliance:
    """The catalogs and mapping that mapped `result` (the bundled ones for a result that does not say)."""
    return result.compliance if result.compliance is not None else load()


def for_policy(result: ScanResult, policy: Policy, *, compliance: Compliance | None = None) -> Assessment:
    """The statuses every report shows: the policy's suppressions (waivers, honoured inline
    suppressions, baseline entries) count as waived, and each control fails at its own threshold.
    Judged by the compliance data that mapped the scan, and computed once per scan and policy:
    every renderer of a run asks for the same statuses."""
    return _judged(_Judged(result, policy, compliance or compliance_of(result)))


@dataclass(frozen=True, eq=False)
class _Judged:
    """A scan, its policy and its compliance data, compared by identity: the objects are immutable,
    and hashing a whole scan result by value would cost more than judging it again."""

    result: ScanResult
    policy: Policy
    compliance: Compliance

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Judged)
            and self.result is other.result
            and self.policy is other.policy
            and self.compliance is other.compliance
        )

    def __hash__(self) -> int:
        return hash((id(self.result), id(self.policy), id(self.compliance)))


@lru_cache(maxsize=4)
def _judged(key: _Judged) -> Assessment:
    # The cache holds the key, so the ids it hashes cannot be reused while the entry lives.
    policy = key.policy
    return assess(
        key.result,
        policy,
        waived=is_suppressed,
        threshold=lambda control: policy.control_threshold(control.ref),
        compliance=key.compliance,
    )


def _control(
    control: Control,
    findings: list[Finding],
    states: dict[str, SourceState],
    threshold: Severity,
    is_waived: WaivedPredicate,
    mapping: Mapping,
    examine: Examiner,
) -> ControlResult:
    over = [f for f in findings if f.severity >= threshold]
    waived = tuple(f for f in over if is_waived(f))
    failing = tuple(f for f in over if not is_waived(f))
    sources = tuple(states[s] for s in control.evidence)
    missing = [s for s in sources if not s.complete]
    narrowed = dict(control.examines)
    examined = tuple(examine(s.source, narrowed.get(s.source.id, s.source.examines)) for s in sources)
    uncovered = [e for e in examined if e.not_covered]
    unknown = [e for e in examined if e.unknown_versions]
    below = len(findings) - len(over)
    summary = ""
    if failing:
        status, reason = Status.FAILING, _count(failing, threshold) + (f"; {len(waived)} waived" if waived else "")
    elif not control.automated:
        status, reason = Status.NOT_ASSESSED, "Needs manual evidence: a repository scan cannot show this control."
    elif not sources:
        status = Status.NOT_ASSESSED
        reason = "No scan can show this control passing; it fails on mapped findings and none was found"
        reason += f" at or above {threshold.label}." if findings else "."
    elif missing:
        status = Status.NOT_ASSESSED
        reason = "Evidence incomplete: " + "; ".join(f"{s.detail} ({s.source.id})" for s in missing)
        summary = "Evidence incomplete: " + "; ".join(f"{s.brief} ({s.source.id})" for s in missing)
    elif uncovered:
        status = Status.NOT_ASSESSED
        summary = "Not covered: " + "; ".join(f"{e.not_covered_summary} ({e.source})" for e in uncovered)
        reason = (
            summary
            + ": nothing in this scan analysed them, e.g. "
            + ", ".join(dict.fromkeys(path for e in uncovered for path in e.not_covered[:3]))
            + "."
        )
    elif unknown:
        status = Status.NOT_ASSESSED
        names = [name for e in unknown for name in e.unknown_versions]
        summary = f"{len(names)} component{'s' if len(names) != 1 else ''} with no known version ({unknown[0].source})"
        reason = (
            f"{summary}: unpinned or unresolved, so no advisory can be matched to them: "
            + ", ".join(names[:10])
            + (f" and {len(names) - 10} more." if len(names) > 10 else ".")
        )
    elif not findings and not any(e.relevant for e in examined):
        status = Status.NOT_APPLICABLE
        reason = "Nothing in scope for this control: " + "; ".join(e.text for e in examined) + "."
    elif waived:
        status, reason = Status.WAIVED, _count(waived, threshold) + ", all waived"
    else:
        status = Status.PASSING
        reason = f"Evidence complete: {'; '.join(e.text for e in examined)}; no finding at or above {threshold.label}"
        reason += f" ({below} below)." if below else "."
    return ControlResult(
        control=control,
        status=status,
        reason=reason,
        threshold=threshold,
        findings=tuple(findings),
        failing=failing,
        waived=waived,
        sources=sources,
        families=_families(control, findings, mapping),
        summary=summary or reason,
        examined=examined,
    )


def _count(findings: Iterable[Finding], threshold: Severity) -> str:
    counts = Counter(f.severity for f in findings)
    total = sum(counts.values())
    detail = ", ".join(f"{counts[s]} {s.label}" for s in sorted(counts, reverse=True))
    return f"{total} finding{'s' if total != 1 else ''} at or above {threshold.label} ({detail})"


def _families(
    control: Control, findings: list[Finding], mapping: Mapping
) -> tuple[tuple[Family, tuple[Finding, ...]], ...]:
    if not control.families:
        return ()
    grouped: dict[str, list[Finding]] = {f.id: [] for f in control.families}
    for finding in findings:
        category = dict(finding.properties).get(CATEGORY_PROPERTY)
        categories = (category,) if category else mapping.classify_finding(finding).categories
        for category_id in categories:
            try:
                family = mapping.category(str(category_id)).family
            except KeyError:
                family = None
            if family in grouped:
                grouped[family].append(finding)
                break
    return tuple((family, tuple(grouped[family.id])) for family in control.families)
