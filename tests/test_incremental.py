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
from gatekeeper.incremental import IncrementalRun
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
        return ScannerResult("counting", "1.0", findings, errors=errors, skipped=skipped,
                             scanned=tuple(p for p in files if not p.startswith("broken")))


def run_once(root: Path, cache_dir: Path, scanner: Counting) -> ScannerResult:
    files = sorted(p.name for p in root.glob("*.py"))
    reuse = IncrementalRun(ResultCache(cache_dir), {"counting": scanner}, root, {"counting": files}, salt="s", options={})
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
        ("a.py", 2), ("b.py", 2), ("b.py", 3)
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


def test_a_terraform_module_is_reused_until_any_file_of_it_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Terraform checks read a module whole, so a pre-commit scan of one file is keyed by its
    siblings too: settings moved into a sibling change the answer for the file handed over."""
    root = tmp_path / "svc"
    (root / "infra").mkdir(parents=True)
    (root / "infra" / "bucket.tf").write_text('resource "aws_s3_bucket" "reports" {\n  bucket = "r"\n}\n')
    (root / "infra" / "other.tf").write_text('resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n')
    calls = record_scans(monkeypatch, TerraformScanner)
    request = engine.ScanRequest(paths=(root / "infra" / "bucket.tf",), root=root, scanners=("terraform",),
                                 cache_dir=tmp_path / "cache")
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
        reuse = IncrementalRun(ResultCache(cache), {"counting": Counting(per_file=False)}, tree, {"counting": files},
                               salt="s", options={})
        key = reuse.finished_key()
        reuse.store_finished(key, findings, {"counting": fresh})
        stored = ResultCache(cache).get(key) if key else None
        assert (stored is not None) == (case == "complete"), case
