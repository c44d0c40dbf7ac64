"""gatekeeper.policy.waivers: matching, and every status (active, expired, stale, over-maximum)."""

from __future__ import annotations

import json
from datetime import date

from gatekeeper.config import Policy, Waiver
from gatekeeper.findings import Severity
from gatekeeper.policy import waivers
from gatekeeper.policy.state import suppression_of
from gatekeeper.result import WaiverState, WaiverStatus
from tests.policy.helpers import make

TODAY = date(2026, 6, 1)


def waiver(**match: object) -> Waiver:
    fields: dict[str, object] = dict(
        id="PAY-1",
        reason="behind the WAF",
        owner="team@example.com",
        expires=date(2026, 6, 30),
        origin=".gatekeeper.yml:10",
    )
    fields.update(match)
    return Waiver(**fields)  # type: ignore[arg-type]


def apply(findings, *ws: Waiver, today: date = TODAY):  # type: ignore[no-untyped-def]
    return waivers.apply(findings, Policy(waivers=ws), today)


def test_active_waiver_marks_its_findings_and_keeps_them() -> None:
    hit, other = make(rule="B104", line=3), make(rule="B602", line=4)
    marked, (state,) = apply([hit, other], waiver(rule="B104", ticket="PAY-1"))
    assert [f.fingerprint for f in marked] == [hit.fingerprint, other.fingerprint]
    assert suppression_of(marked[0]) == {
        "kind": "waiver",
        "id": "PAY-1",
        "justification": "behind the WAF",
        "owner": "team@example.com",
        "expires": "2026-06-30",
        "ticket": "PAY-1",
        "origin": ".gatekeeper.yml:10",
    }
    assert suppression_of(marked[1]) is None
    assert (state.status, state.findings, state.max_days) == ("active", (hit.fingerprint,), 90)
    assert state.detail == "waives 1 finding until 2026-06-30"
    assert (state.subject, state.reason, state.owner, state.expires) == (
        "rule B104",
        "behind the WAF",
        "team@example.com",
        "2026-06-30",
    )


def test_expired_waiver_stops_working_and_says_so() -> None:
    hit = make(rule="B104")
    marked, (state,) = apply([hit], waiver(rule="B104", expires=date(2026, 5, 31)))
    assert suppression_of(marked[0]) is None
    assert state.status == "expired" and state.findings == (hit.fingerprint,)
    assert state.detail == "expired on 2026-05-31: it waives nothing now; the 1 finding it matches are judged again"


def test_a_waiver_applies_through_its_last_day() -> None:
    _, (state,) = apply([make(rule="B104")], waiver(rule="B104", expires=TODAY))
    assert state.status == "active" and state.detail.endswith("(expires in 0 days)")


def test_expired_waiver_matching_nothing_is_reported_expired() -> None:
    _, (state,) = apply([], waiver(rule="B104", expires=date(2026, 1, 1)))
    assert state.status == "expired" and state.detail.endswith("(and matches no finding)")


def test_stale_waiver_matches_nothing() -> None:
    _, (state,) = apply([make(rule="B602")], waiver(rule="B104"))
    assert state.status == "stale" and state.findings == ()
    assert state.detail.startswith("matches no finding in this scan")


def test_over_maximum_by_the_severity_it_covers_waives_nothing() -> None:
    long = waiver(rule="B104", expires=date(2026, 12, 1))  # 183 days from TODAY
    marked, (state,) = apply([make(rule="B104", severity=Severity.HIGH)], long)
    assert suppression_of(marked[0]) is None
    assert (state.status, state.max_days) == ("over-maximum", 90)
    assert state.detail.startswith("runs 183 days from today; the policy allows at most 90 for high findings")
    # The same waiver over a low finding is within that severity's maximum (365 days).
    _, (low_state,) = apply([make(rule="B104", severity=Severity.LOW)], long)
    assert low_state.status == "active"


def test_duration_counts_from_created_when_given() -> None:
    created = waiver(rule="B104", created=date(2026, 1, 1), expires=date(2026, 6, 30))  # 180 days
    _, (state,) = apply([make(rule="B104", severity=Severity.HIGH)], created)
    assert state.status == "over-maximum" and "from its created date 2026-01-01" in state.detail
    policy = Policy(
        waivers=(created,),
        waiver_max_days=(
            (Severity.CRITICAL, 30),
            (Severity.HIGH, 180),
            (Severity.MEDIUM, 180),
            (Severity.LOW, 365),
            (Severity.INFO, 365),
        ),
    )
    _, (allowed,) = waivers.apply([make(rule="B104", severity=Severity.HIGH)], policy, TODAY)
    assert allowed.status == "active"


def test_a_created_date_later_than_the_scan_date_counts_from_the_scan_date() -> None:
    # From its created date it runs 75 days (within 90 for high); from TODAY, 136 days.
    later = waiver(rule="B104", created=date(2026, 8, 1), expires=date(2026, 10, 15))
    marked, (state,) = apply([make(rule="B104", severity=Severity.HIGH)], later)
    assert suppression_of(marked[0]) is None
    assert state.status == "over-maximum"
    assert state.detail.startswith("runs 136 days from today (its created date 2026-08-01 is later than the scan date)")


def test_match_by_exact_fingerprint_or_every_occurrence_of_its_hash() -> None:
    first = make(fingerprint="a" * 32 + ":0", line=1)
    second = make(fingerprint="a" * 32 + ":1", line=9)
    _, (exact,) = apply([first, second], waiver(fingerprint="a" * 32 + ":1"))
    assert exact.findings == (second.fingerprint,)
    _, (every,) = apply([first, second], waiver(fingerprint="a" * 32))
    assert every.findings == (first.fingerprint, second.fingerprint)


def test_match_by_rule_id_of_any_scanner_within_path_globs() -> None:
    merged = make(
        rule="python-sql-injection",
        path="legacy/db/q.py",
        scanners=("semgrep", "bandit"),
        source_rules=(("semgrep", "python-sql-injection"), ("bandit", "B608")),
    )
    elsewhere = make(rule="python-sql-injection", path="api/q.py")
    _, (by_bandit_id,) = apply([merged, elsewhere], waiver(rule="B608", paths=("legacy/",)))
    assert by_bandit_id.findings == (merged.fingerprint,)
    _, (glob,) = apply([merged, elsewhere], waiver(rule="python-sql-injection", paths=("**/q.py", "!api/**")))
    assert glob.findings == (merged.fingerprint,)
    _, (everywhere,) = apply([merged, elsewhere], waiver(rule="python-sql-injection"))
    assert len(everywhere.findings) == 2


def test_match_by_advisory_id_or_alias() -> None:
    vulnerable = make(
        rule="PYSEC-2023-62",
        path="requirements.txt",
        scanners=("dependencies",),
        properties=(("advisory_ids", ("PYSEC-2023-62", "GHSA-m2qf-hxjv-5gpq")), ("aliases", ("CVE-2023-30861",))),
    )
    for name in ("PYSEC-2023-62", "GHSA-m2qf-hxjv-5gpq", "cve-2023-30861"):
        _, (state,) = apply([vulnerable], waiver(advisory=name))
        assert state.status == "active", name
    _, (wrong_file,) = apply([vulnerable], waiver(advisory="CVE-2023-30861", paths=("services/requirements.txt",)))
    assert wrong_file.status == "stale"


def test_the_first_matching_waiver_is_the_one_recorded_and_both_are_active() -> None:
    hit = make(rule="B104")
    marked, states = apply([hit], waiver(id="A", rule="B104"), waiver(id="B", rule="B104"))
    assert suppression_of(marked[0])["id"] == "A"  # type: ignore[index]
    assert [s.status for s in states] == ["active", "active"]


def test_an_expired_waiver_does_not_shadow_an_active_one() -> None:
    hit = make(rule="B104")
    marked, states = apply(
        [hit], waiver(id="OLD", rule="B104", expires=date(2026, 1, 1)), waiver(id="NEW", rule="B104")
    )
    assert suppression_of(marked[0])["id"] == "NEW"  # type: ignore[index]
    assert [s.status for s in states] == ["expired", "active"]


def test_a_status_is_typed_and_reads_as_its_value_everywhere() -> None:
    """A typed state that every report writes exactly as the plain string it replaced."""
    _, (state,) = apply([], waiver(rule="B104", expires=date(2026, 5, 31)))
    assert state.status is WaiverStatus.EXPIRED
    assert (str(state.status), f"{state.status}", f"{state.status:>8}") == ("expired", "expired", " expired")
    data = state.to_dict()
    assert type(data["status"]) is str and json.dumps(data["status"]) == '"expired"'
    assert WaiverState.from_dict(data) == state and WaiverState.from_dict(data).status is WaiverStatus.EXPIRED
    assert [s.value for s in WaiverStatus] == ["active", "expired", "over-maximum", "stale"]


def test_a_package_version_with_several_advisories_is_waived_only_when_each_is_named() -> None:
    # issue 20: one finding per vulnerable package version; accepting one advisory must not accept the others.
    advisories = ({"id": "GO-2023-1988", "aliases": ("CVE-2023-3978",)}, {"id": "GO-2023-2102", "aliases": ()})
    vulnerable = make(
        rule="GO-2023-2102",
        path="go.mod",
        scanners=("dependencies",),
        properties=(("advisories", advisories), ("advisory_ids", ("GO-2023-2102", "GO-2023-1988", "CVE-2023-3978"))),
    )
    marked, (one,) = apply([vulnerable], waiver(advisory="cve-2023-3978"))
    assert one.status == "active" and suppression_of(marked[0]) is None  # the other advisory still counts
    marked, states = apply(
        [vulnerable], waiver(id="A", advisory="CVE-2023-3978"), waiver(id="B", advisory="GO-2023-2102")
    )
    assert [s.status for s in states] == ["active", "active"]
    assert suppression_of(marked[0])["id"] == "B"  # type: ignore[index]
    marked, _ = apply([vulnerable], waiver(rule="GO-2023-2102"))  # a waiver of the finding itself
    assert suppression_of(marked[0]) is not None
