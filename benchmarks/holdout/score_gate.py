"""Score the gate itself on the held-apart apps: TPR and FPR per weakness class, of what it reports
and of what it blocks at the default policy (the issue's scorecard: TPR - FPR, averaged).

    python benchmarks/holdout/score_gate.py                       # semgrep, bandit and taint
    python benchmarks/holdout/score_gate.py --scanner semgrep --scanner bandit   # without taint

Each app (`python/<class>/<app>/`) is scanned on its own (`gatekeeper scan APP --format json
--no-cache`); a finding counts for the classes its CWE ids name, on every line it spans. The
annotations are on the sink line itself (README.md here). rule_quality.py scores the semgrep pack
alone on the same files.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CWE_CLASS = {
    89: "sql-injection", 78: "command-injection", 77: "command-injection", 94: "code-injection",
    95: "code-injection", 22: "path-traversal", 23: "path-traversal", 918: "ssrf", 79: "xss", 80: "xss",
    601: "open-redirect", 90: "ldap-injection", 643: "xpath-injection", 502: "insecure-deserialization",
    501: "trust-boundary", 330: "weak-random", 338: "weak-random",
}
_ANNOTATION = re.compile(r"#\s*(ruleid|ok):\s*([\w-]+)")
Counts = dict[str, list[int]]  # class -> [true positives, positives, false positives, negatives]


def _hits(report: dict, blocking_only: bool) -> dict[tuple[str, int], set[str]]:
    blocking = set(report["verdict"].get("blocking", []))
    hits: dict[tuple[str, int], set[str]] = defaultdict(set)
    for finding in report["findings"]:
        if blocking_only and finding["fingerprint"] not in blocking:
            continue
        classes = {CWE_CLASS.get(int(n)) for c in finding["cwe"] for n in re.findall(r"CWE-(\d+)", c)} - {None}
        where = finding["location"]
        for line in range(where["start_line"], where["end_line"] + 1):
            hits[(where["path"], line)] |= {c for c in classes if c}
    return hits


def score(app: Path, report: dict, counts: dict[str, Counts], verbose: bool) -> None:
    for name, blocking_only in (("reported", False), ("blocking", True)):
        hits = _hits(report, blocking_only)
        for path in sorted(app.rglob("*.py")):
            relative = path.relative_to(app).as_posix()
            for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                match = _ANNOTATION.search(text)
                if not match:
                    continue
                kind, cls = match.groups()
                found = cls in hits.get((relative, number), set())
                row = counts[name].setdefault(cls, [0, 0, 0, 0])
                if kind == "ruleid":
                    row[0] += found
                    row[1] += 1
                else:
                    row[2] += found
                    row[3] += 1
                if verbose and name == "reported" and found != (kind == "ruleid"):
                    print(f"  {'miss' if kind == 'ruleid' else 'false alarm'}: {app.name}/{relative}:{number} {cls}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scanner", action="append", help="scanners to run (default: semgrep, bandit, taint)")
    parser.add_argument("--details", action="store_true", help="list each miss and false alarm")
    args = parser.parse_args()
    scanners = args.scanner or ["semgrep", "bandit", "taint"]
    counts: dict[str, Counts] = {"reported": {}, "blocking": {}}
    for app in sorted(p for p in (HERE / "python").glob("*/*") if p.is_dir()):
        argv = [sys.executable, "-m", "gatekeeper", "scan", str(app), "--format", "json", "--no-cache"]
        proc = subprocess.run([*argv, *(f"--scanner={s}" for s in scanners)], capture_output=True, text=True, check=False)
        if proc.returncode not in (0, 1):
            sys.exit(f"gatekeeper scan {app} exited {proc.returncode}: {proc.stderr.strip()[-300:]}")
        score(app, json.loads(proc.stdout), counts, args.details)
    for name, table in counts.items():
        print(f"{name} ({', '.join(scanners)})")
        scores = []
        for cls, (tp, positives, fp, negatives) in sorted(table.items()):
            tpr, fpr = tp / positives if positives else 0.0, fp / negatives if negatives else 0.0
            scores.append(tpr - fpr)
            print(f"  {cls:26} TPR {tp}/{positives} = {tpr:.2f}   FPR {fp}/{negatives} = {fpr:.2f}   {tpr - fpr:+.2f}")
        print(f"  mean TPR - FPR: {sum(scores) / len(scores):.2f}")


if __name__ == "__main__":
    main()
