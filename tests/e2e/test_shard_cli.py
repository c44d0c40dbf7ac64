"""`scan --shard K/N` and `merge`, as a CI matrix runs them: the merged result is the unsharded scan's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import EXAMPLE, REPO, run_cli

ENV = {"SOURCE_DATE_EPOCH": "1764000000"}
SCHEMA = json.loads((REPO / "gatekeeper" / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
FORMATS = ("sarif", "junit", "markdown", "html", "html-external", "ocsf", "cyclonedx")


def _commit(tree: Path) -> None:
    git = ["git", "-C", str(tree), "-c", "user.email=ci@example.com", "-c", "user.name=ci"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "tree"], check=True)


def _payments(work: Path) -> Path:
    tree = work / "payments-api"
    shutil.copytree(EXAMPLE, tree)
    _commit(tree)
    return tree


def _monorepo(work: Path) -> Path:
    """A bigger tree with every kind of unit: Terraform modules (AWS, Azure, GCP), CloudFormation,
    Kubernetes, Dockerfiles, npm/Maven/Gradle/Go/pip projects with their lock files, cross-module
    Python taint, secrets and card numbers, and the advisory data for all of it."""
    tree = work / "monorepo"
    shutil.copytree(EXAMPLE, tree / "services" / "payments-api")
    (tree / "services" / "payments-api" / ".gatekeeper.yml").unlink()
    shutil.copytree(REPO / "benchmarks" / "iac", tree / "infra")
    shutil.copytree(REPO / "tests" / "fixtures" / "taint", tree / "services" / "taint")
    shutil.copytree(REPO / "tests" / "fixtures" / "deps" / "projects", tree / "projects")
    shutil.copytree(REPO / "gatekeeper" / "taint", tree / "libs" / "taint")
    advisories = tree / "advisories"
    shutil.copytree(EXAMPLE / "advisories", advisories)
    for ecosystem in ("npm", "maven"):
        shutil.copytree(REPO / "tests" / "fixtures" / "advisories" / ecosystem, advisories / ecosystem)
    shutil.copytree(REPO / "tests" / "fixtures" / "deps" / "osv-go", advisories / "go")
    (tree / ".gatekeeper.yml").write_text("version: 1\ndependencies:\n  advisories: advisories\n")
    _commit(tree)
    return tree


def _comparable(report: dict[str, Any]) -> dict[str, Any]:
    """Everything but the timings."""
    scan = {k: v for k, v in report["scan"].items() if k not in ("started_at", "finished_at", "shard")}
    return {**report, "scan": scan}


def _sharded(tree: Path, out: Path, n: int) -> list[Path]:
    results = []
    for k in range(1, n + 1):
        path = out / f"shard-{k}.json"
        proc = run_cli("scan", str(tree), "--quiet", "--shard", f"{k}/{n}", "-o", f"json={path}", env=ENV)
        report = json.loads(path.read_text())
        jsonschema.validate(report, SCHEMA, format_checker=jsonschema.FormatChecker())
        # Each shard exits as its own verdict says.
        assert proc.returncode == report["verdict"]["exit_code"], proc.stderr
        assert report["scan"]["shard"]["k"] == k and report["scan"]["shard"]["n"] == n
        results.append(path)
    return results


@pytest.fixture(scope="module", params=[("payments", 3), ("monorepo", 4)], ids=["payments-api-3", "monorepo-4"])
def scanned(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path]]:
    name, n = request.param
    work = tmp_path_factory.mktemp(name)
    tree = _payments(work) if name == "payments" else _monorepo(work)
    full = work / "full.json"
    proc = run_cli("scan", str(tree), "--quiet", "-o", f"json={full}", "-o", f"sarif={work / 'full.sarif'}", env=ENV)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    return work, full, _sharded(tree, work, n)


def test_merged_result_equals_the_unsharded_scan(scanned: tuple[Path, Path, list[Path]]) -> None:
    work, full, shards = scanned
    merged = work / "merged.json"
    sarif = work / "merged.sarif"
    proc = run_cli("merge", *map(str, reversed(shards)), "--quiet", "-o", f"json={merged}", "-o", f"sarif={sarif}")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    expected, got = json.loads(full.read_text()), json.loads(merged.read_text())
    assert got["findings"] == expected["findings"]
    assert got["controls"] == expected["controls"]
    assert got["verdict"] == expected["verdict"]
    assert _comparable(got) == _comparable(expected)
    assert len(expected["findings"]) > 20
    # Every other format is rendered from the same result: SARIF alike, but for its timings.
    _validate_sarif(json.loads(sarif.read_text()))
    assert _untimed(json.loads(sarif.read_text())) == _untimed(json.loads((work / "full.sarif").read_text()))


def _validate_sarif(doc: dict[str, Any]) -> None:
    """Against the OASIS schema where the real-data variable names it (tests/reports/test_sarif.py
    checks the schema itself, and skips with its reason when it is unset)."""
    base = os.environ.get("GATEKEEPER_TEST_SCHEMAS")
    if base:
        schema = json.loads((Path(base) / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
        errors = [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(doc)]
        assert not errors, errors[:5]


def _untimed(sarif: dict[str, Any]) -> dict[str, Any]:
    for run in sarif["runs"]:
        for invocation in run["invocations"]:
            invocation.pop("startTimeUtc"), invocation.pop("endTimeUtc")
    return sarif


def test_every_file_is_scanned_by_exactly_one_shard_and_units_stay_whole(
    scanned: tuple[Path, Path, list[Path]],
) -> None:
    _work, full, shards = scanned
    whole = json.loads(full.read_text())["scan"]["coverage"]["paths"]
    parts = [set(json.loads(s.read_text())["scan"]["coverage"]["paths"]) for s in shards]
    assert sorted(p for part in parts for p in part) == sorted(whole)
    assert sum(1 for part in parts if part) >= 2
    units: dict[str, set[int]] = {}
    for index, part in enumerate(parts):
        for path in part:
            directory, _, name = path.rpartition("/")
            if name.endswith((".tf", ".lock", "lock.json", "pom.xml", "Pipfile", "build.gradle")):
                units.setdefault(directory, set()).add(index)
            if name in ("requirements.txt", "package.json", "gradle.lockfile"):
                units.setdefault(directory, set()).add(index)
    assert units and all(len(shards_of) == 1 for shards_of in units.values()), units


def test_merge_writes_every_format_and_prints_json(scanned: tuple[Path, Path, list[Path]]) -> None:
    work, _full, shards = scanned
    out = work / "reports"
    outputs = [arg for fmt in FORMATS for arg in ("-o", f"{fmt}={out / fmt}")]
    proc = run_cli("merge", *map(str, shards), "--format", "json", *outputs)
    assert proc.returncode == 1, proc.stderr
    printed = json.loads(proc.stdout)
    assert printed["verdict"]["status"] == "failed" and "shard" not in printed["scan"]
    for fmt in FORMATS:
        assert (out / fmt).stat().st_size > 0
    # html-external's stylesheet is written beside it, as `scan` and `report` write it (Jenkins' CSP).
    assert (out / "gatekeeper-report.css").stat().st_size > 0
    sarif = json.loads((out / "sarif").read_text())
    assert (
        sum(len(run["results"]) for run in sarif["runs"])
        >= len(printed["findings"]) - printed["summary"]["suppressed"]["waiver"]
    )


def _error_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gatekeeper: error: "), proc.stderr
    return lines[0]


def test_merge_refuses_shards_that_do_not_belong_together(scanned: tuple[Path, Path, list[Path]]) -> None:
    work, full, shards = scanned
    assert "missing shard" in _error_line(run_cli("merge", *map(str, shards[1:])))
    assert "given 2 times" in _error_line(run_cli("merge", *map(str, shards), str(shards[0])))
    other = work / "other-commit.json"
    report = json.loads(shards[1].read_text())
    report["scan"]["commit"] = "f" * 40
    other.write_text(json.dumps(report))
    line = _error_line(run_cli("merge", str(shards[0]), str(other), *map(str, shards[2:])))
    assert "commit differs" in line and "other-commit.json" in line
    assert "not the result of a sharded scan" in _error_line(run_cli("merge", str(full)))


def test_merge_names_an_unreadable_or_invalid_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert "broken.json: not JSON" in _error_line(run_cli("merge", str(broken)))
    assert "cannot read" in _error_line(run_cli("merge", str(tmp_path / "absent.json")))
    (tmp_path / "other.json").write_text('{"hello": 1}')
    assert "not a gatekeeper JSON report" in _error_line(run_cli("merge", str(tmp_path / "other.json")))


@pytest.mark.parametrize("spec", ["0/2", "3/2", "two"])
def test_a_bad_shard_spec_is_one_line(tmp_path: Path, spec: str) -> None:
    (tmp_path / "app.py").write_text("print('hi')\n")
    assert "--shard" in _error_line(run_cli("scan", str(tmp_path), "--shard", spec))


def test_shards_sharing_one_cache_merge_to_the_unsharded_scan(tmp_path: Path) -> None:
    # A CI cache restored into every worker of the matrix: each shard stores entries the next reads.
    tree = _payments(tmp_path)
    cache = tmp_path / "cache"
    full = tmp_path / "full.json"
    assert run_cli("scan", str(tree), "-q", "--no-cache", "-o", f"json={full}", env=ENV).returncode == 1
    for attempt in ("cold", "warm"):
        shards = []
        for k in (1, 2):
            out = tmp_path / f"{attempt}-{k}.json"
            proc = run_cli(
                "scan", str(tree), "-q", "--cache-dir", str(cache), "--shard", f"{k}/2", "-o", f"json={out}", env=ENV
            )
            assert proc.returncode in (0, 1), proc.stderr
            shards.append(str(out))
        merged = tmp_path / f"{attempt}.json"
        assert run_cli("merge", *shards, "-q", "-o", f"json={merged}").returncode == 1
        assert _comparable(json.loads(merged.read_text())) == _comparable(json.loads(full.read_text())), attempt


def test_a_shard_left_without_files_says_so_and_still_merges(tmp_path: Path) -> None:
    tree = tmp_path / "tiny"
    tree.mkdir()
    (tree / "app.py").write_text("import subprocess\nsubprocess.call(input(), shell=True)\n")
    (tree / "util.py").write_text("def add(a: int, b: int) -> int:\n    return a + b\n")
    _commit(tree)
    paths = [tmp_path / f"{k}.json" for k in (1, 2, 3)]
    codes = [
        run_cli("scan", str(tree), "-q", "--scanner", "bandit", "--shard", f"{k}/3", "-o", f"json={p}", env=ENV)
        for k, p in zip((1, 2, 3), paths)
    ]
    empty = [proc for proc, p in zip(codes, paths) if not json.loads(p.read_text())["scan"]["coverage"]["paths"]]
    assert len(empty) == 1
    assert "holds no file: the 2 file(s) in scope make fewer units than 3 shards" in _error_line(empty[0])
    merged = run_cli("merge", *map(str, paths), "--format", "json")
    assert merged.returncode == 1 and json.loads(merged.stdout)["scan"]["coverage"]["files"] == 2
