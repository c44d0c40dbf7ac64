"""The engine's progress events: each scanner's start and finish, in that order, with its files."""

from __future__ import annotations

from pathlib import Path

from gatekeeper import engine
from gatekeeper.progress import Event, Stage


def test_each_scanner_reports_its_start_then_its_finish(vulnerable_tree: Path) -> None:
    events: list[Event] = []
    request = engine.ScanRequest(paths=(vulnerable_tree,), scanners=("bandit", "secrets"))
    result = engine.run(request, progress=events.append)
    assert events[0] == Event(Stage.PLANNED, files=1, scanners=("bandit", "secrets"))
    for name in ("bandit", "secrets"):
        own = [e for e in events if e.scanner == name]
        assert [e.stage for e in own] == [Stage.RUNNING, Stage.FINISHED]
        assert own[0].files == 1
        outcome = next(o for o in result.scanners if o.scanner == name)
        assert own[1].failed == bool(outcome.errors)
    bandit_finished = next(e for e in events if e.scanner == "bandit" and e.stage is Stage.FINISHED)
    assert bandit_finished.findings >= 1  # the shell=True call


def test_a_scanner_whose_files_did_not_change_is_reported_reused(vulnerable_tree: Path, tmp_path: Path) -> None:
    request = engine.ScanRequest(paths=(vulnerable_tree,), scanners=("bandit",), cache_dir=tmp_path / "cache")
    engine.run(request)
    events: list[Event] = []
    engine.run(request, progress=events.append)
    assert [e.stage for e in events if e.scanner == "bandit"] == [Stage.REUSED]


def test_event_text_is_one_plain_line() -> None:
    assert Event(Stage.PLANNED, files=1, scanners=("a", "b")).text == "scanning 1 file with a, b"
    assert Event(Stage.RUNNING, "semgrep", files=12).text == "semgrep: running on 12 files"
    assert Event(Stage.FINISHED, "bandit", findings=3, failed=True).text == "bandit: finished, 3 findings (errors)"
    assert Event(Stage.REUSED, "bandit").text == "bandit: unchanged, results reused"
