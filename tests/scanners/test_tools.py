"""run_tool: a scanner's process, bounded in time and in the output it may hand back."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import pytest

from gatekeeper.scanners import tools
from gatekeeper.scanners.base import ScannerFailure
from gatekeeper.scanners.tools import read_report, run_tool


def test_output_past_the_limit_stops_the_tool_and_names_the_limit(
    tmp_path: Path, fake_tool: Callable[[str], str]
) -> None:
    """`yes` prints forever: without a limit it fills memory until the timeout kills it."""
    started = time.monotonic()
    with pytest.raises(ScannerFailure, match=r"^semgrep wrote more than 100,000 bytes of output, .*MAX_OUTPUT_BYTES"):
        run_tool("semgrep", [fake_tool("exec yes")], timeout=60, workdir=tmp_path, max_output_bytes=100_000)
    assert time.monotonic() - started < 30, "stopped at the limit, not at the timeout"


def test_the_default_limit_applies_when_none_is_given(
    tmp_path: Path, fake_tool: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tools, "MAX_OUTPUT_BYTES", 50_000)
    with pytest.raises(ScannerFailure, match="more than 50,000 bytes"):
        run_tool("bandit", [fake_tool("head -c 200000 /dev/zero")], timeout=60, workdir=tmp_path)


def test_output_within_the_limit_comes_back_whole(tmp_path: Path, fake_tool: Callable[[str], str]) -> None:
    work = tmp_path / "work"
    work.mkdir()
    proc = run_tool(
        "tool",
        [fake_tool("head -c 100000 /dev/zero | tr '\\0' x; echo done >&2")],
        timeout=60,
        workdir=work,
        max_output_bytes=100_000,
    )
    assert proc.returncode == 0 and proc.stdout == "x" * 100_000 and proc.stderr == "done\n"
    assert list(work.iterdir()) == [], "the output file lives only as long as the run"


def test_only_the_tail_of_stderr_is_kept(tmp_path: Path, fake_tool: Callable[[str], str]) -> None:
    proc = run_tool(
        "tool",
        [fake_tool("head -c 1000000 /dev/zero >&2; echo 'the real error' >&2; exit 3")],
        timeout=60,
        workdir=tmp_path,
    )
    assert proc.returncode == 3
    assert len(proc.stderr) == tools.STDERR_TAIL_BYTES and proc.stderr.endswith("the real error\n")


def test_a_report_file_past_the_limit_is_refused_unread(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_bytes(b" " * 1001)
    with pytest.raises(ScannerFailure, match="bandit wrote more than 1,000 bytes"):
        read_report("bandit", report, max_output_bytes=1000)
    assert read_report("bandit", report, max_output_bytes=1001) == " " * 1001


@pytest.mark.slow
def test_a_timeout_still_kills_the_tool(tmp_path: Path, fake_tool: Callable[[str], str]) -> None:
    with pytest.raises(ScannerFailure, match="tool timed out after 1s"):
        run_tool("tool", [fake_tool("echo partial; exec sleep 60")], timeout=1, workdir=tmp_path)


@pytest.mark.slow
def test_a_child_holding_the_output_open_counts_against_the_timeout(
    tmp_path: Path, fake_tool: Callable[[str], str]
) -> None:
    """The tool exits but leaves a child behind with its stdout: the run ends at the timeout, the child killed."""
    started = time.monotonic()
    with pytest.raises(ScannerFailure, match="tool timed out after 2s"):
        run_tool("tool", [fake_tool("sleep 60 &\nexit 0")], timeout=2, workdir=tmp_path)
    assert time.monotonic() - started < 20
