"""The verdict: does this scan pass the policy? The only place that decides an exit code.

A finding blocks when nothing accepts it (no active waiver, honoured inline suppression or
baseline entry: gatekeeper/policy) and it is at or above a threshold that applies to it:

- `fail_on.severity` (Policy.fail_on), for every finding;
- `fail_on.frameworks.<id>`, for findings mapped to any control of that framework;
- `fail_on.controls.<ref>`, for findings mapped to that control;
- each scope's own `fail_on` (the same three kinds), for findings in the scope's paths.

and only when the finding is at least as sure as `fail_on.confidence` (default medium; a scope's
own can only lower the bar in its paths): a bandit match our taint rules did not confirm is low
confidence, shown but not blocking by default (gatekeeper/corroboration.py, docs/blocking.md).

Thresholds only ever add blocking rules, so a scope or a control can make the gate stricter,
never looser. A reason names the first rule (in that order) that each blocking finding breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from gatekeeper.config import Policy, Scope, Thresholds
from gatekeeper.findings import Confidence, Finding, Severity
from gatekeeper.policy.state import is_suppressed, refusal_of
from gatekeeper.result import ScanResult, WaiverStatus

EXIT_PASSED = 0
EXIT_VIOLATION = 1
EXIT_ERROR = 2
DEFAULT_CONFIDENCE = Confidence.MEDIUM


@dataclass(frozen=True)
class Verdict:
    exit_code: int
    reasons: tuple[str, ...]
    blocking: tuple[str, ...]
    """Fingerprints of the findings that fail the gate."""
    partial_coverage: str = ""
    """Files in scope that no scanner can analyse, counted by kind (`3 JavaScript/TypeScript
    files, 1 npm lock file`); "" when everything relevant was analysed."""

    @property
    def qualifier(self) -> str:
        """What the verdict line adds after PASSED or FAILED: ` (partial coverage: … not analysed)`."""
        return f" (partial coverage: {self.partial_coverage} not analysed)" if self.partial_coverage else ""

    @property
    def passed(self) -> bool:
        return self.exit_code == EXIT_PASSED

    @property
    def status(self) -> str:
        return {EXIT_PASSED: "passed", EXIT_VIOLATION: "failed", EXIT_ERROR: "error"}[self.exit_code]


@dataclass(frozen=True)
class Rule:
    """One threshold: findings it `applies` to fail at or above `severity`."""

    label: str
    """Completes "N finding(s) …", e.g. "in scope cde at or above medium"."""
    severity: Severity
    applies: Callable[[Finding], bool]
    confidence: Confidence = DEFAULT_CONFIDENCE

    def breaks(self, finding: Finding) -> bool:
        return finding.severity >= self.severity and finding.confidence >= self.confidence and self.applies(finding)


def rules(policy: Policy) -> tuple[Rule, ...]:
    """Every threshold of the policy, in the order reasons attribute them."""
    bar = DEFAULT_CONFIDENCE if policy.fail_on_confidence is None else policy.fail_on_confidence
    found = [Rule(f"at or above {policy.fail_on.label}", policy.fail_on, lambda _f: True, bar)]
    found += _threshold_rules(Thresholds(None, policy.frameworks, policy.controls), "", lambda _f: True, bar)
    for scope in policy.scopes:
        scope_bar = bar if scope.fail_on.confidence is None else min(bar, scope.fail_on.confidence)
        found += _threshold_rules(scope.fail_on, f"in scope {scope.name} ", _in(scope), scope_bar)
    return tuple(found)


def _in(scope: Scope) -> Callable[[Finding], bool]:
    return lambda finding: scope.matches(finding.location.path)


def _threshold_rules(
    thresholds: Thresholds, where: str, inside: Callable[[Finding], bool], bar: Confidence = DEFAULT_CONFIDENCE
) -> list[Rule]:
    found: list[Rule] = []
    if thresholds.severity is not None:
        found.append(Rule(f"{where}at or above {thresholds.severity.label}", thresholds.severity, inside, bar))
    for framework, severity in thresholds.frameworks:
        prefix = framework + ":"
        found.append(
            Rule(
                f"{where}mapped to {framework} at or above {severity.label}",
                severity,
                _mapped(inside, prefix=prefix),
                bar,
            )
        )
    for ref, severity in thresholds.controls:
        found.append(
            Rule(f"{where}mapped to {ref} at or above {severity.label}", severity, _mapped(inside, ref=ref), bar)
        )
    return found


def _mapped(inside: Callable[[Finding], bool], *, prefix: str = "", ref: str = "") -> Callable[[Finding], bool]:
    """Findings `inside` that are mapped to the control `ref`, or to any control whose ref starts
    with `prefix` (a framework's)."""
    if ref:
        return lambda f: inside(f) and ref in f.controls
    return lambda f: inside(f) and any(c.startswith(prefix) for c in f.controls)


def blocking_rule(finding: Finding, policy_rules: tuple[Rule, ...]) -> Rule | None:
    """The first rule an unaccepted finding breaks; None when it does not block."""
    if is_suppressed(finding):
        return None
    return next((rule for rule in policy_rules if rule.breaks(finding)), None)


def verdict(result: ScanResult, policy: Policy) -> Verdict:
    reasons: list[str] = []
    policy_rules = rules(policy)
    broken: dict[str, list[Finding]] = {}
    blocking_findings: list[Finding] = []
    for finding in result.findings:
        rule = blocking_rule(finding, policy_rules)
        if rule is not None:
            broken.setdefault(rule.label, []).append(finding)
            blocking_findings.append(finding)
    blocking = tuple(f.fingerprint for f in blocking_findings)
    incomplete = not result.complete and not policy.allow_partial
    if incomplete:
        reasons += list(result.errors)
        reasons += [
            f"{s.scanner}: could not scan {len(s.skipped)} file(s), e.g. {s.skipped[0].path} ({s.skipped[0].reason})"
            for s in result.scanners
            if s.skipped
        ]
    # After the scanners' own errors, which say more; never excused by allow_partial.
    vacuous = _vacuous(result)
    if vacuous:
        reasons.append(vacuous)
    unsupported = result.coverage.unsupported
    refused_coverage = bool(unsupported) and policy.coverage_unsupported == "error"
    if refused_coverage:
        reasons.append(f"coverage.unsupported is error: {unsupported} not analysed by any scanner")
    order = [r.label for r in policy_rules]
    for label, group in sorted(broken.items(), key=lambda item: order.index(item[0])):
        reasons.append(f"{len(group)} finding(s) {label}")
    reasons += _lapsed_waivers(result, set(blocking))
    reasons += _refused(blocking_findings)
    if incomplete or vacuous or refused_coverage:
        code = EXIT_ERROR
    elif blocking:
        code = EXIT_VIOLATION
    else:
        code = EXIT_PASSED
    return Verdict(code, tuple(reasons), blocking, unsupported)


def _vacuous(result: ScanResult) -> str:
    """Why a scan examined nothing at all ("" when it examined something): never a pass."""
    part = result.shard
    if not result.files and part is not None and part.files:
        return (
            f"shard {part.label} holds no file: the {part.files} file(s) in scope make fewer units than "
            f"{part.n} shards (use fewer shards; `gatekeeper merge` still takes this result)"
        )
    if not result.files:
        if result.excluded:
            first = result.excluded[0]
            return (
                f"nothing to scan: all {len(result.excluded)} file(s) were left out, e.g. {first.path} ({first.reason})"
            )
        return (
            f"nothing to scan: {result.metadata.target} holds no file in scope (empty, or every file is "
            "ignored by .gitignore, paths.exclude or paths.include)"
        )
    if result.complete and not any(s.scanned for s in result.scanners):
        ran = ", ".join(s.scanner for s in result.scanners)
        return f"no file was analysed: none of the {len(result.files)} file(s) in scope is one that {ran} read"
    return ""


def _lapsed_waivers(result: ScanResult, blocking: set[str]) -> list[str]:
    """A waiver that stopped working is named where the findings it covered block again."""
    notes = []
    for waiver in result.waivers:
        if waiver.status in (WaiverStatus.EXPIRED, WaiverStatus.OVER_MAXIMUM):
            count = sum(1 for fp in waiver.findings if fp in blocking)
            if count:
                notes.append(
                    f"waiver {waiver.id} ({waiver.origin}) {waiver.detail.split(':')[0]}; "
                    f"{count} blocking finding(s) it matches"
                )
    return notes


def _refused(findings: list[Finding]) -> list[str]:
    notes = []
    for finding in findings:
        refusal = refusal_of(finding)
        if refusal:
            notes.append(
                f"inline suppression at {finding.location.path}:{refusal.get('line')} refused: {refusal.get('refused')}"
            )
    return notes
