"""How long each semgrep rule of the pack takes on real Python web applications.

Downloads pinned source distributions of real applications (not libraries) from PyPI, runs the
whole pack over each in one semgrep process with `--time`, and prints every rule's total match
time, the slowest (rule, file) pairs and every rule that timed out. A rule far slower than the
others (`--factor` times the median rule, and above `--floor` seconds) is flagged, as is any
timeout: both exit 1.

    python benchmarks/rule_speed.py                      # the pinned corpora, top 15 rules
    python benchmarks/rule_speed.py --corpus isso==0.14.0:flask --top 30 --json

Downloads are kept under --cache (default: the system's temporary directory), so a second run
only scans. Exit status: 0 no rule flagged, 1 some rule slow or timed out, 2 the run failed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from gatekeeper.rulepack import RulePack  # noqa: E402 (the checkout measured, before any installed copy)
from gatekeeper.scanners.semgrep import CLI_FLAGS, DEFAULT_CLI, semgrep_environment  # noqa: E402

# name==version:framework. Applications, each with its own views/routes and templates.
CORPORA = (
    "archivy==1.7.7:flask",
    "changedetection.io==0.60.10:flask",
    "lnbits==1.6.2:fastapi",
    "hyperkitty==1.3.12:django",
    "postorius==1.3.13:django",
)
DEFAULT_FACTOR = 10.0
DEFAULT_FLOOR = 1.0
# Generous on purpose: the benchmark wants to see how slow a slow rule is, not cut it short.
DEFAULT_RULE_TIMEOUT = 120


@dataclass
class Timing:
    """Match time per rule and per (rule, file), summed over every corpus scanned."""

    rules: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    pairs: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    timeouts: list[tuple[str, str]] = field(default_factory=list)
    taint: set[str] = field(default_factory=set)
    """The taint rules: the yardstick of slow_rules."""
    files: set[str] = field(default_factory=set)
    seconds: float = 0.0

    def add(self, report: Mapping[str, Any], corpus: str, normalise: Any) -> None:
        section = report.get("time") or {}
        names = [normalise(r) for r in section.get("rules", [])]
        for name in names:
            self.rules.setdefault(name, 0.0)
        for target in section.get("targets", []):
            path = f"{corpus}/{_relative(str(target.get('path', '')), corpus)}"
            self.files.add(path)
            for index, seconds in enumerate(target.get("match_times") or []):
                if index < len(names) and seconds > 0:
                    self.rules[names[index]] += seconds
                    self.pairs[(names[index], path)] += seconds
        for error in report.get("errors", []):
            if error.get("type") == "Timeout" or (isinstance(error.get("type"), list) and "Timeout" in error["type"]):
                where = f"{corpus}/{_relative(str(error.get('path', '')), corpus)}"
                self.timeouts.append((normalise(str(error.get("rule_id", "?"))), where))


def slow_rules(
    times: Mapping[str, float], factor: float, floor: float, yardstick: Iterable[str] | None = None
) -> list[str]:
    """Rules whose time is above `factor` times the median of the `yardstick` rules (default: all)
    that did any work, and above `floor` seconds: a bound relative to the pack, so a slower
    machine slows every rule alike. The yardstick is the taint rules: they do the real work on
    application code, while most pattern rules are skipped by their prefilter and cost ~nothing,
    which would put the median of the whole pack far below any rule that analyses a file."""
    chosen = set(times) if yardstick is None else set(yardstick)
    busy = sorted(t for rule, t in times.items() if t > 0 and rule in chosen)
    if not busy:
        return []
    median = statistics.median(busy)
    return sorted(rule for rule, t in times.items() if t > floor and t > factor * median)


def fetch(spec: str, cache: Path) -> Path:
    """The unpacked sdist of `name==version`, downloaded once into `cache`."""
    name, _, version = spec.partition("==")
    if not version:
        raise SystemExit(f"rule_speed: pin every corpus (name==version), not {spec!r}")
    target = cache / f"{name}-{version}"
    if target.is_dir():
        return target
    download = cache / "sdists" / f"{name}-{version}"
    download.mkdir(parents=True, exist_ok=True)
    if not any(download.iterdir()):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
             "--dest", str(download), spec],
            check=True,
        )  # fmt: skip
    archive = next(iter(sorted(download.iterdir())))
    scratch = Path(tempfile.mkdtemp(dir=cache, prefix=".unpack-"))
    with tarfile.open(archive) as tar:
        tar.extractall(scratch, filter="data")
    tops = list(scratch.iterdir())
    (tops[0] if len(tops) == 1 else scratch).rename(target)
    return target


def scan(tree: Path, config: Path, state: Path, rule_timeout: int) -> dict[str, Any]:
    argv = [
        str(Path(sys.executable).parent / "semgrep"), "scan", *CLI_FLAGS[DEFAULT_CLI],
        "--config", str(config), "--json", "--quiet", "--time", "--metrics=off",
        "--disable-version-check", "--no-git-ignore", "--jobs", "1",
        "--timeout", str(rule_timeout), "--timeout-threshold", "0", ".",
    ]  # fmt: skip
    proc = subprocess.run(argv, cwd=tree, env=semgrep_environment(state), capture_output=True, text=True, check=False)
    try:
        report: dict[str, Any] = json.loads(proc.stdout)
    except json.JSONDecodeError:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["(no output)"]
        raise SystemExit(f"rule_speed: semgrep exited with code {proc.returncode} on {tree}: {tail[0]}") from None
    return report


def measure(
    corpora: Sequence[str], cache: Path, rule_timeout: int = DEFAULT_RULE_TIMEOUT, rules: Path = REPO / "rules"
) -> Timing:
    pack = RulePack(rules)
    timing = Timing(taint={str(r["id"]) for r in pack.semgrep_rules if r.get("mode") == "taint"})
    with tempfile.TemporaryDirectory(prefix="rule-speed-") as scratch:
        config = Path(scratch) / "pack.yaml"
        config.write_text(pack.merged_config, encoding="utf-8")
        for spec in corpora:
            name = spec.split(":")[0]
            tree = fetch(name, cache)
            started = time.monotonic()
            report = scan(tree, config, Path(scratch), rule_timeout)
            timing.seconds += time.monotonic() - started
            timing.add(report, tree.name, pack.normalise_rule_id)
    return timing


def format_report(timing: Timing, top: int, factor: float, floor: float) -> str:
    slow = set(slow_rules(timing.rules, factor, floor, timing.taint or None))
    busy = [t for rule, t in timing.rules.items() if t > 0 and (rule in timing.taint or not timing.taint)]
    median = statistics.median(busy) if busy else 0.0
    lines = [
        (
            f"{len(timing.files)} files, {len(timing.rules)} rules, semgrep wall time {timing.seconds:.1f} s, "
            f"median taint rule {median:.3f} s; slow: over {factor:g}x that and {floor:g} s"
        ),
        "",
        f"{'rule':<48} {'match time':>10}",
    ]
    for rule, seconds in sorted(timing.rules.items(), key=lambda item: (-item[1], item[0]))[:top]:
        lines.append(f"{rule:<48} {seconds:>9.3f}s{'  SLOW' if rule in slow else ''}")
    lines += ["", "slowest (rule, file) pairs:"]
    for (rule, path), seconds in sorted(timing.pairs.items(), key=lambda item: (-item[1], item[0]))[:top]:
        lines.append(f"  {seconds:7.3f}s  {rule}  {path}")
    for rule, path in timing.timeouts:
        lines.append(f"TIMEOUT {rule} on {path}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--corpus", action="append", help="name==version[:framework] (repeatable)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "gatekeeper-rule-speed")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--factor", type=float, default=DEFAULT_FACTOR)
    parser.add_argument("--floor", type=float, default=DEFAULT_FLOOR)
    parser.add_argument("--rule-timeout", type=int, default=DEFAULT_RULE_TIMEOUT)
    parser.add_argument("--rules", type=Path, default=REPO / "rules", help="a rules/ tree (e.g. an older one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    timing = measure(args.corpus or CORPORA, args.cache, args.rule_timeout, args.rules)
    slow = slow_rules(timing.rules, args.factor, args.floor, timing.taint or None)
    if args.json:
        print(json.dumps({
            "files": len(timing.files), "seconds": round(timing.seconds, 3),
            "rules": {r: round(t, 4) for r, t in sorted(timing.rules.items())},
            "slowest_pairs": [{"rule": r, "file": p, "seconds": round(t, 4)} for (r, p), t in
                              sorted(timing.pairs.items(), key=lambda item: -item[1])[:args.top]],
            "timeouts": [{"rule": r, "file": p} for r, p in timing.timeouts], "slow": slow,
        }, indent=2))  # fmt: skip
    else:
        print(format_report(timing, args.top, args.factor, args.floor))
    return 1 if slow or timing.timeouts else 0


def _relative(path: str, corpus: str) -> str:
    marker = f"/{corpus}/"
    return path.split(marker, 1)[1] if marker in path else path.removeprefix("./")


if __name__ == "__main__":
    sys.exit(main())
