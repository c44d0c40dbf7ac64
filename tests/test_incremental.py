from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping, Sequence

import pytest

from gatekeeper import engine
from gatekeeper.cache import ResultCache
from gatekeeper.findings import Finding, Location, Severity
from gatekeeper.incremental import IncrementalRun, cached_scan
from gatekeeper.scanners.base import ScanContext, Scanner, ScannerResult, SkippedFile
from gatekeeper.scanners.semgrep import SemgrepScanner
from gatekeeper.scanners.terraform import TerraformScanner
from tests.conftest import EXAMPLE, record_scans, run_cli


class Counting(Scanner):
    """Reports one finding per line containing 'bad'; records what it was asked to scan."""

    name = "counting"

    def __init__(self, identity: Any = "v1", per_file: bool = True, fail: bool = False) -> None:
        self.identity, self.per_file, self.fail = identity, per_file, fail
        self.calls: list[list[str]] = []

    def cache_identity(self, options: Mapping[str, Any], root: Path) -> Any | None:
        return self.identity

    def version(self) -> str:
        return "1.0"

    def handles(self, path: str) -> bool:
        return path.endswith(".py")

    def scan(self, context: ScanContext, files: Sequence[str]) -> ScannerResult:
        self.calls.append(list(files))
        findings = tuple(
            Finding("bad-line", "t", "bad", Severity.HIGH, Location(path, n), ("counting",))
            for path in files
            for n, line in enumerate((context.root / path).read_text().splitlines(), 1)
            if "bad" in line
        )
        skipped = tuple(SkippedFile(p, "counting: cannot parse") for p in files if p.startswith("broken"))
        errors = ("counting: boom",) if self.fail else ()
        return ScannerResult(
            "counting",
            "1.0",
            findings,
            errors=errors,
            skipped=skipped,
            scanned=tuple(p for p in files if not p.startswith("broken")),
        )


def run_once(root: Path, cache_dir: Path, scanner: Counting) -> ScannerResult:
    files = sorted(p.name for p in root.glob("*.py"))
    reuse = IncrementalRun(
        ResultCache(cache_dir), {"counting": scanner}, root, {"counting": files}, salt="s", options={}
    )
    todo = reuse.to_scan("counting")
    assert todo is not None
    context = ScanContext(root, tuple(files), root, root, 60)
    fresh = scanner.scan(context, todo) if todo else ScannerResult("counting", "")
    reuse.store({"counting": fresh}, lambda findings: list(findings))
    return reuse.merge("counting", fresh)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    root.mkdir()
    (root / "a.py").write_text("ok\nbad\n")
    (root / "b.py").write_text("bad\n")
    (root / "broken.py").write_text("(\n")
    return root


class EditedWhileScanned(Counting):
    """a.py is made clean as the scan starts (after the run hashed it)."""

    def scan(self, context: ScanContext, files: Sequence[str]) -> ScannerResult:
        (context.root / "a.py").write_text("ok\n")
        return super().scan(context, files)


def test_a_file_edited_while_it_is_scanned_is_not_stored(tree: Path, tmp_path: Path) -> None:
    edited = run_once(tree, tmp_path / "cache", EditedWhileScanned())
    assert "a.py" not in {f.location.path for f in edited.findings}  # the result describes the clean a.py...
    (tree / "a.py").write_text("ok\nbad\n")  # ...not the content the run had hashed
    scanner = Counting()
    again = run_once(tree, tmp_path / "cache", scanner)
    assert scanner.calls == [["a.py"]]  # the others, unchanged throughout, are reused
    assert [(f.location.path, f.location.start_line) for f in again.findings] == [("a.py", 2), ("b.py", 1)]


def test_warm_run_scans_nothing_and_gives_the_same_result(tree: Path, tmp_path: Path) -> None:
    scanner = Counting()
    cold = run_once(tree, tmp_path / "cache", scanner)
    warm = run_once(tree, tmp_path / "cache", scanner)
    assert scanner.calls == [["a.py", "b.py", "broken.py"]]
    assert warm == cold
    assert warm.skipped == (SkippedFile("broken.py", "counting: cannot parse"),)


def test_changing_one_file_rescans_only_that_file(tree: Path, tmp_path: Path) -> None:
    scanner = Counting()
    run_once(tree, tmp_path / "cache", scanner)
    (tree / "b.py").write_text("fine\nbad\nbad\n")
    result = run_once(tree, tmp_path / "cache", scanner)
    assert scanner.calls[-1] == ["b.py"]
    assert sorted((f.location.path, f.location.start_line) for f in result.findings) == [
        ("a.py", 2),
        ("b.py", 2),
        ("b.py", 3),
    ]


def test_a_new_tool_identity_rescans_everything(tree: Path, tmp_path: Path) -> None:
    run_once(tree, tmp_path / "cache", Counting("v1"))
    upgraded = Counting("v2")
    run_once(tree, tmp_path / "cache", upgraded)
    assert upgraded.calls == [["a.py", "b.py", "broken.py"]]


def test_scanner_without_identity_is_never_reused(tree: Path, tmp_path: Path) -> None:
    scanner = Counting(identity=None)
    run_once(tree, tmp_path / "cache", scanner)
    run_once(tree, tmp_path / "cache", scanner)
    assert len(scanner.calls) == 2 and not list((tmp_path / "cache").rglob("*.json"))


def test_results_with_errors_are_not_stored(tree: Path, tmp_path: Path) -> None:
    run_once(tree, tmp_path / "cache", Counting(fail=True))
    assert not list((tmp_path / "cache").rglob("*.json"))


def test_corrupt_entries_are_rebuilt_not_trusted(tree: Path, tmp_path: Path) -> None:
    scanner = Counting()
    cold = run_once(tree, tmp_path / "cache", scanner)
    for entry in (tmp_path / "cache").rglob("*.json"):
        entry.write_text(entry.read_text()[:-40])
    again = run_once(tree, tmp_path / "cache", scanner)
    assert scanner.calls[-1] == ["a.py", "b.py", "broken.py"]
    assert again == cold


@pytest.mark.slow
def test_engine_rescans_only_the_edited_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "svc"
    shutil.copytree(EXAMPLE, root)
    (root / "extra.py").write_text("import yaml\n\ndef f(t):\n    return yaml.safe_load(t)\n")
    seen = record_scans(monkeypatch, SemgrepScanner)
    request = engine.ScanRequest(paths=(root,), scanners=("semgrep", "bandit"), cache_dir=tmp_path / "cache")
    first = engine.run(request)
    (root / "extra.py").write_text("import yaml\n\ndef f(t):\n    return yaml.load(t)\n")
    second = engine.run(request)
    assert "app.py" in seen[0] and seen[1] == ["extra.py"]
    new = {f.location.path for f in second.findings} - {f.location.path for f in first.findings}
    assert new == {"extra.py"}


@pytest.mark.slow
def test_cached_and_uncached_reports_are_identical(tmp_path: Path) -> None:
    root = tmp_path / "svc"
    shutil.copytree(EXAMPLE, root)
    cache = tmp_path / "cache"
    outputs = []
    for flags in (["--no-cache"], ["--cache-dir", str(cache)], ["--cache-dir", str(cache)]):
        proc = run_cli("scan", str(root), "--format", "json", *flags)
        assert proc.returncode == 1, proc.stderr
        report = json.loads(proc.stdout)
        report["scan"]["started_at"] = report["scan"]["finished_at"] = "T"
        outputs.append(json.dumps(report, indent=2))
    assert outputs[0] == outputs[1] == outputs[2]
    assert list(cache.rglob("*.json"))


@pytest.mark.slow
def test_a_terraform_module_is_reused_until_any_file_of_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Terraform checks read a module whole, so a pre-commit scan of one file is keyed by its
    siblings too: settings moved into a sibling change the answer for the file handed over."""
    root = tmp_path / "svc"
    (root / "infra").mkdir(parents=True)
    (root / "infra" / "bucket.tf").write_text('resource "aws_s3_bucket" "reports" {\n  bucket = "r"\n}\n')
    (root / "infra" / "other.tf").write_text('resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n')
    calls = record_scans(monkeypatch, TerraformScanner)
    request = engine.ScanRequest(
        paths=(root / "infra" / "bucket.tf",), root=root, scanners=("terraform",), cache_dir=tmp_path / "cache"
    )
    checks = lambda result: sorted(f.rule_id for f in result.findings)  # noqa: E731
    cold = engine.run(request)
    assert "tf-aws-s3-no-versioning" in checks(cold)
    assert checks(engine.run(request)) == checks(cold) and len(calls) == 1
    (root / "infra" / "other.tf").write_text(
        'resource "aws_s3_bucket_versioning" "v" {\n  bucket = aws_s3_bucket.reports.id\n'
        '  versioning_configuration {\n    status = "Enabled"\n  }\n}\n'
    )
    after = engine.run(request)
    assert calls == [["infra/bucket.tf"], ["infra/bucket.tf"]]
    assert "tf-aws-s3-no-versioning" not in checks(after)


def finalise_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many findings each run's dedup, redaction and mapping stage was handed."""
    calls: list[int] = []
    original = engine._finalise

    def spy(findings: list[Finding], *args: Any, **kwargs: Any) -> list[Finding]:
        calls.append(len(findings))
        return original(findings, *args, **kwargs)

    monkeypatch.setattr(engine, "_finalise", spy)
    return calls


@pytest.mark.slow
def test_with_nothing_changed_the_finished_findings_are_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "svc"
    shutil.copytree(EXAMPLE, root)
    calls = finalise_calls(monkeypatch)
    request = engine.ScanRequest(paths=(root,), scanners=("semgrep", "bandit"), cache_dir=tmp_path / "cache")
    cold, warm = engine.run(request), engine.run(request)
    assert len(calls) == 1 and warm.findings == cold.findings
    # Anything that decides them makes the next run finish its findings afresh.
    (root / "extra.py").write_text("import yaml\n\ndef f(t):\n    return yaml.load(t)\n")
    edited = engine.run(request)
    dropped = replace(request, disabled_rules=frozenset({"python-unsafe-yaml-load"}))
    without = engine.run(dropped)
    assert len(calls) == 3
    assert "extra.py" in {f.location.path for f in edited.findings}
    assert "python-unsafe-yaml-load" not in {f.rule_id for f in without.findings}
    assert engine.run(dropped).findings == without.findings and len(calls) == 3


def test_finished_findings_are_not_kept_after_an_error_or_lost_coverage(tree: Path, tmp_path: Path) -> None:
    files = sorted(p.name for p in tree.glob("*.py"))
    findings = [Finding("bad-line", "t", "bad", Severity.HIGH, Location("a.py", 2), ("counting",))]
    outcomes = {
        "error": ScannerResult("counting", "1.0", errors=("counting: boom",)),
        "lost coverage": ScannerResult("counting", "1.0", skipped=(SkippedFile("a.py", "counting: cannot parse"),)),
        "complete": ScannerResult("counting", "1.0"),
    }
    for case, fresh in outcomes.items():
        cache = tmp_path / case
        reuse = IncrementalRun(
            ResultCache(cache), {"counting": Counting(per_file=False)}, tree, {"counting": files}, salt="s", options={}
        )
        key = reuse.finished_key()
        reuse.store_finished(key, findings, {"counting": fresh})
        stored = ResultCache(cache).get(key) if key else None
        assert (stored is not None) == (case == "complete"), case


class CountingStage:
    """The scan stage as gatekeeper/incremental.py's `cached_scan` sees it, recording each step."""

    def __init__(self, root: Path, scanner: Counting) -> None:
        self.root, self.scanners = root, {"counting": scanner}
        self.handled = {"counting": sorted(p.name for p in root.glob("*.py"))}
        self.steps: list[Any] = []

    def scan(self, todo: Mapping[str, list[str] | None], merge: object = None) -> dict[str, ScannerResult | None]:
        self.steps.append(("scan", dict(todo)))
        files = todo["counting"]
        if files is None:
            return {"counting": None}
        context = ScanContext(self.root, tuple(self.handled["counting"]), self.root, self.root, 60)
        return {"counting": self.scanners["counting"].scan(context, files) if files else ScannerResult("counting", "")}

    def complete(self, merged: Mapping[str, ScannerResult]) -> list[ScannerResult]:
        self.steps.append("complete")
        return list(merged.values())

    def finish(self, outcomes: Sequence[ScannerResult], redactor: Any) -> list[Finding]:
        self.steps.append("finish")
        return sorted((f for o in outcomes for f in o.findings), key=lambda f: f.sort_key)


@pytest.mark.parametrize("per_file", [True, False])
def test_cached_scan_runs_the_stage_once_and_reuses_every_step_it_can(
    tree: Path, tmp_path: Path, per_file: bool
) -> None:
    scanner = Counting(per_file=per_file)
    runs = [CountingStage(tree, scanner) for _ in range(3)]
    cache = ResultCache(tmp_path / "cache")
    scanned = [cached_scan(stage, cache, salt="s", options={}, settings=("x",)) for stage in runs]
    everything = ["a.py", "b.py", "broken.py"]
    assert runs[0].steps == [("scan", {"counting": everything}), "complete", "finish"]
    # broken.py's result lost coverage: a whole-scanner result is then not kept, a per-file one is.
    assert runs[1].steps == (
        [("scan", {"counting": []}), "complete"]
        if per_file
        else [("scan", {"counting": everything}), "complete", "finish"]
    )
    assert scanned[0].findings == scanned[1].findings == scanned[2].findings
    assert [f.location.path for f in scanned[0].findings] == ["a.py", "b.py"]
    assert scanner.calls == [everything] * (1 if per_file else 3)


def test_cached_scan_without_a_cache_runs_every_step_every_time(tree: Path) -> None:
    scanner = Counting()
    for _ in range(2):
        stage = CountingStage(tree, scanner)
        result = cached_scan(stage, None, salt="s", options={}, settings=())
        assert stage.steps == [("scan", {"counting": ["a.py", "b.py", "broken.py"]}), "complete", "finish"]
        assert result.outcomes[0].skipped == (SkippedFile("broken.py", "counting: cannot parse"),)


def test_cached_scan_finishes_afresh_when_a_setting_changes(tree: Path, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    stages = [CountingStage(tree, Counting()) for _ in range(3)]
    for stage, settings in zip(stages, [("a",), ("b",), ("b",)]):
        cached_scan(stage, cache, salt="s", options={}, settings=settings)
    assert [("finish" in s.steps) for s in stages] == [True, True, False]
