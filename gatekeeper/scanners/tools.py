"""Running a scanner's external tool (semgrep, bandit, helm, kustomize): found where gatekeeper
installed it, bounded in time and in the output it may hand back, its whole process group
stopped on timeout or interrupt."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Mapping, Sequence

from gatekeeper.scanners.base import ScannerFailure


def executable_identity(name: str) -> str:
    """Cheap identity of an installed tool (no process started): its path, size and mtime."""
    path = find_executable(name)
    info = os.stat(path)
    return f"{path}:{info.st_size}:{info.st_mtime_ns}"


def find_executable(name: str) -> str:
    """Locate a tool: `GATEKEEPER_<NAME>` overrides, then the interpreter's own bin directory
    (the pinned version installed with gatekeeper), then PATH."""
    override = os.environ.get(f"GATEKEEPER_{name.upper().replace('-', '_')}")
    if override:
        if not os.access(override, os.X_OK) or os.path.isdir(override):
            raise ScannerFailure(f"{name} not found at {override} (from GATEKEEPER_{name.upper()})")
        return override
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which(name, path=search)
    if not found:
        raise ScannerFailure(f"{name} is not installed (not found next to {sys.executable} or on PATH)")
    return found


MAX_OUTPUT_BYTES = 256 * 1024 * 1024
"""The most a scanner may write as its report (stdout, or its report file): room for a large real
report, well below what would exhaust a CI runner's memory once parsed. Past it the scanner is
stopped and fails, naming this limit (docs/security.md, "Scanner processes")."""
STDERR_TAIL_BYTES = 64 * 1024
"""How much of a scanner's stderr is kept, from the end: errors name its last line."""
_CHUNK = 1024 * 1024
_DRAIN_GRACE = 5.0
"""Seconds to let a killed process's pipes close before its output file is closed."""


def run_tool(
    name: str,
    argv: Sequence[str],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    workdir: Path | None = None,
    max_output_bytes: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a scanner's process; every way it can fail becomes a ScannerFailure naming the cause.

    stdout streams into a file in `workdir` (never a pipe buffered in memory: a 2 GB report took
    7.5 GB of memory that way) and stops at `max_output_bytes` (default MAX_OUTPUT_BYTES); only
    the tail of stderr is kept."""
    limit = MAX_OUTPUT_BYTES if max_output_bytes is None else max_output_bytes
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryFile(prefix=f"{name}-stdout-", dir=workdir) as sink:
        proc = _start(name, argv, env, cwd)
        with _RUNNING_LOCK:
            _RUNNING.add(proc)
        stdout = _Drain(proc, proc.stdout, sink, limit)
        stderr = _Drain(proc, proc.stderr, None, STDERR_TAIL_BYTES)
        try:
            returncode = _wait(proc, deadline, (stdout, stderr))
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            for drain in (stdout, stderr):
                drain.thread.join(_DRAIN_GRACE)
            raise ScannerFailure(f"{name} timed out after {timeout:g}s") from None
        finally:
            with _RUNNING_LOCK:
                _RUNNING.discard(proc)
        if stdout.overflowed:
            raise ScannerFailure(output_too_large(name, limit))
        if returncode < 0:
            raise ScannerFailure(f"{name} was killed by {_signal_name(-returncode)}")
        sink.seek(0)
        text = sink.read().decode("utf-8", errors="replace")
    return subprocess.CompletedProcess(list(argv), returncode, text, stderr.text())


def read_report(name: str, path: Path, max_output_bytes: int | None = None) -> str:
    """A report a scanner wrote to a file, under the same limit as its stdout (OSError if absent)."""
    limit = MAX_OUTPUT_BYTES if max_output_bytes is None else max_output_bytes
    if path.stat().st_size > limit:
        raise ScannerFailure(output_too_large(name, limit))
    return path.read_text(encoding="utf-8", errors="replace")


def output_too_large(name: str, limit: int) -> str:
    return (
        f"{name} wrote more than {limit:,} bytes of output, gatekeeper's limit on a scanner's report "
        "(MAX_OUTPUT_BYTES): stopped it; scan the tree in parts or exclude generated code"
    )


def _start(name: str, argv: Sequence[str], env: Mapping[str, str] | None, cwd: Path | None) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            list(argv),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            start_new_session=True,  # so a timeout can kill the tool's own children too
        )
    except OSError as exc:
        raise ScannerFailure(f"{name} could not be started: {exc.strerror or exc}") from None


class _Drain:
    """Reads one of a process's pipes to its end in a thread of its own: into `sink` up to `limit`
    bytes (past it: the process group is killed, `overflowed` set), or, without a sink, keeping
    only the last `limit` bytes."""

    def __init__(
        self, proc: subprocess.Popen[bytes], stream: IO[bytes] | None, sink: IO[bytes] | None, limit: int
    ) -> None:
        self.proc, self.sink, self.limit = proc, sink, limit
        self.overflowed = False
        self.tail = bytearray()
        self.thread = threading.Thread(target=self._run, args=(stream,), daemon=True)
        self.thread.start()

    def _run(self, stream: IO[bytes] | None) -> None:
        if stream is None:
            return
        try:
            self._copy(stream)
        except (OSError, ValueError):  # the sink was closed under a process that outlived its timeout
            pass
        finally:
            stream.close()

    def _copy(self, stream: IO[bytes]) -> None:
        written = 0
        while chunk := stream.read1(_CHUNK):  # type: ignore[attr-defined]
            if self.sink is None:
                self.tail += chunk
                del self.tail[: max(0, len(self.tail) - self.limit)]
                continue
            written += len(chunk)
            if written > self.limit:
                self.overflowed = True
                _signal_group(self.proc)
                return
            self.sink.write(chunk)

    def text(self) -> str:
        return self.tail.decode("utf-8", errors="replace")


def _wait(proc: subprocess.Popen[bytes], deadline: float, drains: Sequence[_Drain]) -> int:
    """The exit code, once the process has exited and its pipes are read to the end (a child it
    left behind holding them open counts against the same timeout)."""
    returncode = proc.wait(timeout=max(0.0, deadline - time.monotonic()))
    for drain in drains:
        drain.thread.join(max(0.0, deadline - time.monotonic()))
        if drain.thread.is_alive():
            raise subprocess.TimeoutExpired(proc.args, 0)
    return returncode


# Scanner processes run in sessions of their own (so a timeout kills their children too), which
# also shields them from the Ctrl-C or SIGTERM that stops gatekeeper: an interrupted scan kills
# them itself (stop_running_tools) instead of leaving them running, or waiting for them.
_RUNNING: set[subprocess.Popen[bytes]] = set()
_RUNNING_LOCK = threading.Lock()


def stop_running_tools() -> None:
    """Kill every scanner process (and its children) still running in this process."""
    with _RUNNING_LOCK:
        running = list(_RUNNING)
    for proc in running:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "(no output)"


def _signal_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    _signal_group(proc)
    proc.wait()


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


# Well below Linux's limit on one command line (ARG_MAX, minus the environment).
_MAX_ARGUMENT_BYTES = 100_000


def argument_batches(files: Sequence[str]) -> list[list[str]]:
    """Split a file list into command lines that fit; a huge tree becomes several runs, not an error."""
    batches: list[list[str]] = [[]]
    size = 0
    for path in files:
        cost = len(path.encode()) + 1
        if batches[-1] and size + cost > _MAX_ARGUMENT_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(path)
        size += cost
    return batches
