"""Waivers: accepted risks with an owner and an end date, matched to findings and given a status.

A waiver matches by fingerprint (`<hash>:<n>`, or `<hash>` for every occurrence), by rule id
(the finding's or any scanner's own id) within optional path globs, or by advisory id (a
dependency finding's id, or any of its `advisory_ids` / `aliases`; a finding that holds several
advisories of one package version is waived by advisory only when waivers name every one). Its status:

- expired:      past its `expires` date. It waives nothing; the findings it matched are judged.
- over-maximum: it runs longer than `waiver_max_days` allows for the most severe finding it
                matches (counted from `created`, else from the scan date, and from the scan date
                when `created` is later; the configuration refuses a `created` in the future).
                It waives nothing.
- stale:        it matches no finding.
- active:       it waives what it matches: each finding is kept, marked `suppression: waiver`.

Every waiver is reported with its status (ScanResult.waivers); matching runs on every finding of
the scan, so a waiver is stale only when nothing it describes is there any more.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from gatekeeper.config import Policy, Waiver
from gatekeeper.findings import Finding
from gatekeeper.policy.state import SUPPRESSION, with_property
from gatekeeper.result import WaiverState, WaiverStatus

EXPIRY_NOTICE_DAYS = 14
"""An active waiver this close to its end says so in its detail."""


def matches(waiver: Waiver, finding: Finding) -> bool:
    if waiver.fingerprint:
        if ":" in waiver.fingerprint:
            return finding.fingerprint == waiver.fingerprint
        return finding.fingerprint.split(":", 1)[0] == waiver.fingerprint
    if not waiver.covers_path(finding.location.path):
        return False
    if waiver.rule:
        return waiver.rule == finding.rule_id or waiver.rule in {rule for _, rule in finding.source_rules}
    wanted = (waiver.advisory or "").upper()
    return wanted in {i.upper() for i in advisory_ids(finding)}


def advisory_ids(finding: Finding) -> tuple[str, ...]:
    """A dependency finding's advisory id and every alias (PYSEC-…, GHSA-…, CVE-…)."""
    properties = dict(finding.properties)
    ids = [finding.rule_id]
    for key in ("advisory_ids", "aliases"):
        value = properties.get(key) or ()
        ids += [str(v) for v in (value if isinstance(value, (list, tuple)) else [value])]
    return tuple(dict.fromkeys(ids))


def _advisory_groups(finding: Finding) -> list[set[str]]:
    """The ids (with aliases, upper case) of each advisory a dependency finding holds."""
    advisories = dict(finding.properties).get("advisories") or ()
    return [{str(i).upper() for i in (a.get("id"), *a.get("aliases", ())) if i} for a in advisories]


def apply(findings: Sequence[Finding], policy: Policy, today: date) -> tuple[list[Finding], tuple[WaiverState, ...]]:
    """Mark the findings active waivers cover; return them with every waiver's state."""
    states: list[WaiverState] = []
    waiver_of: dict[str, Waiver] = {}
    covered: dict[str, set[int]] = {}
    for waiver in policy.waivers:
        matched = [f for f in findings if matches(waiver, f)]
        state = _state(waiver, matched, policy, today)
        if state.status is WaiverStatus.ACTIVE:
            for finding in matched:
                groups = _advisory_groups(finding)
                if waiver.advisory and len(groups) > 1:
                    # One finding per package version holds several advisories: waived only when
                    # active waivers name every one of them, never by accepting one advisory.
                    hits = covered.setdefault(finding.fingerprint, set())
                    hits.update(i for i, ids in enumerate(groups) if waiver.advisory.upper() in ids)
                    if len(hits) < len(groups):
                        continue
                waiver_of.setdefault(finding.fingerprint, waiver)  # the first waiver in the file wins
        states.append(state)
    marked = [
        with_property(f, SUPPRESSION, _suppression(waiver_of[f.fingerprint])) if f.fingerprint in waiver_of else f
        for f in findings
    ]
    return marked, tuple(states)


def _suppression(waiver: Waiver) -> dict[str, object]:
    record: dict[str, object] = {
        "kind": "waiver",
        "id": waiver.id,
        "justification": waiver.reason,
        "owner": waiver.owner,
        "expires": waiver.expires.isoformat(),
    }
    if waiver.ticket:
        record["ticket"] = waiver.ticket
    record["origin"] = waiver.origin
    return record


def _since(waiver: Waiver, today: date) -> str:
    if waiver.created is None:
        return "today"
    if waiver.created > today:
        return f"today (its created date {waiver.created.isoformat()} is later than the scan date)"
    return f"its created date {waiver.created.isoformat()}"


def _state(waiver: Waiver, matched: list[Finding], policy: Policy, today: date) -> WaiverState:
    count = f"{len(matched)} finding{'s' if len(matched) != 1 else ''}"
    max_days: int | None = None
    if waiver.expires < today:
        status = WaiverStatus.EXPIRED
        detail = f"expired on {waiver.expires.isoformat()}: it waives nothing now"
        detail += f"; the {count} it matches are judged again" if matched else " (and matches no finding)"
    elif not matched:
        status, detail = WaiverStatus.STALE, "matches no finding in this scan: remove it, or correct what it matches"
    else:
        worst = max(f.severity for f in matched)
        max_days = policy.max_days(worst)
        # Never from a `created` later than the scan date: that would shorten the duration limited.
        start = min(waiver.created, today) if waiver.created else today
        days = (waiver.expires - start).days
        if days > max_days:
            status = WaiverStatus.OVER_MAXIMUM
            since = _since(waiver, today)
            detail = (
                f"runs {days} days from {since}; the policy allows at most {max_days} for {worst.label} "
                f"findings (waiver_max_days): it waives nothing until shortened"
            )
        else:
            status = WaiverStatus.ACTIVE
            detail = f"waives {count} until {waiver.expires.isoformat()}"
            left = (waiver.expires - today).days
            if left <= EXPIRY_NOTICE_DAYS:
                detail += f" (expires in {left} day{'s' if left != 1 else ''})"
    return WaiverState(
        id=waiver.id,
        status=status,
        subject=waiver.subject,
        kind=waiver.kind,
        match=waiver.fingerprint or waiver.rule or waiver.advisory or "",
        paths=waiver.paths,
        reason=waiver.reason,
        owner=waiver.owner,
        ticket=waiver.ticket,
        expires=waiver.expires.isoformat(),
        created=waiver.created.isoformat() if waiver.created else None,
        findings=tuple(f.fingerprint for f in matched),
        detail=detail,
        origin=waiver.origin,
        max_days=max_days,
    )


def judge(waiver: Waiver, matched: Sequence[Finding], policy: Policy, today: date) -> WaiverState:
    """What became of `waiver` given every finding it matches: `gatekeeper merge` judges a sharded
    scan's waivers again on the findings of all its shards (gatekeeper/merge.py)."""
    return _state(waiver, list(matched), policy, today)
