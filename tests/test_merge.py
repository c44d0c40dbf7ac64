"""gatekeeper/merge.py: shards that belong together, and the one result they make."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from gatekeeper.compliance.status import for_policy
from gatekeeper.config import Policy, Waiver
from gatekeeper.coverage import account
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Severity
from gatekeeper.gate import verdict
from gatekeeper.merge import Part, merge
from gatekeeper.policy import waivers
from gatekeeper.result import BaselineEntry, BaselineSummary, ScanResult
from gatekeeper.scanners.base import ClearedSink, ScannerResult
from gatekeeper.shard import ShardInfo, restrict
from tests.compliance.factory import ALL_SCANNERS, ANALYSES, FILES, finding, result, scanner

TODAY = "2026-01-02"
SPLIT = (frozenset({"Dockerfile", "app.py"}), frozenset({"main.tf", "requirements.txt"}))
FINDINGS = (
    finding("python-sql-injection", path="app.py", index=1),
    finding("dockerfile-user-root", path="Dockerfile", cwe=("CWE-250",), severity=Severity.MEDIUM, index=2),
    finding("terraform-s3-public", scanner="terraform", path="main.tf", cwe=("CWE-284",), index=3),
    finding("dependency-vulnerable", scanner="dependencies", path="requirements.txt", cwe=("CWE-1395",), index=4),
)


def _whole() -> ScanResult:
    scanners = [replace(scanner(n), units=(("things", 2),)) if n == "terraform" else scanner(n) for n in ALL_SCANNERS]
    return result(FINDINGS, scanners)


def _shard(whole: ScanResult, k: int, n: int = 2, *, started: str = "2026-01-02T03:04:05Z") -> ScanResult:
    """Shard k of the factory's tree: the engine's result had it scanned only the shard's files."""
    mine = SPLIT[k - 1] if n == 2 else frozenset(FILES)
    scanners = tuple(
        replace(
            restrict(s, mine, frozenset(FILES), k == 1),
            units=s.units if k == 1 or s.scanner == "dependencies" else (),
        )
        for s in whole.scanners
    )
    files = tuple(f for f in whole.files if f in mine)
    return replace(
        whole,
        metadata=replace(whole.metadata, started_at=started),
        findings=tuple(f for f in whole.findings if f.location.path in mine),
        scanners=scanners,
        files=files,
        coverage=account(Path("/nonexistent"), files, scanners, ANALYSES),
        shard=ShardInfo(k, n, "sha256:" + "cd" * 32, len(FILES), ("dependencies",), TODAY),
    )


def _parts(whole: ScanResult, policy: Policy | None = None) -> list[Part]:
    return [Part(f"shard-{k}.json", _shard(whole, k), policy or Policy()) for k in (1, 2)]


def test_merged_shards_equal_the_whole_scan() -> None:
    whole = _whole()
    merged, policy = merge(list(reversed(_parts(whole))))
    assert merged.findings == whole.findings
    assert merged.files == whole.files
    assert merged.coverage == whole.coverage
    assert [(s.scanner, s.scanned, s.units) for s in merged.scanners] == [
        (s.scanner, s.scanned, s.units) for s in whole.scanners
    ]
    assert for_policy(merged, policy).to_dict() == for_policy(whole, policy).to_dict()
    assert verdict(merged, policy) == verdict(whole, policy)
    assert merged.shard is None


def test_findings_reported_by_two_shards_are_one() -> None:
    whole = _whole()
    parts = _parts(whole)
    twice = replace(parts[1].result, findings=parts[1].result.findings + (whole.findings[0],))
    merged, _ = merge([parts[0], replace(parts[1], result=twice)])
    assert merged.findings == whole.findings


def test_scanner_errors_of_a_whole_tree_scanner_are_reported_once() -> None:
    whole = _whole()
    failing = tuple(
        replace(s, errors=("advisory data missing",)) if s.scanner == "dependencies" else s for s in whole.scanners
    )
    merged, policy = merge(_parts(replace(whole, scanners=failing)))
    assert merged.errors == ("advisory data missing",)
    assert verdict(merged, policy).exit_code == 2


def test_a_control_passes_only_on_evidence_some_shard_examined() -> None:
    # The Terraform files were on shard 2: without it, nothing examined infrastructure code.
    whole = result((), [scanner(n) for n in ALL_SCANNERS])
    merged, policy = merge(_parts(whole))
    assert for_policy(merged, policy).to_dict() == for_policy(whole, policy).to_dict()
    only_first = _shard(whole, 1)
    alone = replace(only_first, shard=None)
    assert for_policy(alone, policy).to_dict() != for_policy(whole, policy).to_dict()


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda r: replace(r, metadata=replace(r.metadata, commit="f" * 40)), "commit differs"),
        (lambda r: replace(r, metadata=replace(r.metadata, rule_pack_digest="sha256:" + "0" * 64)), "rule pack digest"),
        (lambda r: replace(r, shard=replace(r.shard, tree="sha256:" + "0" * 64)), "the tree differs"),
        (lambda r: replace(r, shard=replace(r.shard, n=3)), "mixed shard counts"),
        (
            lambda r: replace(
                r, scanners=tuple(replace(s, version="9") if s.scanner == "bandit" else s for s in r.scanners)
            ),
            "scanners differs",
        ),
    ],
)
def test_shards_of_different_scans_are_refused(change: object, message: str) -> None:
    parts = _parts(_whole())
    mixed = replace(parts[1], result=change(parts[1].result))  # type: ignore[operator]
    with pytest.raises(GatekeeperError, match=message) as caught:
        merge([parts[0], mixed])
    assert "shard-2.json" in str(caught.value)


def test_a_different_policy_is_refused() -> None:
    parts = _parts(_whole())
    other = replace(parts[1], policy=Policy(fail_on=Severity.CRITICAL))
    with pytest.raises(GatekeeperError, match="policy digest differs"):
        merge([parts[0], other])


def test_a_missing_or_repeated_shard_is_named() -> None:
    parts = _parts(_whole())
    with pytest.raises(GatekeeperError, match=r"missing shard 2/2 of 2"):
        merge(parts[:1])
    with pytest.raises(GatekeeperError, match=r"shard 1/2 given 2 times \(shard-1.json, again.json\)"):
        merge([parts[0], replace(parts[0], source="again.json"), parts[1]])


def test_a_result_that_is_not_a_shard_is_refused() -> None:
    whole = _whole()
    with pytest.raises(GatekeeperError, match="whole.json: not the result of a sharded scan"):
        merge([Part("whole.json", whole, Policy())])


def _waiver(**extra: object) -> Waiver:
    return Waiver(
        id="W-1",
        reason="accepted",
        owner="team@example.com",
        expires=date(2026, 3, 1),
        rule="python-sql-injection",
        origin=".gatekeeper.yml:9",
        **extra,  # type: ignore[arg-type]
    )


def _with_waivers(whole: ScanResult, policy: Policy) -> list[Part]:
    """Each shard judged the policy's waivers on its own findings, as the engine does."""
    parts = []
    for k in (1, 2):
        shard = _shard(whole, k)
        _marked, states = waivers.apply(list(shard.findings), policy, date.fromisoformat(TODAY))
        parts.append(Part(f"shard-{k}.json", replace(shard, waivers=states), policy))
    return parts


def test_a_waiver_stale_on_one_shard_and_active_on_the_other_is_active() -> None:
    whole = _whole()
    policy = Policy(waivers=(_waiver(),))
    merged, _ = merge(_with_waivers(whole, policy))
    _marked, expected = waivers.apply(list(whole.findings), policy, date.fromisoformat(TODAY))
    assert merged.waivers == expected
    assert merged.waivers[0].status == "active" and merged.waivers[0].origin == ".gatekeeper.yml:9"


def test_a_waiver_judged_differently_by_the_whole_scan_is_refused() -> None:
    # Active for shard 1's medium finding; over the policy's maximum for shard 2's critical one.
    whole = result(
        (
            finding("shared-rule", path="app.py", severity=Severity.MEDIUM, index=1),
            finding("shared-rule", path="main.tf", severity=Severity.CRITICAL, index=2),
        ),
        [scanner(n) for n in ALL_SCANNERS],
    )
    waiver = replace(_waiver(), rule="shared-rule", created=date(2026, 1, 1), expires=date(2026, 4, 1))
    policy = Policy(waivers=(waiver,))
    with pytest.raises(GatekeeperError, match="waiver W-1 .* scan without --shard"):
        merge(_with_waivers(whole, policy))


def test_baseline_fixed_only_when_no_shard_found_it() -> None:
    whole = _whole()
    entries = tuple(BaselineEntry(f"{i:032x}:0", "r", "app.py", 1, "high") for i in (1, 9))
    parts = _parts(whole)
    first = BaselineSummary("b.json", "2026-01-01", 2, 1, 1, entries[1:])
    second = BaselineSummary("b.json", "2026-01-01", 2, 0, 3, entries)
    merged, _ = merge(
        [
            replace(parts[0], result=replace(parts[0].result, baseline=first)),
            replace(parts[1], result=replace(parts[1].result, baseline=second)),
        ]
    )
    assert merged.baseline == BaselineSummary("b.json", "2026-01-01", 2, 1, 4, entries[1:])


def test_timings_span_the_shards() -> None:
    whole = _whole()
    parts = _parts(whole)
    late = replace(parts[1].result, metadata=replace(parts[1].result.metadata, started_at="2026-01-02T03:00:00Z"))
    merged, _ = merge([parts[0], replace(parts[1], result=late)])
    assert merged.metadata.started_at == "2026-01-02T03:00:00Z"


def test_units_of_a_whole_tree_scanner_are_counted_once() -> None:
    whole = _whole()
    parts = _parts(whole)
    counted = [
        replace(
            p,
            result=replace(
                p.result,
                scanners=tuple(
                    replace(s, units=(("requirements", 3),)) if s.scanner == "dependencies" else s
                    for s in p.result.scanners
                ),
            ),
        )
        for p in parts
    ]
    merged, _ = merge(counted)
    deps: ScannerResult = next(s for s in merged.scanners if s.scanner == "dependencies")
    assert deps.units == (("requirements", 3),)


def test_shards_either_side_of_midnight_merge_and_waivers_are_judged_on_the_last_day() -> None:
    whole = _whole()
    policy = Policy(waivers=(replace(_waiver(), expires=date(2026, 1, 2)),))
    parts = _with_waivers(whole, policy)
    merged, _ = merge(parts)
    assert merged.waivers[0].status == "active"
    # Shard 2 ran after midnight, when the waiver had expired: shard 1 waived by it, the merge refuses.
    late = replace(parts[1].result, shard=replace(parts[1].shard, today="2026-01-03"))
    with pytest.raises(GatekeeperError, match="waiver W-1 .* judged active on some shards and expired"):
        merge([parts[0], replace(parts[1], result=late)])


def test_the_shards_cleared_sinks_make_the_whole_scans() -> None:
    sinks = tuple(ClearedSink(path, 3, 3, "command-injection", "checks.name", "", False) for path in sorted(FILES))
    whole = _whole()
    whole = replace(
        whole, scanners=tuple(replace(s, cleared=sinks) if s.scanner == "semgrep" else s for s in whole.scanners)
    )
    merged, _ = merge(_parts(whole))
    assert next(s for s in merged.scanners if s.scanner == "semgrep").cleared == sinks
