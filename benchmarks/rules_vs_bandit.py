"""How long the python rule pack takes under semgrep, compared with bandit alone, on a real codebase.

Downloads a pinned sdist from PyPI (once, into a cache directory outside the repository), then runs
semgrep with the whole pack and bandit on the same list of .py files, several times, alternating
which tool goes first so that neither always meets a warm or a cold cache. Prints each run, the
medians and the ratio semgrep/bandit. Both tools run single-process by default (`--jobs 1`), since
bandit has no parallelism of its own.

    python benchmarks/rules_vs_bandit.py                        # djangorestframework 3.15.1, 5 runs each
    python benchmarks/rules_vs_bandit.py --runs 7 --max-ratio 5 # exit 1 if the ratio is above 5
    python benchmarks/rules_vs_bandit.py --profile              # + semgrep --time: costliest rules
    python benchmarks/rules_vs_bandit.py --package tornado==6.4.1

Not a test: wall-clock numbers depend on the machine and on what else it is running.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Sequence

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from gatekeeper.scanners.semgrep import semgrep_environment  # noqa: E402

DEFAULT_RULES = REPO / "rules" / "semgrep" / "python"
# ~42k lines of Django/DRF code (framework and test suite): every request-driven rule is active on
# nearly every file, so this is the pack's expensive case. tornado==6.4.1 (43k lines, no
# Flask/Django/FastAPI/aiohttp imports) shows the cheap case.
DEFAULT_PACKAGE = "djangorestframework==3.15.1"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or tempfile.gettempdir()) / "gatekeeper-bench"


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else name


def fetch_sdist(requirement: str, cache: Path) -> Path:
    """Download and unpack `name==version` once; returns the unpacked source tree."""
    name, _, version = requirement.partition("==")
    if not version:
        raise SystemExit(f"pin an exact version (name==version), not {requirement!r}")
    tree = cache / "src" / f"{name}-{version}"
    if tree.is_dir():
        return tree
    downloads = cache / "sdists"
    downloads.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
         "--dest", str(downloads), requirement],
        check=True,
    )  # fmt: skip
    archives = sorted(downloads.glob(f"{name}-{version}.tar.gz")) + sorted(
        downloads.glob(f"{name.replace('-', '_')}-{version}.tar.gz")
    )
    if not archives:
        raise SystemExit(f"pip did not leave an sdist for {requirement} in {downloads}")
    unpack = cache / "src" / f".{name}-{version}.partial"
    unpack.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archives[0]) as archive:
        if hasattr(tarfile, "data_filter"):
            archive.extractall(unpack, filter="data")
        else:  # Python without extraction filters: refuse anything that leaves the directory
            for member in archive.getmembers():
                target = (unpack / member.name).resolve()
                if not target.is_relative_to(unpack.resolve()) or member.issym() or member.islnk():
                    raise SystemExit(f"refusing to unpack {member.name} from {archives[0]}")
            archive.extractall(unpack)
    (top,) = list(unpack.iterdir())
    top.rename(tree)
    unpack.rmdir()
    return tree


def python_files(tree: Path) -> list[str]:
    return sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.py") if p.is_file())


def count_lines(tree: Path, files: Sequence[str]) -> int:
    return sum(len((tree / f).read_bytes().splitlines()) for f in files)


def semgrep_argv(rules: Path, files: Sequence[str], jobs: int, output: Path, profile: bool) -> list[str]:
    return [
        tool("semgrep"), "scan", "--config", str(rules), "--json", "--output", str(output),
        "--quiet", "--metrics=off", "--disable-version-check", "--no-git-ignore",
        "--jobs", str(jobs), "--timeout", "30", *(["--time"] if profile else []), "--", *files,
    ]  # fmt: skip


def bandit_argv(files: Sequence[str], output: Path) -> list[str]:
    return [tool("bandit"), "--quiet", "--format", "json", "--output", str(output), *files]


def timed(argv: Sequence[str], cwd: Path, env: dict[str, str], ok: Sequence[int]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise SystemExit(f"{Path(argv[0]).name} exited with {proc.returncode}: {' | '.join(tail)}")
    return elapsed


def check_semgrep_output(path: Path) -> int:
    report = json.loads(path.read_text())
    if report.get("errors"):
        first = report["errors"][0]
        raise SystemExit(f"semgrep reported {len(report['errors'])} errors, e.g. {first.get('message', first)}")
    return len(report.get("results", []))


def profile_rules(path: Path, top: int) -> list[tuple[str, float]]:
    """Total match time per rule from a `semgrep --time` report, costliest first."""
    timing = json.loads(path.read_text()).get("time", {})
    rule_ids = [r.get("id", "?") if isinstance(r, dict) else str(r) for r in timing.get("rules", [])]
    totals: dict[str, float] = defaultdict(float)
    for target in timing.get("targets", []):
        for index, seconds in enumerate(target.get("match_times", [])):
            if index < len(rule_ids) and seconds and seconds > 0:
                totals[rule_ids[index].rsplit(".", 1)[-1]] += seconds
    return sorted(totals.items(), key=lambda item: -item[1])[:top]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", default=DEFAULT_PACKAGE, help="pinned sdist, name==version")
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULES)
    parser.add_argument("--runs", type=int, default=5, help="runs of each tool (alternating)")
    parser.add_argument("--jobs", type=int, default=1, help="semgrep --jobs (bandit is single-process)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where the sdist is kept")
    parser.add_argument("--max-ratio", type=float, default=None, help="exit 1 above this ratio")
    parser.add_argument("--profile", action="store_true", help="also print the costliest rules")
    args = parser.parse_args(argv)

    tree = fetch_sdist(args.package, args.cache)
    files = python_files(tree)
    print(f"{args.package}: {len(files)} .py files, {count_lines(tree, files):,} lines  ({tree})")
    print(f"rules: {args.rules}  semgrep --jobs {args.jobs}\n", flush=True)

    semgrep_times: list[float] = []
    bandit_times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="rules-vs-bandit-") as scratch:
        state = Path(scratch)
        env = semgrep_environment(state)
        semgrep_out, bandit_out = state / "semgrep.json", state / "bandit.json"
        run_semgrep = lambda: timed(
            semgrep_argv(args.rules.resolve(), files, args.jobs, semgrep_out, False), tree, env, (0, 1)
        )  # noqa: E731
        run_bandit = lambda: timed(bandit_argv(files, bandit_out), tree, env, (0, 1))  # noqa: E731
        for run in range(args.runs):
            order = (("semgrep", run_semgrep), ("bandit", run_bandit))
            for name, runner in order if run % 2 == 0 else reversed(order):
                (semgrep_times if name == "semgrep" else bandit_times).append(runner())
            print(f"run {run + 1}: semgrep {semgrep_times[-1]:6.2f}s   bandit {bandit_times[-1]:6.2f}s", flush=True)
        findings = check_semgrep_output(semgrep_out)
        bandit_findings = len(json.loads(bandit_out.read_text()).get("results", []))
        if args.profile:
            timed(semgrep_argv(args.rules.resolve(), files, args.jobs, semgrep_out, True), tree, env, (0, 1))
            print("\ncostliest rules (semgrep --time, summed match time):")
            for rule_id, seconds in profile_rules(semgrep_out, 12):
                print(f"  {seconds:7.2f}s  {rule_id}")

    semgrep_median = statistics.median(semgrep_times)
    bandit_median = statistics.median(bandit_times)
    ratio = semgrep_median / bandit_median
    print(f"\nmedian: semgrep {semgrep_median:.2f}s ({findings} findings), "
          f"bandit {bandit_median:.2f}s ({bandit_findings} findings)")  # fmt: skip
    print(f"ratio semgrep/bandit: {ratio:.2f}")
    if args.max_ratio is not None and ratio > args.max_ratio:
        print(f"above the allowed ratio {args.max_ratio}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
