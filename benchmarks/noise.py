"""How much the gate says about real applications, and whether the real problems are still in it.

Downloads pinned source distributions of real web applications from PyPI, scans each with this
checkout and, given `--before`, with an earlier checkout of gatekeeper (the same interpreter, the
other tree first on PYTHONPATH), and prints the total findings, the findings per rule before and
after, what the test-code policy left out, and a list of the real problems, each checked as
reported by both. Issue 23: "the 3-4 real problems drown".

    git -C . archive cde5432 | tar -x -C /tmp/gatekeeper-before     # or a git worktree
    python benchmarks/noise.py --before /tmp/gatekeeper-before \\
        --advisories ../shared/advisories/pypa-vulns

Downloads are kept under --cache (default: the system's temporary directory). Exit status: 0 every
real problem reported after, 1 one is missing, 2 the run failed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rule_speed import fetch  # noqa: E402 (the same pinned-sdist fetcher; benchmarks/ is not a package)

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Problem:
    """A real problem a reviewer would want to hear about: a finding on `path:line` by one of `rules`."""

    path: str
    line: int
    rules: frozenset[str]
    what: str


# name==version of applications (not libraries) between 5,000 and 20,000 lines of Python.
CORPORA: dict[str, tuple[Problem, ...]] = {
    "FlaskBB==2.0.2": (
        Problem(
            "flaskbb/configs/default.py",
            170,
            frozenset({"config-flask-hardcoded-secret-key"}),
            "SECRET_KEY literal in the shipped configuration",
        ),
        Problem(
            "flaskbb/configs/default.py",
            176,
            frozenset({"config-flask-hardcoded-secret-key", "secrets-generic-secret"}),
            "WTF_CSRF_SECRET_KEY literal",
        ),
        Problem(
            "flaskbb/configs/default.py",
            207,
            frozenset({"python-session-cookie-insecure"}),
            "REMEMBER_COOKIE_HTTPONLY = False",
        ),
        Problem(
            "flaskbb/utils/helpers.py", 76, frozenset({"python-open-redirect"}), "redirect to request.args['next']"
        ),
    ),
    "changedetection.io==0.47.3": (
        Problem(
            "changedetectionio/flask_app.py",
            859,
            frozenset({"python-template-injection"}),
            "Jinja2 template built from a form field (SSTI)",
        ),
        Problem(
            "changedetectionio/blueprint/tags/__init__.py",
            142,
            frozenset({"python-template-injection"}),
            "Jinja2 template built from request data (SSTI)",
        ),
        Problem(
            "changedetectionio/content_fetchers/requests.py",
            56,
            frozenset({"python-tls-verification-disabled"}),
            "requests with verify=False",
        ),
        Problem(
            "changedetectionio/flask_app.py",
            1700,
            frozenset({"python-tls-verification-disabled"}),
            "version check with verify=False",
        ),
    ),
    "radicale==3.2.3": (
        Problem(
            "radicale/storage/multifilesystem/lock.py", 83, frozenset({"B602"}), "hook command run through a shell"
        ),
        Problem("radicale/storage/multifilesystem/cache.py", 102, frozenset({"B301"}), "pickle.load of cache files"),
    ),
}
# Every scan starts at the same instant: reports (and waiver dates) do not depend on the day.
EPOCH = "1764633600"


def scan(checkout: Path, tree: Path, advisories: str, jobs: int, state: Path) -> tuple[dict[str, Any], int, float]:
    """The JSON report of `checkout`'s gatekeeper over `tree`, its exit code and wall time."""
    env = dict(
        os.environ,
        PYTHONPATH=str(checkout),
        SOURCE_DATE_EPOCH=EPOCH,
        GATEKEEPER_CACHE_DIR=str(state / "cache"),
        XDG_CONFIG_HOME=str(state / "config"),
        GATEKEEPER_ADVISORIES_MAX_AGE="unlimited",
    )
    argv = [sys.executable, "-m", "gatekeeper", "scan", str(tree), "--format", "json", "--advisories", advisories]
    started = time.monotonic()
    # From the checkout: `python -m` puts the working directory first on sys.path, before PYTHONPATH.
    proc = subprocess.run([*argv, "-j", str(jobs)], env=env, cwd=checkout, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    if not proc.stdout.strip():
        raise SystemExit(f"noise: {checkout} gave no report for {tree} (exit {proc.returncode}): {proc.stderr[-500:]}")
    return json.loads(proc.stdout), proc.returncode, elapsed


def reported(report: dict[str, Any], problem: Problem) -> bool:
    for finding in report["findings"]:
        where = finding["location"]
        rules = {finding["rule_id"], *finding.get("source_rules", {}).values()}
        if (
            where["path"] == problem.path
            and where["start_line"] <= problem.line <= where["end_line"]
            and rules & problem.rules
        ):
            return True
    return False


def per_rule(report: dict[str, Any]) -> Counter[str]:
    # Advisories are one row: which advisory ids a snapshot holds is not what this measures.
    return Counter(
        "advisories (PYSEC/GHSA/…)"
        if f["scanners"] == ["dependencies"] and f["rule_id"] != "dependency-unpinned"
        else f["rule_id"]
        for f in report["findings"]
    )


def blocking(report: dict[str, Any]) -> int:
    return len(report["verdict"]["blocking"])


def table(name: str, before: dict[str, Any] | None, after: dict[str, Any], top: int) -> list[str]:
    after_rules = per_rule(after)
    before_rules = per_rule(before) if before else Counter()
    rules = sorted(set(after_rules) | set(before_rules), key=lambda r: (-max(before_rules[r], after_rules[r]), r))
    lines = [f"#### {name}", "", "| rule | before | after |", "| --- | ---: | ---: |"]
    shown = rules[:top]
    for rule in shown:
        lines.append(f"| `{rule}` | {before_rules[rule] if before else '–'} | {after_rules[rule]} |")
    rest = rules[top:]
    if rest:
        lines.append(
            f"| {len(rest)} other rules | {sum(before_rules[r] for r in rest) if before else '–'} | "
            f"{sum(after_rules[r] for r in rest)} |"
        )
    lines.append(f"| **total** | **{len(before['findings']) if before else '–'}** | **{len(after['findings'])}** |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, help="an earlier checkout of gatekeeper to compare with")
    parser.add_argument("--advisories", required=True, help="OSV directory for the dependency scan")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "gatekeeper-noise")
    parser.add_argument("--corpus", action="append", help="name==version (default: the pinned applications)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--top", type=int, default=12, help="rules shown per application")
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    args.advisories = str(Path(args.advisories).resolve())
    corpora = {spec: CORPORA.get(spec, ()) for spec in (args.corpus or CORPORA)}
    summary = ["| application | Python lines | findings before | after | blocking before | after | in test code left out | exit before | after |",
               "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    details: list[str] = []
    checks: list[str] = []
    missing = 0
    for spec, problems in corpora.items():
        tree = fetch(spec, args.cache)
        lines = sum(len(p.read_text(errors="replace").splitlines()) for p in tree.rglob("*.py"))
        with tempfile.TemporaryDirectory(prefix="gatekeeper-noise-") as state:
            after, after_rc, after_time = scan(REPO, tree, args.advisories, args.jobs, Path(state) / "after")
            before, before_rc, before_time = (
                scan(args.before.resolve(), tree, args.advisories, args.jobs, Path(state) / "before")
                if args.before
                else (None, None, None)
            )
        # Kept beside the downloads, to look into (and for the figures in benchmarks/README.md).
        reports = args.cache / "reports"
        reports.mkdir(exist_ok=True)
        (reports / f"{spec}-after.json").write_text(json.dumps(after, indent=1))
        if before:
            (reports / f"{spec}-before.json").write_text(json.dumps(before, indent=1))
        left_out = after["scan"]["coverage"].get("test_code", {}).get("findings", 0)
        summary.append(
            f"| {spec} | {lines:,} | {len(before['findings']) if before else '–'} | {len(after['findings'])} | "
            f"{blocking(before) if before else '–'} | {blocking(after)} | {left_out} | "
            f"{before_rc if before else '–'} | {after_rc} |"
        )
        details += [*table(spec, before, after, args.top), ""]
        for problem in problems:
            now = reported(after, problem)
            then = reported(before, problem) if before else None
            missing += not now
            checks.append(
                f"| {spec} | `{problem.path}:{problem.line}` | {problem.what} | "
                f"{'–' if then is None else ('yes' if then else 'no')} | {'yes' if now else '**no**'} |"
            )
        print(
            f"noise: {spec}: after {after_time:.0f} s" + (f", before {before_time:.0f} s" if before_time else ""),
            file=sys.stderr,
        )
    print("\n".join(summary))
    print()
    print("| application | where | real problem | reported before | after |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(checks))
    print()
    print("\n".join(details))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
