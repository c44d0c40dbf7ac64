"""Inline suppressions: comments in the code that accept one finding where it is.

Three forms, read by gatekeeper itself so that every suppression is listed in the reports (bandit
runs with `--ignore-nosec` and semgrep with `--disable-nosem`; left to themselves they would drop
the findings silently):

    x = run(cmd, shell=True)  # nosec B602 -- input is a constant
    x = run(cmd, shell=True)  # nosemgrep: python-command-injection -- input is a constant
    x = run(cmd, shell=True)  # gatekeeper: ignore[python-command-injection] input is a constant

`# nosec [IDS]` speaks for bandit and `# nosemgrep[: IDS]` for semgrep, as with the tools
themselves: a finding both reported is suppressed only when both are silenced (or by the
gatekeeper form, which names a rule id of any scanner). The reason is the text after `--` (or,
in the gatekeeper form, after the `]`). A comment counts on any line of the finding, or alone on
the line just above it.

The policy can refuse them (`inline_suppressions.allow: false`), require a reason
(`require_reason: true`) or refuse them inside a scope (`scopes[].inline_suppressions: false`);
a refused suppression leaves the finding unsuppressed and says why (state.REFUSED).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from gatekeeper.config import Policy
from gatekeeper.findings import Finding
from gatekeeper.policy.state import REFUSED, SUPPRESSION, with_property

LineOf = Callable[[str, int], str]
Scrub = Callable[[str, str], str]

MAX_LINES = 20
"""Lines of a long finding searched for a comment (a multi-line call, not a whole function)."""

_COMMENT = r"(?:#|//)\s*"
_NOSEC = re.compile(_COMMENT + r"nosec\b:?(?P<rest>.*)$", re.IGNORECASE)
_NOSEMGREP = re.compile(
    _COMMENT + r"nosem(?:grep)?\b(?:\s*:\s*(?P<ids>[\w.\-/]+(?:\s*,\s*[\w.\-/]+)*))?(?P<rest>.*)$", re.IGNORECASE
)
_GATEKEEPER = re.compile(_COMMENT + r"gatekeeper\s*:\s*ignore\b(?:\[(?P<ids>[^\]]*)\])?(?P<rest>.*)$", re.IGNORECASE)
# bandit ids: test ids (B602) and plugin names (subprocess_popen_with_shell_equals_true).
_BANDIT_ID = re.compile(r"^(?:[Bb]\d{3}|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)$")
_NEXT_DIRECTIVE = re.compile(r"\s(?:#|//)\s*(?:nosec|nosem|gatekeeper\s*:)", re.IGNORECASE)


@dataclass(frozen=True)
class Directive:
    form: str
    """nosec | nosemgrep | gatekeeper"""
    ids: tuple[str, ...]
    """Rule ids it names; empty: every rule of its scanner (never for the gatekeeper form)."""
    reason: str
    line: int
    malformed: str = ""


def directives(text: str, line: int) -> list[Directive]:
    """Every suppression comment on one source line."""
    found: list[Directive] = []
    for match in _NOSEC.finditer(text):
        rest = _own_part(match.group("rest"))
        ids, reason = _split_bandit(rest)
        found.append(Directive("nosec", ids, reason, line))
    for match in _NOSEMGREP.finditer(text):
        ids = tuple(i.strip() for i in (match.group("ids") or "").split(",") if i.strip())
        found.append(Directive("nosemgrep", ids, _reason(_own_part(match.group("rest"))), line))
    for match in _GATEKEEPER.finditer(text):
        raw = match.group("ids")
        ids = tuple(i.strip() for i in (raw or "").split(",") if i.strip())
        malformed = "" if ids else "names no rule: write '# gatekeeper: ignore[RULE-ID] reason'"
        found.append(Directive("gatekeeper", ids, _reason(_own_part(match.group("rest"))), line, malformed))
    return found


def _own_part(rest: str) -> str:
    """A directive's text ends where the next comment on the line starts (`# nosec  # nosemgrep`)."""
    cut = _NEXT_DIRECTIVE.search(rest)
    return rest[: cut.start()] if cut else rest


def _split_bandit(rest: str) -> tuple[tuple[str, ...], str]:
    tokens = re.split(r"(\s+|,)", rest.strip())
    ids: list[str] = []
    consumed = 0
    for i, token in enumerate(tokens):
        if not token.strip() or token == ",":
            consumed = i + 1
            continue
        if _BANDIT_ID.match(token):
            ids.append(token.upper() if token[:1] in "bB" and token[1:].isdigit() else token)
            consumed = i + 1
            continue
        break
    return tuple(ids), _reason("".join(tokens[consumed:]))


def _reason(text: str) -> str:
    return " ".join(text.strip().lstrip(":-–—").split())


def apply(findings: Sequence[Finding], policy: Policy, line_of: LineOf, scrub: Scrub | None = None) -> list[Finding]:
    """Each finding with an honoured inline suppression gets `suppression`, a refused one `suppression_refused`."""
    clean = scrub or (lambda text, _path: text)
    return [_apply_one(f, policy, line_of, clean) for f in findings]


def _apply_one(finding: Finding, policy: Policy, line_of: LineOf, scrub: Scrub) -> Finding:
    found = _directives_for(finding, line_of)
    if not found:
        return finding
    covering, problem = _covering(finding, found)
    if not covering:
        if problem is None:
            return finding
        first = problem[0]
        return with_property(finding, REFUSED, _record(finding, [first], scrub) | {"refused": problem[1]})
    record = _record(finding, covering, scrub)
    refused = _refusal(finding, policy, record["justification"])
    if refused:
        return with_property(finding, REFUSED, record | {"refused": refused})
    return with_property(finding, SUPPRESSION, {"kind": "inline", **record})


def _directives_for(finding: Finding, line_of: LineOf) -> list[Directive]:
    loc = finding.location
    if loc.start_line < 1:
        return []
    last = min(max(loc.end_line, loc.start_line), loc.start_line + MAX_LINES - 1)
    found: list[Directive] = []
    for number in range(loc.start_line, last + 1):
        found += directives(line_of(loc.path, number), number)
    above = line_of(loc.path, loc.start_line - 1) if loc.start_line > 1 else ""
    if above.lstrip().startswith(("#", "//")):
        found += directives(above, loc.start_line - 1)
    return found


def _covering(finding: Finding, found: Iterable[Directive]) -> tuple[list[Directive], tuple[Directive, str] | None]:
    """The directives that together suppress the finding, or the closest miss and why it misses."""
    rules = {finding.rule_id} | {rule for _, rule in finding.source_rules}
    by_scanner = dict(finding.source_rules)
    problem: tuple[Directive, str] | None = None
    scanner_directives: dict[str, Directive] = {}
    for directive in found:
        if directive.form == "gatekeeper":
            if directive.malformed:
                problem = problem or (directive, directive.malformed)
            elif rules & set(directive.ids):
                return [directive], None
            continue
        scanner = "bandit" if directive.form == "nosec" else "semgrep"
        if scanner not in finding.scanners:
            continue
        if not directive.ids or _names(directive.ids, by_scanner.get(scanner, finding.rule_id)):
            scanner_directives.setdefault(scanner, directive)
    if not scanner_directives:
        return [], problem
    uncovered = [s for s in finding.scanners if s not in scanner_directives]
    if uncovered:
        directive = next(iter(scanner_directives.values()))
        others = ", ".join(uncovered)
        return [], (
            directive,
            (
                f"# {directive.form} speaks for {', '.join(sorted(scanner_directives))} only; {others} also reports "
                f"this finding (add its own comment, or '# gatekeeper: ignore[{finding.rule_id}] reason')"
            ),
        )
    return [scanner_directives[s] for s in finding.scanners if s in scanner_directives], None


def _names(ids: Iterable[str], rule: str) -> bool:
    # semgrep names rules by their full dotted id (`rules.semgrep.python.x`) or the short one.
    return any(i == rule or rule.endswith("." + i) or i.endswith("." + rule) for i in ids)


def _record(finding: Finding, used: Sequence[Directive], scrub: Scrub) -> dict[str, object]:
    reason = next((d.reason for d in used if d.reason), "")
    return {
        "form": ", ".join(dict.fromkeys(d.form for d in used)),
        "line": used[0].line,
        # A comment is source text: it could quote a secret like the code around it.
        "justification": scrub(reason, finding.location.path) if reason else "",
    }


def _refusal(finding: Finding, policy: Policy, justification: object) -> str:
    if not policy.inline.allow:
        return "inline suppressions are turned off (inline_suppressions.allow: false)"
    strict = [s.name for s in policy.scopes_of(finding.location.path) if not s.inline_suppressions]
    if strict:
        return f"inline suppressions are not allowed in scope {strict[0]}: record a waiver with an owner and an expiry"
    if policy.inline.require_reason and not justification:
        return "no reason given (inline_suppressions.require_reason: true): add one after '--'"
    return ""


__all__ = ["Directive", "apply", "directives", "SUPPRESSION", "REFUSED"]
