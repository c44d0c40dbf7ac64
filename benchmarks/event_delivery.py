"""What streaming OCSF events costs a scan, and how long a bad receiver can hold it up.

Scans examples/payments-api (secrets, bandit, dependencies; `--no-cache`) with no events, with
events to a real rsyslog on loopback (TCP), and with a receiver that is down, resets, or accepts and
never reads (syslog+tcp, default delivery settings: 5 s per attempt, 3 attempts). Prints each
case's median wall time, the exit code, and what was received or the warning line.

    python benchmarks/event_delivery.py [--runs N] [--advisories DIR]

Needs rsyslogd (apt-get install rsyslog) and the test extra (it uses tests/events/receivers.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.events.receivers import misbehaving, rsyslog  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--advisories", default=os.environ.get("GATEKEEPER_TEST_ADVISORIES", ""))
    args = parser.parse_args()
    env = dict(os.environ, GATEKEEPER_CACHE_DIR=tempfile.mkdtemp(prefix="gatekeeper-bench-"))
    scan = [sys.executable, "-m", "gatekeeper", "scan", str(REPO / "examples" / "payments-api"), "-q", "--no-cache"]
    scan += ["--scanner", "secrets", "--scanner", "bandit", "--scanner", "dependencies"]
    if args.advisories:
        scan += ["--advisories", args.advisories]

    def timed(extra: list[str], runs: int) -> tuple[float, subprocess.CompletedProcess[str]]:
        times = []
        for _ in range(runs):
            started = time.monotonic()
            proc = subprocess.run(scan + extra, capture_output=True, text=True, env=env)
            times.append(time.monotonic() - started)
        return statistics.median(times), proc

    seconds, proc = timed([], args.runs)
    print(f"no events              {seconds:6.2f} s  exit {proc.returncode}")
    with tempfile.TemporaryDirectory() as tmp:
        with rsyslog(Path(tmp) / "rsyslog") as receiver:
            seconds, proc = timed(["--events", f"syslog+tcp://127.0.0.1:{receiver.port}"], args.runs)
            received = len(receiver.messages(0))
        print(
            f"rsyslog (tcp)          {seconds:6.2f} s  exit {proc.returncode}  {received} events received in {args.runs} runs"
        )
    for kind in ("down", "reset", "slow"):
        with misbehaving(kind) as port:
            seconds, proc = timed(["--events", f"syslog+tcp://127.0.0.1:{port}"], 1)
        warning = next((line for line in proc.stderr.splitlines() if "warning" in line), "no warning")
        print(f"receiver {kind:<13} {seconds:6.2f} s  exit {proc.returncode}  {warning[:110]}")


if __name__ == "__main__":
    main()
