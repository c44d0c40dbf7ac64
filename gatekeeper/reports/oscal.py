"""NIST OSCAL assessment results (JSON): the scan as a machine-readable control assessment.

One result per scan; one OSCAL finding per assessed control (failing, waived or passing), its
target status satisfied or not; observations for the evidence each finding rests on: one per
evidence source (which scanners ran, and whether completely) and one per scanner finding (rule,
place, severity). Controls that were not assessed get no OSCAL finding, and are listed in the
result's remarks with the reason.

Every uuid is a uuid5 of stable inputs (the scan's content without its timestamps), so the same
scan always produces the same document, byte for byte apart from the times.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from typing import Any
from urllib.parse import quote

from gatekeeper import jsontext
from gatekeeper.compliance.evidence import SourceState
from gatekeeper.compliance.status import Assessment, ControlResult, Status, compliance_of, for_policy
from gatekeeper.config import Policy
from gatekeeper.findings import Finding
from gatekeeper.gate import Verdict
from gatekeeper.policy.state import suppression_of
from gatekeeper.reports import sanitise
from gatekeeper.reports.html import is_secret, location, policy_summary, shown_message
from gatekeeper.result import ScanMetadata, ScanResult

OSCAL_VERSION = "1.1.3"
"""Declared model version; the document uses nothing newer, and validates against 1.1.x and 1.2.x."""
NS = "https://gatekeeper.dev/ns/oscal"
"""Namespace of gatekeeper's own props."""
_UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, NS)
_ASSESSED = (Status.FAILING, Status.WAIVED, Status.PASSING)


def render(result: ScanResult, verdict: Verdict, policy: Policy) -> str:
    return sanitise.json_text(jsontext.dumps(to_dict(result, verdict, policy, for_policy(result, policy))))


def to_dict(result: ScanResult, verdict: Verdict, policy: Policy, assessment: Assessment) -> dict[str, Any]:
    meta = result.metadata
    ids = _Ids(_scan_key(result, verdict, policy, assessment))
    repository = ids("component", "repository")
    tools = {s.scanner: ids("component", "tool", s.scanner) for s in result.scanners}
    observations = [_source_observation(s, ids, repository, tools, meta.finished_at) for s in assessment.sources]
    observations += [_finding_observation(f, ids, repository, tools, meta.finished_at) for f in result.findings]
    assessed = [c for c in assessment.controls if c.status in _ASSESSED]
    unassessed = [c for c in assessment.controls if c.status is Status.NOT_ASSESSED and c.control.automated]
    inapplicable = [c for c in assessment.controls if c.status is Status.NOT_APPLICABLE]
    reviewed = [{"control-id": control_id(c.control.ref)} for c in assessment.controls if c.control.automated]
    selection: dict[str, Any] = {"include-controls": reviewed} if reviewed else {"include-all": {}}
    document = {
        "uuid": ids("assessment-results"),
        "metadata": {
            "title": markup(f"gatekeeper control assessment of {meta.target}"),
            "last-modified": meta.finished_at,
            "version": meta.gatekeeper_version,
            "oscal-version": OSCAL_VERSION,
            "props": [_prop("verdict", verdict.status)],
            "roles": [{"id": "assessor", "title": "Assessor"}],
            "parties": [{"uuid": ids("party", "gatekeeper"), "type": "organization", "name": "gatekeeper (automated)"}],
        },
        # The plan is gatekeeper's policy and rule pack; it is described in back-matter.
        "import-ap": {"href": "#" + ids("resource", "assessment-plan")},
        "results": [
            {
                "uuid": ids("result"),
                "title": markup(f"Automated assessment of {meta.target}"),
                "description": markup(
                    f"gatekeeper {meta.gatekeeper_version} scanned {meta.target} "
                    f"(commit {meta.commit or 'unknown'}) against {_names(assessment)}; "
                    f"{len(assessed)} controls assessed, {len(unassessed)} automatable controls not assessed."
                ),
                "start": meta.started_at,
                "end": meta.finished_at,
                "props": [
                    p
                    for p in (
                        _prop("commit", meta.commit) if meta.commit else None,
                        _prop("rule-pack-digest", meta.rule_pack_digest),
                        *(_prop("rule-pack", f"{name} {value}") for name, value in meta.user_rule_packs),
                        _prop("compliance-digest", compliance_of(result).digest),
                        _prop("policy-fail-on", policy.fail_on.label),
                        _prop("policy-digest", policy.digest),
                    )
                    if p
                ],
                "local-definitions": {
                    "components": [
                        {
                            "uuid": repository,
                            "type": "software",
                            "title": markup(meta.target),
                            "description": markup(f"The repository scanned, at commit {meta.commit or 'unknown'}."),
                            "status": {"state": "operational"},
                        }
                    ],
                    "assessment-assets": {
                        "components": [
                            _tool(s.scanner, s.version, list(s.provenance), tools[s.scanner]) for s in result.scanners
                        ]
                        or [_tool("gatekeeper", meta.gatekeeper_version, [], ids("component", "tool", "gatekeeper"))],
                        "assessment-platforms": [
                            {
                                "uuid": ids("platform"),
                                "title": markup(f"gatekeeper {meta.gatekeeper_version}"),
                                "uses-components": [{"component-uuid": u} for u in tools.values()]
                                or [{"component-uuid": ids("component", "tool", "gatekeeper")}],
                            }
                        ],
                    },
                },
                "reviewed-controls": {
                    "description": markup("The controls gatekeeper can evidence from a repository scan."),
                    "control-selections": [selection],
                },
                "observations": observations,
                **({"findings": [_finding(c, ids, result) for c in assessed]} if assessed else {}),
                "remarks": _remarks(result, unassessed, inapplicable),
            }
        ],
        "back-matter": {"resources": _resources(result, policy, assessment, ids)},
    }
    return {"assessment-results": document}


class _Ids:
    """Deterministic uuids: uuid5 over the scan's content key and the object's own path."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self, *parts: str) -> str:
        return str(uuid.uuid5(_UUID_NAMESPACE, "/".join((self.key, *parts))))


def _scan_key(result: ScanResult, verdict: Verdict, policy: Policy, assessment: Assessment) -> str:
    meta = result.metadata
    content = {
        "target": meta.target,
        "commit": meta.commit,
        "gatekeeper": meta.gatekeeper_version,
        "rules": meta.rule_pack_digest,
        "scanners": [
            [s.scanner, s.version, list(s.errors), len(s.skipped), list(s.provenance)] for s in result.scanners
        ],
        "findings": [[f.fingerprint, f.severity.label, list(f.controls)] for f in result.findings],
        "policy": policy.digest,
        "verdict": verdict.status,
        "controls": [[c.control.ref, c.status.value] for c in assessment.controls],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def markup(value: str) -> str:
    """Text from scanned files as inert OSCAL markup (Markdown): one line, HTML escaped, and no
    emphasis, code, links or images; a leading block marker cannot start a heading or a list."""
    value = " ".join(_CONTROL_CHARS.sub(" ", str(value)).split()) or "none"
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _INLINE.sub(r"\\\1", value)
    value = _ORDERED_START.sub(r"\1\\\2", value)
    return _BLOCK_START.sub(r"\\\1", value)


_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_INLINE = re.compile(r"([\\`*_\[\]!|~])")
_BLOCK_START = re.compile(r"^([#+\-=])")
_ORDERED_START = re.compile(r"^(\d+)([.)])")


def control_id(ref: str) -> str:
    """`pci-dss:6.2.4` -> `pci-dss_6.2.4`, `soc2:CC6.1` -> `soc2_cc6.1` (OSCAL tokens, lower case)."""
    framework, _, control = ref.partition(":")
    return f"{framework}_{control.lower()}"


def _packs_named(meta: ScanMetadata) -> str:
    users = [name for name, _ in meta.user_rule_packs[1:]]
    return "the bundled pack" + (f" and the policy's packs {', '.join(users)}" if users else "")


def _prop(name: str, value: str) -> dict[str, str]:
    return {"name": name, "ns": NS, "value": _string(value)}


def _string(value: str) -> str:
    """OSCAL strings: non-empty, no leading or trailing whitespace."""
    value = " ".join(str(value).split())
    return value or "none"


def _tool(name: str, version: str, provenance: list[tuple[str, str]], component_uuid: str) -> dict[str, Any]:
    tool: dict[str, Any] = {
        "uuid": component_uuid,
        "type": "software",
        "title": markup(name),
        "description": markup(f"{name} {version}"),
        "props": [_prop("version", version)] + [_prop(key.replace("_", "-"), value) for key, value in provenance],
        "status": {"state": "operational"},
    }
    return tool


def _actors(scanners: tuple[str, ...] | list[str], tools: dict[str, str]) -> list[dict[str, Any]]:
    actors = [{"type": "tool", "actor-uuid": tools[name]} for name in scanners if name in tools]
    return [{"actors": actors}] if actors else []


def _source_observation(
    state: SourceState, ids: _Ids, repository: str, tools: dict[str, str], collected: str
) -> dict[str, Any]:
    observation: dict[str, Any] = {
        "uuid": ids("observation", "source", state.source.id),
        "title": markup(f"Evidence source {state.source.id}: {state.state.label}"),
        "description": markup(f"{state.source.title}: {state.detail}."),
        "props": [_prop("evidence-source", state.source.id), _prop("evidence-state", state.state.value)],
        "methods": ["TEST"],
        "types": ["control-objective"],
        "subjects": [{"subject-uuid": repository, "type": "component"}],
        "collected": collected,
    }
    origins = _actors(state.source.scanners, tools)
    if origins:
        observation["origins"] = origins
    return observation


def _finding_observation(
    finding: Finding, ids: _Ids, repository: str, tools: dict[str, str], collected: str
) -> dict[str, Any]:
    loc = finding.location
    suppression = suppression_of(finding)
    evidence = {
        "href": f"{quote(loc.path)}#L{loc.start_line}",
        "description": markup(f"{location(finding)}: {finding.title}")
        + ("" if is_secret(finding) or not finding.snippet else "\n\n" + markup(finding.snippet)),
    }
    observation: dict[str, Any] = {
        "uuid": _finding_uuid(finding, ids),
        "title": markup(finding.title),
        "description": markup(f"{shown_message(finding)} ({location(finding)})"),
        "props": [
            _prop("rule-id", finding.rule_id),
            _prop("severity", finding.severity.label),
            _prop("fingerprint", finding.fingerprint or "none"),
        ]
        + [_prop("cwe", cwe.split(":")[0]) for cwe in finding.cwe]
        + ([_prop("suppression", str(suppression.get("kind")))] if suppression else []),
        "methods": ["TEST"],
        "types": ["finding"],
        "subjects": [{"subject-uuid": repository, "type": "component"}],
        "relevant-evidence": [evidence],
        "collected": collected,
    }
    origins = _actors(finding.scanners, tools)
    if origins:
        observation["origins"] = origins
    if finding.remediation:
        observation["remarks"] = markup(f"Fix: {finding.remediation}")
    return observation


def _finding_uuid(finding: Finding, ids: _Ids) -> str:
    return ids(
        "observation",
        "finding",
        finding.fingerprint or f"{finding.rule_id}:{finding.location.path}:{finding.location.start_line}",
    )


def _finding(control: ControlResult, ids: _Ids, result: ScanResult) -> dict[str, Any]:
    ref = control.control.ref
    satisfied = control.status is Status.PASSING
    related = [ids("observation", "source", s.source.id) for s in control.sources]
    related += [_finding_uuid(f, ids) for f in control.findings]
    finding: dict[str, Any] = {
        "uuid": ids("finding", ref),
        "title": markup(f"{control.control.name}: {control.control.title}"),
        "description": markup(control.reason),
        "props": [
            _prop("control", ref),
            _prop("status", control.status.value),
            _prop("automation", control.control.automation),
        ],
        "target": {
            "type": "objective-id",
            "target-id": control_id(ref),
            "status": {
                "state": "satisfied" if satisfied else "not-satisfied",
                "reason": {Status.PASSING: "pass", Status.FAILING: "fail"}.get(control.status, "other"),
            },
        },
    }
    if related:
        finding["related-observations"] = [{"observation-uuid": u} for u in related]
    if control.status is Status.WAIVED:
        finding["remarks"] = markup(f"Every finding that fails this control is waived ({len(control.waived)}).")
    return finding


def _names(assessment: Assessment) -> str:
    """`PCI DSS, SOC 2 and NIST SSDF`: the frameworks the scan was judged against, by their catalogs' names."""
    names = [f.framework.name for f in assessment.frameworks]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def _remarks(result: ScanResult, unassessed: list[ControlResult], inapplicable: list[ControlResult]) -> str:
    """The scope of the assessment (what was analysed, what nothing analysed), then the automatable
    controls it could not assess and those with nothing in scope to assess."""
    kinds = result.coverage.kinds
    analysed = ", ".join(f"{k.file_kind.plural(k.analysed)} ({', '.join(k.analysers)})" for k in kinds if k.analysed)
    lines = [
        "Scope of the evidence:",
        "",
        f"- Analysed: {markup(analysed or 'no code, manifest or configuration file')}",
    ]
    lines += [
        f"- Not covered: {markup(k.file_kind.plural(len(k.not_covered)))}, e.g. {markup(k.not_covered[0])}"
        for k in kinds
        if k.not_covered
    ]
    for title, controls in (
        ("Automatable controls not assessed in this scan:", unassessed),
        ("Controls not applicable (nothing of their kind in scope):", inapplicable),
    ):
        if controls:
            lines += ["", title, ""]
            lines += [f"- {c.control.name}: {markup(c.reason)}" for c in controls]
    return "\n".join(lines)


def _resources(result: ScanResult, policy: Policy, assessment: Assessment, ids: _Ids) -> list[dict[str, Any]]:
    meta = result.metadata
    resources: list[dict[str, Any]] = [
        {
            "uuid": ids("resource", "assessment-plan"),
            "title": "gatekeeper policy and rule pack (the assessment plan)",
            "description": markup(
                f"Policy: {policy_summary(policy)}. Findings at or above a control's threshold fail it; "
                f"rules: {_packs_named(meta)} {meta.rule_pack_digest}; catalogs and mappings {compliance_of(result).digest}: "
                f"{', '.join(name for name, _ in compliance_of(result).files)}."
            ),
            "props": [
                _prop("rule-pack-digest", meta.rule_pack_digest),
                *(_prop("rule-pack", f"{name} {value}") for name, value in meta.user_rule_packs),
                _prop("compliance-digest", compliance_of(result).digest),
                _prop("policy-digest", policy.digest),
                _prop("policy-source", policy.source or "built-in defaults"),
                *(_prop("policy-layer", f"{layer.role} {layer.source} {layer.digest}") for layer in policy.layers),
            ],
        }
    ]
    for framework in assessment.frameworks:
        fw = framework.framework
        resources.append(
            {
                "uuid": ids("resource", "catalog", fw.id),
                "title": markup(f"{fw.name} {fw.version}"),
                "description": markup(f"Published by {fw.publisher}. Control ids in this document are {fw.id}_<id>."),
                "rlinks": [{"href": fw.url}],
            }
        )
    return resources
