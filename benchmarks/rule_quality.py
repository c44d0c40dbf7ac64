"""Precision and recall of a semgrep rule pack, per weakness class, measured on its own test files.

Runs the whole pack (once) over every annotated test file of the pack and compares each result
with the `ruleid:` / `ok:` annotations (semgrep's test syntax: an annotation names the rules that
must / must not report the line below it). Unlike `semgrep --test`, which checks each rule file
only against its own test file, every rule meets every test file here, so a rule that fires in
another class's examples counts against its precision.

    true positive   a rule reports a line annotated `ruleid:` (or `todoruleid:`) for it
    false negative  a line annotated `ruleid:`/`todoruleid:` for a rule that does not report it
    false positive  a rule reports a line not annotated `ruleid:` for it (an `ok:` look-alike,
                    a `todook:` known false positive, or an unannotated line)

`todoruleid:`/`todook:` mark known misses / known false positives: `semgrep --test` accepts them,
this script counts them against the rule, so the numbers stay honest.

Rules are grouped into classes by `metadata.category`, else by their first CWE id.

    python benchmarks/rule_quality.py                      # the python pack, threshold 0.9
    python benchmarks/rule_quality.py --rules rules/semgrep/python --threshold 0.95 --details
    python benchmarks/rule_quality.py --holdout            # gate-level, on benchmarks/holdout/python
    python benchmarks/rule_quality.py --holdout --source /tmp/old-checkout   # another version's figures

With --holdout it scores the held-apart cases instead (benchmarks/holdout_quality.py): per class,
TPR, FPR and TPR - FPR of what the gate reports and of what it blocks under the default policy.

Exit status: 0 every class meets the threshold, 1 some class is below it, 2 the scan failed.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from gatekeeper.scanners.semgrep import semgrep_environment  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import holdout_quality  # noqa: E402 (benchmarks/ is not a package: found through sys.path)

DEFAULT_RULES = REPO / "rules" / "semgrep" / "python"
DEFAULT_THRESHOLD = 0.9

# semgrep's own annotation syntax (semgrep/test.py): a comment holding `<kind>: id[, id...]`.
_ANNOTATION = re.compile(r"(?:#|//|<!--|\(\*)\s?(todoruleid|ruleid|todook|ok):\s*(.+)")
_POSITIVE = {"ruleid", "todoruleid"}
_COMMENT_ENDS = ("-->", "*)")


@dataclass(frozen=True)
class Annotation:
    path: str
    line: int
    rule_id: str
    kind: str

    @property
    def positive(self) -> bool:
        return self.kind in _POSITIVE


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_ok: int = 0
    """Of the false positives, those on lines annotated `ok:`/`todook:` for the rule."""
    tn: int = 0
    """`ok:` lines the rule rightly leaves alone."""

    @property
    def fpr(self) -> float | None:
        """False-positive rate over the safe look-alikes (`ok:` lines): unannotated lines have no
        count of negatives to divide by."""
        negatives = self.fp_ok + self.tn
        return self.fp_ok / negatives if negatives else None

    @property
    def score(self) -> float | None:
        """TPR - FPR (recall minus the false-positive rate), the scorecard's figure."""
        if self.recall is None and self.fpr is None:
            return None
        return (self.recall or 0.0) - (self.fpr or 0.0)

    @property
    def precision(self) -> float | None:
        reported = self.tp + self.fp
        return self.tp / reported if reported else None

    @property
    def recall(self) -> float | None:
        expected = self.tp + self.fn
        return self.tp / expected if expected else None

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.fp_ok += other.fp_ok
        self.tn += other.tn


@dataclass
class Report:
    classes: dict[str, Counts]
    rules: dict[str, Counts]
    rule_class: dict[str, str]
    mistakes: list[str] = field(default_factory=list)
    """Human-readable lines: every false positive and false negative, for --details."""

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.classes.values():
            total.add(counts)
        return total

    def below(self, threshold: float) -> list[str]:
        """Classes whose precision or recall is below `threshold` (n/a counts as meeting it)."""
        return sorted(
            name
            for name, c in self.classes.items()
            if (c.precision is not None and c.precision < threshold) or (c.recall is not None and c.recall < threshold)
        )


class QualityError(Exception):
    """The measurement could not be made (semgrep missing or failing, unreadable rules)."""


def load_rules(rules_dir: Path) -> dict[str, dict[str, Any]]:
    """Every rule of the pack by id (rule files: *.yaml/*.yml, except semgrep's *.test.yaml)."""
    rules: dict[str, dict[str, Any]] = {}
    for path in sorted(rules_dir.rglob("*")):
        if not _is_rule_file(path):
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule in (doc or {}).get("rules", []):
            rules[rule["id"]] = rule
    if not rules:
        raise QualityError(f"no semgrep rules under {rules_dir}")
    return rules


def rule_class(rule: Mapping[str, Any]) -> str:
    meta = rule.get("metadata") or {}
    if meta.get("category"):
        return str(meta["category"])
    cwes = meta.get("cwe") or []
    if isinstance(cwes, str):
        cwes = [cwes]
    for cwe in cwes:
        match = re.search(r"CWE-\d+", str(cwe))
        if match:
            return match.group(0)
    return str(rule["id"])


def annotations(path: Path, root: Path) -> list[Annotation]:
    """The annotations of one test file; each applies to the line after it (as in semgrep)."""
    found = []
    for index, text in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines()):
        match = _ANNOTATION.search(text)
        if not match:
            continue
        kind, ids = match.groups()
        for end in _COMMENT_ENDS:
            ids = ids.replace(end, "")
        for rule_id in filter(None, (part.strip() for part in ids.split(","))):
            found.append(Annotation(path.relative_to(root).as_posix(), index + 2, rule_id, kind))
    return found


def test_files(rules_dir: Path) -> list[Path]:
    """Annotated files of the pack: everything beside the rules that is not itself a rule file."""
    return sorted(
        path
        for path in rules_dir.rglob("*")
        if path.is_file()
        and not _is_rule_file(path)
        and "__pycache__" not in path.parts
        and _ANNOTATION.search(path.read_text(encoding="utf-8", errors="replace"))
    )


def semgrep_executable() -> str:
    """The semgrep installed with this interpreter (the pinned one), else the one on PATH."""
    beside = Path(sys.executable).parent / "semgrep"
    if beside.exists():
        return str(beside)
    found = shutil.which("semgrep")
    if not found:
        raise QualityError(f"semgrep is not installed (not next to {sys.executable} nor on PATH)")
    return found


def run_semgrep(
    rules_dir: Path, targets: Sequence[Path], root: Path, semgrep: str, state_dir: Path
) -> list[dict[str, Any]]:
    argv = [
        semgrep, "scan", "--json", "--quiet", "--metrics=off", "--disable-version-check",
        "--no-git-ignore", "--disable-nosem", "--config", str(rules_dir),
        "--", *(str(t.relative_to(root)) for t in targets),
    ]  # fmt: skip
    proc = subprocess.run(
        argv, cwd=root, env=semgrep_environment(state_dir), capture_output=True, text=True, check=False
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["(no output)"]
        raise QualityError(f"semgrep exited with code {proc.returncode}: {tail[0]}") from None
    if report.get("errors"):
        messages = "; ".join(" ".join(str(e.get("message", e)).split())[:300] for e in report["errors"])
        raise QualityError(f"semgrep reported errors: {messages}")
    if proc.returncode not in (0, 1):
        raise QualityError(f"semgrep exited with code {proc.returncode}")
    return list(report.get("results", []))


def score(
    rules: Mapping[str, Mapping[str, Any]],
    notes: Iterable[Annotation],
    results: Iterable[Mapping[str, Any]],
) -> Report:
    """Compare reported (path, line, rule) triples with the annotations."""
    classes = {rule_id: rule_class(rule) for rule_id, rule in rules.items()}
    expected = {(a.path, a.line, a.rule_id): a for a in notes if a.rule_id in rules}
    reported = {(r["path"], int(r["start"]["line"]), _rule_id(r["check_id"], rules)) for r in results}
    per_rule: dict[str, Counts] = {rule_id: Counts() for rule_id in rules}
    mistakes: list[str] = []
    for key in sorted(reported):
        path, line, rule_id = key
        note = expected.get(key)
        counts = per_rule.setdefault(rule_id, Counts())
        if note is not None and note.positive:
            counts.tp += 1
        else:
            counts.fp += 1
            counts.fp_ok += note is not None
            why = f"annotated {note.kind}" if note else "not annotated"
            mistakes.append(f"false positive  {path}:{line}  {rule_id} ({why})")
    for key, note in sorted(expected.items()):
        if not note.positive and key not in reported:
            per_rule[note.rule_id].tn += 1
        if note.positive and key not in reported:
            per_rule[note.rule_id].fn += 1
            mistakes.append(f"false negative  {note.path}:{note.line}  {note.rule_id} ({note.kind})")
    per_class: dict[str, Counts] = defaultdict(Counts)
    for rule_id, counts in per_rule.items():
        per_class[classes.get(rule_id, rule_id)].add(counts)
    return Report(dict(per_class), per_rule, classes, mistakes)


def measure(
    rules_dir: Path = DEFAULT_RULES,
    *,
    root: Path | None = None,
    semgrep: str | None = None,
    state_dir: Path | None = None,
) -> Report:
    """Run the pack in `rules_dir` over its annotated files; paths are reported relative to
    `root` (the repository, or the pack itself when it lives elsewhere)."""
    rules_dir = rules_dir.resolve()
    if root is None:
        root = REPO if rules_dir.is_relative_to(REPO) else rules_dir
    root = root.resolve()
    rules = load_rules(rules_dir)
    targets = test_files(rules_dir)
    if not targets:
        raise QualityError(f"no annotated test files under {rules_dir}")
    notes = [note for path in targets for note in annotations(path, root)]
    unknown = sorted({n.rule_id for n in notes} - set(rules))
    if unknown:
        raise QualityError(f"annotations name rules that do not exist: {', '.join(unknown)}")
    with tempfile.TemporaryDirectory(prefix="rule-quality-") as scratch:
        results = run_semgrep(rules_dir, targets, root, semgrep or semgrep_executable(), state_dir or Path(scratch))
    return score(rules, notes, results)


def format_table(report: Report, threshold: float) -> str:
    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    rules_per_class: dict[str, int] = defaultdict(int)
    for cls in report.rule_class.values():
        rules_per_class[cls] += 1
    header = f"{'class':<20} {'rules':>5} {'TP':>5} {'FP':>5} {'FN':>5} {'precision':>10} {'recall':>8} {'FPR':>6} {'TPR-FPR':>8}"
    lines = [header, "-" * len(header)]
    below = set(report.below(threshold))
    for name in sorted(report.classes):
        c = report.classes[name]
        flag = "  < threshold" if name in below else ""
        lines.append(
            f"{name:<20} {rules_per_class[name]:>5} {c.tp:>5} {c.fp:>5} {c.fn:>5} "
            f"{pct(c.precision):>10} {pct(c.recall):>8} {pct(c.fpr):>6} {pct(c.score):>8}{flag}"
        )
    total = report.total
    lines.append("-" * len(header))
    lines.append(
        f"{'total':<20} {len(report.rules):>5} {total.tp:>5} {total.fp:>5} {total.fn:>5} "
        f"{pct(total.precision):>10} {pct(total.recall):>8} {pct(total.fpr):>6} {pct(total.score):>8}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULES, help="rule pack directory")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--details", action="store_true", help="list every false positive/negative")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--holdout",
        type=Path,
        nargs="?",
        const=holdout_quality.DEFAULT_HOLDOUT,
        default=None,
        help="score the gate on held-apart cases (default benchmarks/holdout/python)",
    )
    parser.add_argument("--source", type=Path, default=None, help="with --holdout: the gatekeeper checkout to run")
    args = parser.parse_args(argv)
    if args.holdout is not None:
        return holdout_quality.run(args.holdout, args.source, args.details, args.json)
    try:
        report = measure(args.rules)
    except (QualityError, OSError, yaml.YAMLError) as exc:
        print(f"rule_quality: {exc}", file=sys.stderr)
        return 2
    below = report.below(args.threshold)
    if args.json:
        print(json.dumps(_as_json(report, args.threshold), indent=2))
    else:
        print(format_table(report, args.threshold))
        if args.details and report.mistakes:
            print("\n" + "\n".join(report.mistakes))
        if below:
            print(f"\nbelow {args.threshold}: {', '.join(below)}")
    return 1 if below else 0


def _as_json(report: Report, threshold: float) -> dict[str, Any]:
    def entry(c: Counts) -> dict[str, Any]:
        return {
            "tp": c.tp,
            "fp": c.fp,
            "fn": c.fn,
            "tn": c.tn,
            "precision": c.precision,
            "recall": c.recall,
            "fpr": c.fpr,
            "tpr_minus_fpr": c.score,
        }

    return {
        "threshold": threshold,
        "classes": {name: entry(c) for name, c in sorted(report.classes.items())},
        "rules": {
            rule: dict(entry(c), **{"class": report.rule_class.get(rule)}) for rule, c in sorted(report.rules.items())
        },
        "total": entry(report.total),
        "below_threshold": report.below(threshold),
        "mistakes": report.mistakes,
    }


def _is_rule_file(path: Path) -> bool:
    return path.is_file() and path.suffix in (".yaml", ".yml") and not path.name.endswith((".test.yaml", ".test.yml"))


def _rule_id(check_id: str, rules: Mapping[str, Any]) -> str:
    """semgrep prefixes ids with the config path (`rules.semgrep.python.x`); map back to `x`."""
    if check_id in rules:
        return check_id
    matches = [rule_id for rule_id in rules if check_id.endswith("." + rule_id)]
    return max(matches, key=len) if matches else check_id


if __name__ == "__main__":
    sys.exit(main())
