"""How long the dependency scanner takes to audit pinned requirements against a full advisory database.

    python benchmarks/dependencies.py [ADVISORIES] [--packages 300] [--runs 7]

ADVISORIES is an OSV directory or zip (default: $GATEKEEPER_TEST_ADVISORIES, e.g.
../shared/advisories/pypa-vulns). The requirements file pins one version of each of the first
N packages the database knows (a version its first advisory lists, so many pins are vulnerable:
the worst case for matching). The cache is a fresh temporary directory, so the first run builds
the index ("cold"); the warm figure is the median of the following runs, each a complete scanner
run: parse the manifest, digest the database, open the index, match, build findings.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gatekeeper.advisories.local import OsvLocation  # noqa: E402
from gatekeeper.scanners.base import ScanContext  # noqa: E402
from gatekeeper.scanners.dependencies import DependencyScanner  # noqa: E402


def pins(database: Path, count: int) -> list[str]:
    """`name==version` for the first `count` packages, each at a version its first advisory lists."""
    chosen: list[str] = []
    for package in sorted(p for p in database.iterdir() if p.is_dir()):
        records = sorted(package.glob("*.yaml"))
        if not records:
            continue
        record = yaml.safe_load(records[0].read_text(encoding="utf-8"))
        versions = [v for a in record.get("affected", []) for v in a.get("versions", [])]
        chosen.append(f"{package.name}=={versions[-1] if versions else '1.0'}")
        if len(chosen) == count:
            break
    if len(chosen) < count:
        raise SystemExit(f"{database} has only {len(chosen)} packages")
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("advisories", nargs="?", default=os.environ.get("GATEKEEPER_TEST_ADVISORIES"))
    parser.add_argument("--packages", type=int, default=300)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not args.advisories:
        raise SystemExit("name the advisory database (or set GATEKEEPER_TEST_ADVISORIES)")
    database = Path(args.advisories)

    with tempfile.TemporaryDirectory(prefix="gatekeeper-bench-") as temp:
        root = Path(temp) / "project"
        root.mkdir()
        (root / "requirements.txt").write_text("\n".join(pins(database, args.packages)) + "\n")
        options = {"advisories": str(database), "cache_dir": str(Path(temp) / "cache")}
        context = ScanContext(root=root, files=("requirements.txt",), rules_dir=root, workdir=root,
                              timeout=600, options=options)
        scanner = DependencyScanner()

        def run() -> tuple[float, int]:
            started = time.perf_counter()
            result = scanner.scan(context, ["requirements.txt"])
            elapsed = time.perf_counter() - started
            if result.errors:
                raise SystemExit(result.errors[0])
            return elapsed, len(result.findings)

        cold, findings = run()
        warm = [run()[0] for _ in range(args.runs)]
        digests = []
        for _ in range(args.runs):
            started = time.perf_counter()
            OsvLocation(database).digest()
            digests.append(time.perf_counter() - started)

    print(f"database: {database} ({scanner.version()})")
    print(f"audit of {args.packages} pinned requirements, {findings} findings")
    print(f"cold (builds the index):      {cold:.3f} s")
    print(f"warm (median of {args.runs} runs):      {statistics.median(warm):.3f} s"
          f"  (min {min(warm):.3f}, max {max(warm):.3f})")
    print(f"  of which database digest:   {statistics.median(digests):.3f} s")


# --- Go: a large go.mod against the Go vulnerability database (issue 20) ------------------------
#
#     python benchmarks/dependencies.py --go [GO_ADVISORIES] [--modules 5000] [--runs 7]
#
# GO_ADVISORIES defaults to $GATEKEEPER_TEST_GO_ADVISORIES (../shared/advisories/go-vulndb). The go.mod
# requires every module the database names, each at the version just below its first `fixed` event
# (vulnerable: the worst case for matching), then generated modules no advisory names, up to
# --modules in all. Cold builds the index; warm is the median of the following complete scanner runs.


def go_requires(database: Path, count: int) -> list[str]:
    import json

    from gatekeeper.advisories.gomod import STDLIB

    chosen: dict[str, str] = {}
    for record in sorted(database.glob("*.json")):
        for affected in json.loads(record.read_text(encoding="utf-8")).get("affected", []):
            name = affected["package"]["name"]
            if name in chosen or name in (STDLIB, "toolchain") or "." not in name.split("/")[0]:
                continue
            fixed = [e["fixed"] for r in affected.get("ranges", []) for e in r["events"] if "fixed" in e]
            chosen[name] = "v0.0.0-20000101000000-000000000000" if not fixed else f"v{fixed[0]}-0"
    lines = [f"\t{name} {version}" for name, version in sorted(chosen.items())][:count]
    lines += [f"\texample.com/generated/m{n:05d} v1.{n % 50}.{n % 7}" for n in range(count - len(lines))]
    return lines


def go_main() -> None:
    parser = argparse.ArgumentParser(description="a large go.mod against the Go vulnerability database")
    parser.add_argument("--go", action="store_true")
    parser.add_argument("advisories", nargs="?", default=os.environ.get("GATEKEEPER_TEST_GO_ADVISORIES"))
    parser.add_argument("--modules", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not args.advisories:
        raise SystemExit("name the Go advisory database (or set GATEKEEPER_TEST_GO_ADVISORIES)")
    database = Path(args.advisories)
    with tempfile.TemporaryDirectory(prefix="gatekeeper-bench-") as temp:
        root = Path(temp) / "project"
        root.mkdir()
        requires = go_requires(database, args.modules)
        (root / "go.mod").write_text("module example.com/bench\n\ngo 1.22\n\nrequire (\n" + "\n".join(requires) + "\n)\n")
        options = {"advisories": str(database), "cache_dir": str(Path(temp) / "cache"), "max_age_days": None}
        context = ScanContext(root=root, files=("go.mod",), rules_dir=root, workdir=root, timeout=600, options=options)
        scanner = DependencyScanner()

        def run() -> tuple[float, int, int]:
            started = time.perf_counter()
            result = scanner.scan(context, ["go.mod"])
            elapsed = time.perf_counter() - started
            if result.errors:
                raise SystemExit(result.errors[0])
            advisories = sum(len(dict(f.properties).get("advisories", ())) for f in result.findings)
            return elapsed, len(result.findings), advisories

        cold, findings, advisories = run()
        warm = [run()[0] for _ in range(args.runs)]
    print(f"database: {database} ({scanner.version()})")
    print(f"audit of a go.mod requiring {len(requires)} modules: {findings} findings ({advisories} advisories)")
    print(f"cold (builds the index):      {cold:.3f} s")
    print(f"warm (median of {args.runs} runs):      {statistics.median(warm):.3f} s"
          f"  (min {min(warm):.3f}, max {max(warm):.3f})")


if __name__ == "__main__":
    go_main() if "--go" in sys.argv else main()
