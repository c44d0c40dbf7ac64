"""The dependency scanner: findings on the pinning line for every manifest format, unpinned
requirements reported, inventory and provenance recorded, and no advisory data never a pass."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest

from gatekeeper import engine
from gatekeeper.findings import Confidence, Severity
from gatekeeper.rulepack import RulePack, default_rules_dir
from gatekeeper.scanners import build_scanners
from gatekeeper.scanners.base import ScanContext, ScannerResult
from gatekeeper.scanners.dependencies import DependencyScanner
from tests.advisories.helpers import OSV_FIXTURE, PROJECTS, isolate, real_advisories
from tests.conftest import EXAMPLE, record_scans


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return isolate(tmp_path, monkeypatch)


def scan(root: Path, files: list[str] | None = None, **options: Any) -> ScannerResult:
    scanner = DependencyScanner()
    if files is None:
        files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        files = [f for f in files if scanner.handles(f)]
    options.setdefault("advisories", str(OSV_FIXTURE))
    context = ScanContext(root=root, files=tuple(files), rules_dir=Path("."), workdir=root, timeout=60, options=options)
    return scanner.scan(context, files)


def places(result: ScannerResult) -> list[tuple[str, int, str]]:
    return [(f.location.path, f.location.start_line, f.rule_id) for f in result.findings]


def by_rule(result: ScannerResult, rule: str, path: str | None = None) -> Any:
    (finding,) = [f for f in result.findings if f.rule_id == rule and (path is None or f.location.path == path)]
    return finding


def test_registered_under_its_name() -> None:
    scanners = build_scanners(RulePack(default_rules_dir()))
    assert isinstance(scanners["dependencies"], DependencyScanner)
    assert scanners["dependencies"].version().startswith("pip-audit ")


def test_requirements_project() -> None:
    result = scan(PROJECTS / "requirements")
    assert result.errors == () and result.skipped == ()
    # issue 20: one finding per vulnerable package version (demo-pkg 1.0.0: PYSEC-2099-1 and -2 inside)
    assert sorted(places(result)) == [
        ("requirements-base.txt", 1, "PYSEC-2099-4"),
        ("requirements.txt", 4, "PYSEC-2099-1"),
        ("requirements.txt", 7, "dependency-unpinned"),
        ("requirements.txt", 9, "dependency-unpinned"),
    ]
    assert result.scanned == ("requirements-base.txt", "requirements.txt")


def test_vulnerability_finding_content() -> None:
    finding = by_rule(scan(PROJECTS / "requirements"), "PYSEC-2099-1")
    assert finding.severity == Severity.CRITICAL  # from the CVSS vector, not the GHSA record's MODERATE
    assert finding.confidence == Confidence.HIGH
    assert finding.scanners == ("dependencies",)
    assert finding.source_rules == (("dependencies", "PYSEC-2099-1"),)
    assert finding.cwe == ("CWE-79", "CWE-80")
    # issue 20: both advisories of demo-pkg 1.0.0 in one finding; the worst (CVSS 9.8) names it.
    assert finding.message.startswith(
        "demo-pkg 1.0.0 is affected by 2 advisories: PYSEC-2099-1 (aka GHSA-demo-0001-aaaa, CVE-2099-1001): "
    )
    assert "; PYSEC-2099-2: demo-pkg 1.0 through 1.1.0 leaks" in finding.message
    assert "Severity critical, from its CVSS vector (PYSEC-2099-1)" in finding.message
    assert finding.remediation == "upgrade demo-pkg 1.0.0 -> 1.2.0 (clears all 2 advisories)"
    assert finding.references[0] == "https://osv.dev/vulnerability/PYSEC-2099-1"
    props = dict(finding.properties)
    assert props["package"] == "demo-pkg" and props["version"] == "1.0.0"
    assert props["purl"] == "pkg:pypi/demo-pkg@1.0.0"
    assert props["advisory_ids"] == ("PYSEC-2099-1", "GHSA-demo-0001-aaaa", "CVE-2099-1001", "PYSEC-2099-2")
    assert props["fixed_versions"] == ("1.2.0", "2.0.5") and props["fix_version"] == "1.2.0"
    assert props["severity_source"] == "cvss" and props["cvss_score"] == 9.8
    first, second = props["advisories"]
    assert (first["id"], first["severity"], first["severity_source"], first["fix_version"]) == (
        "PYSEC-2099-1",
        "critical",
        "cvss",
        "1.2.0",
    )
    assert first["aliases"] == ("GHSA-demo-0001-aaaa", "CVE-2099-1001") and first["cwe"] == ("CWE-79", "CWE-80")
    assert (second["id"], second["severity"], second["severity_source"], second["last_affected"]) == (
        "PYSEC-2099-2",
        "high",
        "default",
        "1.1.0",
    )


def test_no_fix_and_default_severity(tmp_path: Path) -> None:
    osv = tmp_path / "osv"  # PYSEC-2099-2 alone (demo-pkg 1.0.0 has two advisories: one finding, issue 20)
    shutil.copytree(OSV_FIXTURE, osv)
    (osv / "demo-pkg" / "PYSEC-2099-1.yaml").unlink()
    (osv / "demo-pkg" / "GHSA-demo-0001-aaaa.json").unlink()
    result = scan(PROJECTS / "uv", advisories=str(osv))
    no_fix = by_rule(result, "PYSEC-2099-2")
    assert no_fix.severity == Severity.HIGH  # no severity in the record: the documented default
    assert dict(no_fix.properties)["severity_source"] == "default"
    assert no_fix.remediation.startswith("no fixed version of demo-pkg is published yet (affected up to 1.1.0)")
    result = scan(PROJECTS / "requirements")
    listed = by_rule(result, "PYSEC-2099-4")
    assert listed.severity == Severity.MEDIUM  # CVSS v4 base score 6.9
    assert dict(listed.properties)["cvss_score"] == 6.9
    assert listed.remediation.startswith("no fixed version of listed-pkg is published yet:")


def test_unpinned_requirements_are_findings_not_silence() -> None:
    result = scan(PROJECTS / "requirements")
    loose = [f for f in result.findings if f.rule_id == "dependency-unpinned"]
    assert {(f.location.start_line, dict(f.properties)["package"]) for f in loose} == {(7, "loose-pkg"), (9, "git-pkg")}
    assert all(f.severity == Severity.LOW for f in loose)
    assert "cannot be checked for known vulnerabilities" in loose[0].message
    assert loose[0].remediation.startswith("pin loose-pkg to an exact version")


def test_inventory_lists_every_component_where_it_is_declared() -> None:
    result = scan(PROJECTS / "requirements")
    assert [(c.purl, c.path, c.line) for c in result.inventory] == [
        ("pkg:pypi/constrained-pkg@2.0.1", "constraints.txt", 1),
        ("pkg:pypi/listed-pkg@1.0", "requirements-base.txt", 1),
        ("pkg:pypi/demo-pkg@1.0.0", "requirements.txt", 4),
        ("pkg:pypi/safe-pkg@3.0", "requirements.txt", 6),
        ("pkg:pypi/loose-pkg", "requirements.txt", 7),
        ("pkg:pypi/git-pkg", "requirements.txt", 9),
    ]


def test_provenance_names_the_database_date_and_digest() -> None:
    result = scan(PROJECTS / "requirements")
    provenance = dict(result.provenance)
    assert provenance["advisory_database"] == "osv-local"
    assert provenance["advisory_date"] == "2024-05-02T00:00:00Z"
    assert provenance["advisory_digest"].startswith("sha256:")
    assert (
        result.version == f"osv-local 2024-05-02 {provenance['advisory_digest'][:19]} ({DependencyScanner().version()})"
    )


@pytest.mark.parametrize(
    ("project", "expected"),
    [
        (
            "pyproject",
            [
                ("pyproject.toml", 5, "PYSEC-2099-1"),
                ("pyproject.toml", 6, "dependency-unpinned"),
                ("pyproject.toml", 11, "PYSEC-2099-4"),
                ("pyproject.toml", 15, "dependency-unpinned"),
                ("pyproject.toml", 19, "PYSEC-2099-1"),  # and PYSEC-2099-2: one finding per package version
                ("pyproject.toml", 20, "dependency-unpinned"),
                ("pyproject.toml", 21, "dependency-unpinned"),
            ],
        ),
        # pyproject.toml's ranges for demo-pkg and safe-pkg are pinned by poetry.lock: audited there.
        (
            "poetry",
            [
                ("poetry.lock", 4, "PYSEC-2099-1"),  # and PYSEC-2099-2
                ("pyproject.toml", 10, "dependency-unpinned"),
            ],
        ),
        (
            "pipenv",
            [
                ("Pipfile.lock", 9, "PYSEC-2099-1"),
                ("Pipfile.lock", 19, "dependency-unpinned"),
                ("Pipfile.lock", 29, "PYSEC-2099-4"),
            ],
        ),
        (
            "uv",
            [
                ("uv.lock", 14, "PYSEC-2099-1"),  # and PYSEC-2099-2 (1.1.0 is its last affected version)
            ],
        ),
        (
            "pylock",
            [
                ("pylock.toml", 6, "PYSEC-2099-1"),
                ("pylock.toml", 20, "dependency-unpinned"),
            ],
        ),
    ],
)
def test_every_format(project: str, expected: list[tuple[str, int, str]]) -> None:
    result = scan(PROJECTS / project)
    assert result.errors == () and result.skipped == ()
    assert sorted(places(result)) == expected


def test_fix_depends_on_the_pinned_branch() -> None:
    assert by_rule(scan(PROJECTS / "pylock"), "PYSEC-2099-1").remediation == "upgrade demo-pkg 2.0.4 -> 2.0.5"


def test_no_advisory_source_is_an_error_that_keeps_the_rest(tmp_path: Path) -> None:
    result = scan(PROJECTS / "requirements", advisories=None)
    assert len(result.errors) == 1
    assert result.errors[0].startswith("dependencies: no advisory database: run 'gatekeeper advisories update'")
    assert not result.complete
    # What could be found without advisories is still reported.
    assert {f.rule_id for f in result.findings} == {"dependency-unpinned"}
    assert len(result.inventory) == 6


def test_nothing_pinned_needs_no_advisories(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("flask>=2\n")
    result = scan(tmp_path, advisories=None)
    assert result.errors == ()
    assert places(result) == [("requirements.txt", 1, "dependency-unpinned")]


def test_stale_database_is_an_error_with_its_date() -> None:
    result = scan(PROJECTS / "uv", max_age_days=30)
    assert len(result.errors) == 1
    assert "is stale: its data is from 2024-05-02" in result.errors[0]
    assert dict(result.provenance)["advisory_date"] == "2024-05-02T00:00:00Z"


def test_corrupt_record_is_an_error_naming_it(tmp_path: Path) -> None:
    osv = tmp_path / "osv"
    shutil.copytree(OSV_FIXTURE, osv)
    (osv / "demo-pkg" / "PYSEC-2099-50.yaml").write_text("id: PYSEC-2099-50\n")
    result = scan(PROJECTS / "uv", advisories=str(osv))
    assert len(result.errors) == 1 and f"{osv}/demo-pkg/PYSEC-2099-50.yaml" in result.errors[0]
    assert "missing 'affected'" in result.errors[0]


def test_corrupt_record_skipped_when_asked_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    osv = tmp_path / "osv"
    shutil.copytree(OSV_FIXTURE, osv)
    (osv / "demo-pkg" / "PYSEC-2099-50.yaml").write_text("id: PYSEC-2099-50\n")
    with caplog.at_level(logging.WARNING):
        result = scan(PROJECTS / "uv", advisories=str(osv), skip_invalid_advisories=True)
    assert result.errors == ()
    assert {f.rule_id for f in result.findings} == {"PYSEC-2099-1"}  # PYSEC-2099-2 inside (issue 20)
    assert {a["id"] for a in dict(result.findings[0].properties)["advisories"]} == {"PYSEC-2099-1", "PYSEC-2099-2"}
    assert "PYSEC-2099-50.yaml" in dict(result.provenance)["advisory_skipped_records"]
    assert any("skipped 1 corrupt advisory record(s)" in r.getMessage() for r in caplog.records)


def test_unreadable_manifest_is_lost_coverage(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("demo-pkg==1.0.0\n")
    (tmp_path / "uv.lock").write_text("[[package]\n")
    result = scan(tmp_path)
    assert [(s.path, s.reason.split(":")[0]) for s in result.skipped] == [("uv.lock", "invalid TOML")]
    assert not result.complete
    assert {f.rule_id for f in result.findings} == {"PYSEC-2099-1"}  # PYSEC-2099-2 inside (issue 20)
    assert {a["id"] for a in dict(result.findings[0].properties)["advisories"]} == {"PYSEC-2099-1", "PYSEC-2099-2"}


def test_named_requirements_file_outside_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "deps.lock.txt"
    outside.parent.mkdir()
    outside.write_text("listed-pkg==1.1\n")
    root = tmp_path / "project"
    root.mkdir()
    result = scan(root, files=[], requirements=[str(outside)])
    assert places(result) == [("../elsewhere/deps.lock.txt", 1, "PYSEC-2099-4")]


@pytest.mark.slow
def test_through_the_engine_with_fingerprints_and_snippets(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(PROJECTS / "pipenv", root)
    (root / "app.py").write_text("print('hi')\n")
    result = engine.run(
        engine.ScanRequest(
            paths=(root,),
            scanners=("dependencies",),
            scanner_options={"dependencies": {"advisories": str(OSV_FIXTURE)}},
        )
    )
    assert result.complete
    first = result.findings[0]
    assert (first.location.path, first.rule_id) == ("Pipfile.lock", "PYSEC-2099-1")
    assert first.fingerprint and first.snippet.strip().startswith('"demo-pkg"')
    (scanner,) = result.scanners
    assert scanner.scanned == ("Pipfile.lock",) and len(scanner.inventory) == 4


def test_example_with_its_own_advisories(tmp_path: Path) -> None:
    root = tmp_path / "payments-api"
    shutil.copytree(EXAMPLE, root)
    result = scan(root, advisories=None)  # found through the example's .gatekeeper.yml
    assert result.errors == ()
    assert dict(result.provenance)["advisory_location"] == "advisories"
    # issue 20: one finding per vulnerable package version, fixed by the version that clears all its advisories
    assert by_rule(result, "PYSEC-2019-217").remediation == "upgrade jinja2 2.10 -> 2.11.3 (clears all 2 advisories)"
    # Six pinned requirements, and the notifier's axios and (through express) path-to-regexp.
    assert {(f.location.path, f.location.start_line) for f in result.findings} == {
        *(("requirements.txt", line) for line in (2, 3, 4, 5, 6, 7)),
        ("notifier/package-lock.json", 55),
        ("notifier/package-lock.json", 644),
    }
    assert len(result.findings) == 8
    assert sum(len(dict(f.properties)["advisories"]) for f in result.findings) == 22


@pytest.mark.slow
def test_example_against_the_real_snapshot() -> None:
    result = scan(EXAMPLE, files=["requirements.txt"], advisories=str(real_advisories()))
    assert result.errors == ()
    # issue 20: one finding per package version; the fix clears every advisory (published fixes:
    # jinja2 2.11.3 for PYSEC-2021-66, requests 2.31.0 for PYSEC-2023-74, pyyaml 5.4 for PYSEC-2021-142).
    rules = {f.rule_id: f.remediation for f in result.findings}
    assert rules["PYSEC-2019-217"] == "upgrade jinja2 2.10 -> 2.11.3 (clears all 2 advisories)"
    assert rules["PYSEC-2018-28"] == "upgrade requests 2.19.1 -> 2.31.0 (clears all 2 advisories)"
    assert rules["PYSEC-2020-96"] == "upgrade pyyaml 5.3 -> 5.4 (clears all 2 advisories)"
    assert len(rules) == 6
    assert sum(len(dict(f.properties)["advisories"]) for f in result.findings) == 20


@pytest.mark.slow
def test_patched_requirements_are_clean_against_the_real_snapshot(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text(
        "flask==3.0.3\njinja2==3.1.4\npyyaml==6.0.2\nrequests==2.32.3\nurllib3==2.2.3\ncryptography==43.0.1\n"
    )
    result = scan(tmp_path, advisories=str(real_advisories()))
    assert result.errors == () and result.findings == ()
    assert len(result.inventory) == 6


@pytest.mark.slow
def test_unpinned_finding_never_shows_a_token(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("private @ git+https://deploy:s3cr3t@git.example.invalid/p.git\n")
    result = engine.run(engine.ScanRequest(paths=(tmp_path,), scanners=("dependencies",)))
    (finding,) = result.findings
    assert "s3cr3t" not in repr(finding)
    assert finding.snippet == "private @ git+https://***@git.example.invalid/p.git"


class TestCache:
    """The audit is reused until a manifest, a file it includes or the advisory data changes, and
    never once the data is older than the policy allows."""

    @pytest.fixture
    def project(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[list[str]]]:
        root = tmp_path / "svc"
        shutil.copytree(PROJECTS / "requirements", root)
        (root / "app.py").write_text("print('hello')\n")
        return root, record_scans(monkeypatch, DependencyScanner)

    @staticmethod
    def run(root: Path, tmp_path: Path, **options: Any) -> engine.ScanResult:
        options.setdefault("advisories", str(OSV_FIXTURE))
        request = engine.ScanRequest(
            paths=(root,),
            scanners=("dependencies",),
            cache_dir=tmp_path / "results",
            scanner_options={"dependencies": options},
        )
        return engine.run(request)

    @pytest.mark.slow
    def test_reused_until_an_included_file_changes(self, project: tuple[Path, list[list[str]]], tmp_path: Path) -> None:
        root, calls = project
        cold = self.run(root, tmp_path)
        (root / "app.py").write_text("print('changed')\n")
        warm = self.run(root, tmp_path)
        assert len(calls) == 1
        assert [f.to_dict() for f in warm.findings] == [f.to_dict() for f in cold.findings]
        assert warm.scanners[0].inventory == cold.scanners[0].inventory
        # constraints.txt is no manifest of its own, but it pins constrained-pkg for requirements.txt
        pinned = lambda result: {c.version for c in result.scanners[0].inventory if c.name == "constrained-pkg"}  # noqa: E731
        assert pinned(cold) == {"2.0.1"}
        (root / "constraints.txt").write_text("constrained-pkg==2.0.2\n")
        after = self.run(root, tmp_path)
        assert len(calls) == 2 and pinned(after) == {"2.0.2"}

    @pytest.mark.slow
    def test_new_advisory_data_is_a_new_audit(self, project: tuple[Path, list[list[str]]], tmp_path: Path) -> None:
        root, calls = project
        data = tmp_path / "osv"
        shutil.copytree(OSV_FIXTURE, data)
        self.run(root, tmp_path, advisories=str(data))
        withdrawn = sorted(data.rglob("*.json"))[0]
        withdrawn.unlink()
        self.run(root, tmp_path, advisories=str(data))
        assert len(calls) == 2

    def test_data_gone_stale_since_is_an_error_not_a_cached_pass(
        self, project: tuple[Path, list[list[str]]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        root, calls = project
        self.run(root, tmp_path, max_age_days=100_000)
        assert self.run(root, tmp_path, max_age_days=100_000).scanners[0].errors == () and len(calls) == 1
        from gatekeeper.advisories import local

        real = local.check_age
        monkeypatch.setattr(local, "check_age", lambda identity, days, now=None: real(identity, 1, now))
        monkeypatch.setattr("gatekeeper.advisories.sources.check_age", local.check_age)
        stale = self.run(root, tmp_path, max_age_days=100_000)
        assert len(calls) == 2
        assert stale.scanners[0].errors and "old" in stale.scanners[0].errors[0]

    @pytest.mark.slow
    def test_lost_coverage_is_never_reused(self, project: tuple[Path, list[list[str]]], tmp_path: Path) -> None:
        root, calls = project
        (root / "requirements-base.txt").write_text("-r shared.txt\n")
        assert [s.path for s in self.run(root, tmp_path).scanners[0].skipped] == ["requirements-base.txt"]
        (root / "shared.txt").write_text("listed-pkg==1.0\n")  # the include appears; no keyed file changed
        after = self.run(root, tmp_path)
        assert len(calls) == 2 and after.scanners[0].skipped == ()
        assert "PYSEC-2099-4" in {f.rule_id for f in after.findings}

    @pytest.mark.slow
    def test_online_sources_and_outside_manifests_are_never_reused(self, tmp_path: Path) -> None:
        scanner = DependencyScanner()
        assert scanner.cache_identity({"advisories": "online"}, tmp_path) is None
        assert scanner.cache_identity({"advisories": str(OSV_FIXTURE), "requirements": ["../x.txt"]}, tmp_path) is None
        assert scanner.cache_identity({"advisories": str(OSV_FIXTURE)}, tmp_path) is not None


def test_per_advisory_detail_reaches_sarif_and_json(tmp_path: Path) -> None:
    """issue 20: one finding per package version; each advisory's detail stays in the reports."""
    from gatekeeper.config import Policy
    from gatekeeper.gate import verdict
    from gatekeeper.reports import renderer

    root = tmp_path / "svc"
    shutil.copytree(PROJECTS / "requirements", root)
    result = engine.run(
        engine.ScanRequest(
            paths=(root,),
            scanners=("dependencies",),
            scanner_options={"dependencies": {"advisories": str(OSV_FIXTURE)}},
        )
    )
    finding = next(f for f in result.findings if f.rule_id == "PYSEC-2099-1")
    assert [a["id"] for a in finding.to_dict()["properties"]["advisories"]] == ["PYSEC-2099-1", "PYSEC-2099-2"]
    policy = Policy()
    (run,) = json.loads(renderer("sarif")(result, verdict(result, policy), policy))["runs"]
    (sarif_result,) = [r for r in run["results"] if r["ruleId"] == "PYSEC-2099-1"]
    shown = sarif_result["properties"]["advisories"]
    assert [(a["id"], a["severity"], a["severity_source"]) for a in shown] == [
        ("PYSEC-2099-1", "critical", "cvss"),
        ("PYSEC-2099-2", "high", "default"),
    ]
    assert shown[0]["aliases"] == ["GHSA-demo-0001-aaaa", "CVE-2099-1001"]


def test_a_cached_answer_is_never_reused_over_stale_data_of_any_ecosystem(tmp_path: Path) -> None:
    """issue 20: freshness is per ecosystem; with one ecosystem's data too old, nothing is answered
    from the cache (the scan runs and names the stale ecosystem)."""
    from datetime import datetime, timezone

    store = tmp_path / "osv"
    shutil.copytree(OSV_FIXTURE, store)  # PyPI records, the newest modified 2024-05-02
    today = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    (store / "GO-2099-0001.json").write_text(
        json.dumps(
            {  # fresh Go data: the store's newest record
                "id": "GO-2099-0001",
                "modified": today,
                "affected": [
                    {
                        "package": {"ecosystem": "Go", "name": "example.com/m"},
                        "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}],
                    }
                ],
            }
        )
    )
    scanner = DependencyScanner()
    options = {"advisories": str(store)}
    assert scanner.cache_identity({**options, "max_age_days": 100000}, tmp_path) is not None
    # The whole store is fresh (its newest record is today's); its PyPI data is not.
    assert scanner.cache_identity({**options, "max_age_days": 30}, tmp_path) is None
