"""A scan split over N CI workers (`scan --shard K/N` + `merge`) against one scan, on real code.

    python benchmarks/shards.py [--runs 3] [--shards 4] [--corpus django==5.1.4] [--corpus example]

For each corpus (a pinned sdist from PyPI, unpacked into a cache directory as benchmarks/speed.py
does, or `example`), made a git repository so every shard records the same commit:
  one     `gatekeeper scan`, cold cache: what a single CI worker takes
  shard K `gatekeeper scan --shard K/N`, cold cache, each run alone with the whole machine, as
          each worker of a CI matrix has its own
  merge   `gatekeeper merge` of the N JSON results (the merge job)
  matrix  the slowest shard plus the merge: the wall time of the matrix and its merge job
  compute the shards' sum: what the matrix spends in all, against one scan's
Each figure is the median of --runs runs, the commands interleaved so that a noisy machine slows
all of them alike. Every run checks that the merged result equals the single scan's (findings,
controls, verdict), and exits 1 if it does not.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from speed import BIN, REPO, fetch  # noqa: E402


def timed(argv: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start, proc.returncode


def as_repository(source: Path, work: Path) -> Path:
    tree = work / source.name
    if not tree.exists():
        shutil.copytree(source, tree)
        git = ["git", "-C", str(tree), "-c", "user.email=bench@example.com", "-c", "user.name=bench"]
        subprocess.run([*git, "init", "-q"], check=True)
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-qm", "corpus"], check=True)
    return tree


def judged(path: Path) -> tuple[object, object, object]:
    report = json.loads(path.read_text(encoding="utf-8"))
    return report["findings"], report["controls"], report["verdict"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--corpus", action="append", default=[])
    parser.add_argument("--advisories", type=Path, default=REPO / "examples" / "payments-api" / "advisories")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "gatekeeper-bench")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    n = args.shards
    scan = [str(BIN / "gatekeeper"), "scan", "--quiet", "--no-cache", "--advisories", str(args.advisories)]
    scan += ["--advisories-max-age", "100000"]  # a frozen snapshot: its age is not what is measured
    failed = False
    for spec in args.corpus or ["django==5.1.4"]:
        tree = as_repository(fetch(spec, args.cache), args.cache / "repositories")
        out = Path(tempfile.mkdtemp(prefix="gatekeeper-shards-"))
        samples: dict[str, list[float]] = {}
        for _ in range(args.runs):
            one, _code = timed([*scan, str(tree), "-o", f"json={out / 'one.json'}"])
            samples.setdefault("one", []).append(one)
            shard_times = []
            for k in range(1, n + 1):
                seconds, _code = timed([*scan, str(tree), "--shard", f"{k}/{n}", "-o", f"json={out / f'{k}.json'}"])
                shard_times.append(seconds)
                samples.setdefault(f"shard {k}", []).append(seconds)
            merge, _code = timed(
                [str(BIN / "gatekeeper"), "merge", *(str(out / f"{k}.json") for k in range(1, n + 1)), "-q"]
                + ["-o", f"json={out / 'merged.json'}"]
            )
            merged = out / "merged.json"
            if not merged.exists() or judged(merged) != judged(out / "one.json"):
                print(f"{spec}: the merged result differs from the single scan's (kept in {out})", file=sys.stderr)
                failed = True
            samples.setdefault("merge", []).append(merge)
            samples.setdefault("matrix", []).append(max(shard_times) + merge)
            samples.setdefault("compute", []).append(sum(shard_times) + merge)
        files = json.loads((out / "one.json").read_text())["scan"]["coverage"]["files"]
        median = {name: statistics.median(values) for name, values in samples.items()}
        print(f"\n{spec}: {files} files, {n} shards, median of {args.runs} runs")
        for name, value in median.items():
            print(f"  {name:10} {value:7.2f} s")
        print(f"  matrix / one  {median['matrix'] / median['one']:.2f}")
        print(f"  compute / one {median['compute'] / median['one']:.2f}")
        if not failed:
            shutil.rmtree(out)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
