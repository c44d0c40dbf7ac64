"""Gate-level quality on the held-apart cases (benchmarks/holdout/README.md): for each weakness
class, how many labelled lines the gate REPORTS and how many it BLOCKS under the default policy.

Each case directory (`holdout/python/<class>/<case>`) is scanned on its own by
`gatekeeper scan --scanner semgrep --scanner bandit --scanner taint --format json`. A `# ruleid: CLASS` line is a
true positive when a finding covers it, else a false negative; an `# ok: CLASS` line is a false
positive when a finding covers it, else a true negative. Scores per class: precision, recall (TPR),
FPR and TPR - FPR; the mean over classes is the scorecard's figure.

Used by rule_quality.py (--holdout); `--source DIR` scores another checkout of gatekeeper (its
code and its rules), e.g. the commit before a change, for before/after figures.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_HOLDOUT = REPO / "benchmarks" / "holdout" / "python"
_LABEL = re.compile(r"(?:#|//)\s?(ruleid|ok):\s*([a-z][a-z0-9-]*)\s*$")
# The source files labels are read from, per language directory (holdout/<language>/...).
SOURCE_SUFFIXES = (".py", ".java", ".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".go", ".jsp", ".html")


@dataclass(frozen=True)
class Label:
    path: str
    """Relative to the holdout root."""
    line: int
    cls: str
    positive: bool


@dataclass
class Rates:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def tpr(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def fpr(self) -> float | None:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else None

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def score(self) -> float | None:
        """TPR - FPR; a class with no safe cases scores its TPR, one with no vulnerable cases -FPR."""
        if self.tpr is None and self.fpr is None:
            return None
        return (self.tpr or 0.0) - (self.fpr or 0.0)


@dataclass
class HoldoutReport:
    reported: dict[str, Rates] = field(default_factory=lambda: defaultdict(Rates))
    blocking: dict[str, Rates] = field(default_factory=lambda: defaultdict(Rates))
    mistakes: list[str] = field(default_factory=list)

    @staticmethod
    def mean(rates: Mapping[str, Rates], attr: str) -> float | None:
        values = [getattr(r, attr) for r in rates.values() if getattr(r, attr) is not None]
        return sum(values) / len(values) if values else None


class HoldoutError(Exception):
    """A case could not be scanned (gatekeeper failed or gave no report)."""


def labels(root: Path) -> list[Label]:
    found = []
    for path in sorted(p for p in root.rglob("*") if p.suffix in SOURCE_SUFFIXES and p.is_file()):
        for index, text in enumerate(path.read_text(encoding="utf-8").splitlines()):
            match = _LABEL.search(text)
            if match:
                # Alone on its line, a label names the next line (semgrep --test's way); after code, its own.
                line = index + 1 if text[: match.start()].strip() else index + 2
                found.append(Label(path.relative_to(root).as_posix(), line, match.group(2), match.group(1) == "ruleid"))
    return found


def cases(root: Path) -> list[Path]:
    """Every case directory: <class>/<case> under the holdout root."""
    return sorted(case for cls in root.iterdir() if cls.is_dir() for case in cls.iterdir() if case.is_dir())


def scan_case(case: Path, source: Path, state: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEKEEPER_")}
    env.update(GATEKEEPER_CACHE_DIR=str(state / "cache"), XDG_CONFIG_HOME=str(state / "config"), PYTHONPATH=str(source))
    # The SAST scanners of the tree measured: an older tree (--source) may predate the taint scanner.
    sast = ["semgrep", "bandit"] + (["taint"] if (source / "gatekeeper" / "scanners" / "taint.py").is_file() else [])
    argv = [
        sys.executable,
        "-m",
        "gatekeeper",
        "scan",
        str(case),
        *(f"--scanner={s}" for s in sast),
        "--format",
        "json",
        "--no-cache",
    ]
    proc = subprocess.run(argv, cwd=source, env=env, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1) or not proc.stdout:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["(no output)"]
        raise HoldoutError(f"{case}: gatekeeper exited {proc.returncode}: {tail[0]}")
    report: dict[str, Any] = json.loads(proc.stdout)
    return report


def score(all_labels: Iterable[Label], findings: Mapping[str, list[tuple[int, int, bool, str]]]) -> HoldoutReport:
    """`findings`: per holdout-relative path, (start, end, blocking, rule) of every finding."""
    report = HoldoutReport()
    for label in all_labels:
        covering = [f for f in findings.get(label.path, []) if f[0] <= label.line <= f[1]]
        for rates, hit in ((report.reported, bool(covering)), (report.blocking, any(f[2] for f in covering))):
            counts = rates[label.cls]
            if label.positive:
                counts.tp += hit
                counts.fn += not hit
            else:
                counts.fp += hit
                counts.tn += not hit
        rules = ",".join(sorted({f[3] for f in covering}))
        if label.positive and not covering:
            report.mistakes.append(f"missed         {label.path}:{label.line}  ({label.cls})")
        elif label.positive and not any(f[2] for f in covering):
            report.mistakes.append(f"not blocking   {label.path}:{label.line}  ({label.cls}; {rules})")
        elif not label.positive and covering:
            block = "blocks" if any(f[2] for f in covering) else "reported"
            report.mistakes.append(f"false alarm    {label.path}:{label.line}  ({label.cls}; {rules}, {block})")
    return report


def measure(root: Path = DEFAULT_HOLDOUT, source: Path = REPO) -> HoldoutReport:
    root = root.resolve()
    findings: dict[str, list[tuple[int, int, bool, str]]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="holdout-") as scratch:
        for case in cases(root):
            report = scan_case(case, source.resolve(), Path(scratch))
            blocking = set(report["verdict"]["blocking"])
            prefix = case.relative_to(root).as_posix()
            for f in report["findings"]:
                loc = f["location"]
                findings[f"{prefix}/{loc['path']}"].append(
                    (
                        int(loc["start_line"]),
                        int(loc.get("end_line") or loc["start_line"]),
                        f["fingerprint"] in blocking,
                        str(f["rule_id"]),
                    )
                )
    return score(labels(root), findings)


def format_table(report: HoldoutReport) -> str:
    def num(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.2f}"

    header = (
        f"{'class':<26} {'TP':>3} {'FP':>3} {'FN':>3} {'TN':>3}  {'prec':>5} {'TPR':>5} {'FPR':>5} {'score':>6}"
        f"  | blocking: {'TPR':>5} {'FPR':>5} {'score':>6}"
    )
    lines = [header, "-" * len(header)]
    for cls in sorted(report.reported):
        r, b = report.reported[cls], report.blocking[cls]
        lines.append(
            f"{cls:<26} {r.tp:>3} {r.fp:>3} {r.fn:>3} {r.tn:>3}  {num(r.precision):>5} {num(r.tpr):>5} "
            f"{num(r.fpr):>5} {num(r.score):>6}  |           {num(b.tpr):>5} {num(b.fpr):>5} {num(b.score):>6}"
        )
    lines.append("-" * len(header))
    m = HoldoutReport.mean
    lines.append(
        f"{'mean over classes':<26} {'':>3} {'':>3} {'':>3} {'':>3}  {num(m(report.reported, 'precision')):>5} "
        f"{num(m(report.reported, 'tpr')):>5} {num(m(report.reported, 'fpr')):>5} "
        f"{num(m(report.reported, 'score')):>6}  |           {num(m(report.blocking, 'tpr')):>5} "
        f"{num(m(report.blocking, 'fpr')):>5} {num(m(report.blocking, 'score')):>6}"
    )
    return "\n".join(lines)


def as_json(report: HoldoutReport) -> dict[str, Any]:
    def entry(r: Rates) -> dict[str, Any]:
        return {
            "tp": r.tp,
            "fp": r.fp,
            "fn": r.fn,
            "tn": r.tn,
            "precision": r.precision,
            "tpr": r.tpr,
            "fpr": r.fpr,
            "score": r.score,
        }

    return {
        "reported": {c: entry(r) for c, r in sorted(report.reported.items())},
        "blocking": {c: entry(r) for c, r in sorted(report.blocking.items())},
        "mean_score": {
            "reported": HoldoutReport.mean(report.reported, "score"),
            "blocking": HoldoutReport.mean(report.blocking, "score"),
        },
        "mistakes": report.mistakes,
    }


def run(argv_root: Path | None, source: Path | None, details: bool, json_out: bool, out: Sequence[str] = ()) -> int:
    try:
        report = measure(argv_root or DEFAULT_HOLDOUT, source or REPO)
    except HoldoutError as exc:
        print(f"rule_quality: {exc}", file=sys.stderr)
        return 2
    if json_out:
        print(json.dumps(as_json(report), indent=2))
    else:
        print(format_table(report))
        if details and report.mistakes:
            print("\n" + "\n".join(report.mistakes))
    return 0
