"""Is bandit faster in-process or as a subprocess? Median wall time of each mode, same run, same files.

    python benchmarks/bandit_modes.py [--runs 5] [TREE ...]

Default trees: the example service, and a copy of a few installed packages (click, jinja2,
yaml, rich, requests: tens of thousands of lines of real Python). Modes:
  subprocess-1   gatekeeper's BanditScanner, one bandit process
  subprocess-N   gatekeeper's BanditScanner, files split across all cores
  in-process     bandit's BanditManager called inside this interpreter (imports already paid)
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gatekeeper.rulepack import default_rules_dir  # noqa: E402
from gatekeeper.scanners import bandit as bandit_scanner  # noqa: E402
from gatekeeper.scanners.base import ScanContext  # noqa: E402
from gatekeeper.targets import discover  # noqa: E402

CORPUS_PACKAGES = ("click", "jinja2", "yaml", "rich", "requests")


def build_corpus(dest: Path) -> Path:
    for name in CORPUS_PACKAGES:
        source = Path(importlib.import_module(name).__file__).parent
        shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    return dest


def python_files(root: Path) -> list[str]:
    return [f for f in discover([root]).files if f.endswith(".py")]


def run_subprocess(root: Path, files: list[str], jobs: int) -> int:
    with tempfile.TemporaryDirectory() as work:
        context = ScanContext(
            root=root, files=tuple(files), rules_dir=default_rules_dir(), workdir=Path(work), timeout=900, jobs=jobs
        )
        return len(bandit_scanner.BanditScanner(default_rules_dir()).scan(context, files).findings)


def run_in_process(root: Path, files: list[str]) -> int:
    from bandit.core import config, manager

    cwd = os.getcwd()
    os.chdir(root)
    try:
        mgr = manager.BanditManager(config.BanditConfig(), "file", quiet=True)
        mgr.discover_files(files)
        mgr.run_tests()
        return len(mgr.get_issue_list())
    finally:
        os.chdir(cwd)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("trees", nargs="*", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        trees = args.trees or [REPO / "examples" / "payments-api", build_corpus(Path(tmp) / "corpus")]
        jobs = os.cpu_count() or 1
        run_in_process(trees[0], python_files(trees[0]))  # pay bandit's imports once, as gatekeeper would
        for tree in trees:
            files = python_files(tree)
            lines = sum(len((tree / f).read_text(errors="replace").splitlines()) for f in files)
            modes = {
                "subprocess-1": lambda: run_subprocess(tree, files, 1),
                f"subprocess-{jobs}": lambda: run_subprocess(tree, files, jobs),
                "in-process": lambda: run_in_process(tree, files),
            }
            times: dict[str, list[float]] = {m: [] for m in modes}
            counts: dict[str, int] = {}
            for _ in range(args.runs):
                for mode, fn in modes.items():  # interleaved, so drift hits every mode alike
                    start = time.perf_counter()
                    counts[mode] = fn()
                    times[mode].append(time.perf_counter() - start)
            print(f"{tree.name}: {len(files)} files, {lines} lines, {args.runs} runs")
            for mode in modes:
                print(f"  {mode:14} median {statistics.median(times[mode]):6.2f}s  findings {counts[mode]}")


if __name__ == "__main__":
    main()
