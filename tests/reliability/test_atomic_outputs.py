"""Outputs are atomic and deterministic.

Atomic: a report (or cache entry) is the earlier file or the new one, never half of one, whatever
stops the writer: an error or an interruption mid-write (the temporary file is removed), SIGTERM
(a cancelled CI job: handled like Ctrl-C, the temporary file removed, exit 2), or SIGKILL at the
worst moment, between writing and renaming (nothing runs after SIGKILL: the earlier report is
intact, and the only trace is a hidden `.NAME.*.tmp` file beside it, see docs/security.md).

Deterministic: the same tree scanned again gives byte-identical output in every format once the
clock is fixed (so timestamps, and what derives from them, are the only difference), whether the
results are fresh or come from the cache.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import threading
from pathlib import Path

import pytest

from gatekeeper import cli
from gatekeeper.atomic import write_atomically
from gatekeeper.cache import ResultCache
from gatekeeper.reports import FORMATS
from tests.advisories.helpers import OSV_FIXTURE
from tests.conftest import VULNERABLE_PY
from tests.reliability.helpers import SECRET_RULE, error_line, gate, plant_evidence

EARLIER = '{"an": "earlier report"}\n'
BIG = "x" * 3_000_000


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".entry-"))


# --- the writers, stopped mid-write ------------------------------------------------------------------


@pytest.mark.parametrize(
    "death",
    [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt(), cli.Terminated()],
    ids=["disk-full", "ctrl-c", "sigterm"],
)
def test_a_report_writer_stopped_mid_write_leaves_the_earlier_report(
    death: BaseException, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text(EARLIER)
    real_fsync = os.fsync

    def dies(fd: int) -> None:
        assert os.fstat(fd).st_size == len(BIG)  # the new content is on its way, in the temporary file
        raise death

    monkeypatch.setattr(os, "fsync", dies)
    with pytest.raises(type(death)):
        write_atomically(target, BIG)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert target.read_text() == EARLIER
    assert leftovers(tmp_path) == []


def test_a_cache_entry_writer_stopped_mid_write_leaves_no_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ResultCache(tmp_path)
    real_replace = os.replace

    def dies(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", dies)
    with pytest.raises(KeyboardInterrupt):
        cache.put("ab" * 32, {"findings": ["x" * 100_000]})
    monkeypatch.setattr(os, "replace", real_replace)
    assert cache.get("ab" * 32) is None
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_reports_get_the_permissions_a_plain_file_would(tmp_path: Path) -> None:
    """Not mkstemp's 0600: a report written by one user (a container's root) is published by another."""
    previous = os.umask(0o022)
    try:
        write_atomically(tmp_path / "report.json", "{}\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "report.json").stat().st_mode) == 0o644


def test_a_report_into_a_pipe_is_streamed_not_replaced(tmp_path: Path) -> None:
    """`-o json=/dev/stdout` or a named pipe: the report goes into it; the pipe (or, as root, the
    device node) is not replaced by a regular file."""
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomically(fifo, '{"streamed": true}\n')
    reader.join()
    assert received == [b'{"streamed": true}\n']
    assert stat.S_ISFIFO(fifo.lstat().st_mode)

    device = tmp_path / "null.json"
    device.symlink_to(os.devnull)
    write_atomically(device, "{}\n")
    assert device.is_symlink() and os.readlink(device) == os.devnull


# --- the CLI, stopped by a signal while it writes ----------------------------------------------------


def at_report_rename(action: str) -> str:
    """A prelude: when the CLI renames its finished report into place, `action` happens first."""
    return (
        "import os, signal\n"
        "_replace = os.replace\n"
        "def replace(src, dst, *a, **k):\n"
        "    if str(dst).endswith('report.json'):\n"
        f"        {action}\n"
        "    return _replace(src, dst, *a, **k)\n"
        "os.replace = replace\n"
    )


def test_sigterm_while_writing_a_report_leaves_the_earlier_one_and_no_temporary_file(tmp_path: Path) -> None:
    project = plant_evidence(tmp_path / "project")
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text(EARLIER)
    proc = gate(
        "scan",
        str(project),
        "--scanner",
        "secrets",
        "-o",
        f"json={out / 'report.json'}",
        prelude=at_report_rename("os.kill(os.getpid(), signal.SIGTERM)"),
    )
    assert proc.returncode == 2
    error_line(proc, "terminated (SIGTERM)")
    assert (out / "report.json").read_text() == EARLIER
    assert leftovers(out) == []


def test_sigkill_between_writing_and_renaming_leaves_the_earlier_report_whole(tmp_path: Path) -> None:
    project = plant_evidence(tmp_path / "project")
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text(EARLIER)
    proc = gate(
        "scan",
        str(project),
        "--scanner",
        "secrets",
        "-o",
        f"json={out / 'report.json'}",
        prelude=at_report_rename("os.kill(os.getpid(), signal.SIGKILL)"),
    )
    assert proc.returncode == -signal.SIGKILL
    assert (out / "report.json").read_text() == EARLIER
    # Nothing runs after SIGKILL: the finished new report stays in its hidden temporary file.
    (temp,) = leftovers(out)
    assert temp.startswith(".report.json.") and json.loads((out / temp).read_text())["findings"]


def test_a_scan_killed_while_caching_leaves_a_cache_that_gives_the_same_verdict(tmp_path: Path) -> None:
    project = plant_evidence(tmp_path / "project")
    (project / "export.py").write_text(VULNERABLE_PY)
    cache = tmp_path / "cache"
    args = (
        "scan",
        str(project),
        "--scanner",
        "bandit",
        "--scanner",
        "secrets",
        "--format",
        "json",
        "--cache-dir",
        str(cache),
    )
    killer = (
        "import os, signal\n_replace = os.replace\n_count = [0]\n"
        "def replace(src, dst, *a, **k):\n"
        "    if '/results-v' in str(dst):\n"
        "        _count[0] += 1\n"
        "        if _count[0] == 2:\n"
        "            os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return _replace(src, dst, *a, **k)\n"
        "os.replace = replace\n"
    )
    assert gate(*args, prelude=killer).returncode == -signal.SIGKILL
    after_kill = gate(*args)
    fresh = gate(*args[:-2], "--no-cache")
    assert after_kill.returncode == fresh.returncode == 1
    strip = lambda text: {k: v for k, v in json.loads(text).items() if k != "scan"}  # noqa: E731
    assert strip(after_kill.stdout) == strip(fresh.stdout)


# --- determinism -------------------------------------------------------------------------------------

FROZEN_CLOCK = {"SOURCE_DATE_EPOCH": "1767323045"}  # 2026-01-02T03:04:05Z


def project_for_every_scanner(root: Path) -> Path:
    plant_evidence(root)
    (root / "export.py").write_text(VULNERABLE_PY)
    (root / "main.tf").write_text('resource "aws_s3_bucket" "receipts" {\n  bucket = "receipts"\n}\n')
    (root / "Dockerfile").write_text("FROM python:latest\nRUN curl -s https://get.example/x | sh\n")
    return root


def scan_all_formats(project: Path, out: Path, *extra: str) -> dict[str, bytes]:
    args = ["scan", str(project), "--advisories", str(OSV_FIXTURE), *extra]
    for name in FORMATS:
        args += ["-o", f"{name}={out}/report.{name}"]
    proc = gate(*args, env=FROZEN_CLOCK)
    assert proc.returncode == 1, proc.stderr
    found = {name: (out / f"report.{name}").read_bytes() for name in FORMATS}
    found["stdout"] = proc.stdout.encode()
    return found


def test_the_same_tree_gives_the_same_bytes_in_every_format_fresh_or_cached(tmp_path: Path) -> None:
    project = project_for_every_scanner(tmp_path / "project")
    cache = tmp_path / "cache"
    fresh = scan_all_formats(project, tmp_path / "a", "--no-cache")
    filling = scan_all_formats(project, tmp_path / "b", "--cache-dir", str(cache))
    reused = scan_all_formats(project, tmp_path / "c", "--cache-dir", str(cache))
    report = json.loads(fresh["json"])
    assert {s["name"] for s in report["scan"]["scanners"]} == {
        "bandit",
        "cloudformation",
        "dependencies",
        "kubernetes",
        "render",
        "secrets",
        "semgrep",
        "taint",
        "terraform",
    }
    assert SECRET_RULE in {f["rule_id"] for f in report["findings"]}
    for name in fresh:
        assert filling[name] == fresh[name], f"{name}: a second fresh run differs"
        assert reused[name] == fresh[name], f"{name}: the run from the cache differs"


def test_without_a_fixed_clock_only_the_timestamps_differ(tmp_path: Path) -> None:
    project = plant_evidence(tmp_path / "project")
    runs = []
    for _run in ("one", "two"):
        proc = gate(
            "scan",
            str(project),
            "--scanner",
            "secrets",
            "--scanner",
            "dependencies",
            "--advisories",
            str(OSV_FIXTURE),
            "--format",
            "json",
            "--no-cache",
        )
        assert proc.returncode == 1, proc.stderr
        report = json.loads(proc.stdout)
        for key in ("started_at", "finished_at"):
            assert report["scan"].pop(key)
        runs.append(report)
    assert runs[0] == runs[1]


def test_source_date_epoch_fixes_the_scan_time_and_a_bad_one_is_one_error_line(tmp_path: Path) -> None:
    project = plant_evidence(tmp_path / "project")
    args = ("scan", str(project), "--scanner", "secrets", "--format", "json", "--no-cache")
    report = json.loads(gate(*args, env=FROZEN_CLOCK).stdout)
    assert report["scan"]["started_at"] == report["scan"]["finished_at"] == "2026-01-02T03:04:05Z"
    bad = gate(*args, env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert bad.returncode == 2
    assert bad.stderr.strip() == (
        "gatekeeper: error: SOURCE_DATE_EPOCH='yesterday' is not a number of seconds since 1970-01-01 UTC"
    )
