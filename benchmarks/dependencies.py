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

from packaging.version import InvalidVersion, Version  # noqa: E402

from gatekeeper.advisories.local import OsvLocation  # noqa: E402
from gatekeeper.scanners.base import ScanContext  # noqa: E402
from gatekeeper.scanners.dependencies import DependencyScanner  # noqa: E402


def _pep440(text: str) -> bool:
    try:
        Version(text)
    except InvalidVersion:
        return False
    return True


def pins(database: Path, count: int) -> list[str]:
    """`name==version` for the first `count` packages, each at a version its first advisory lists."""
    chosen: list[str] = []
    for package in sorted(p for p in database.iterdir() if p.is_dir()):
        records = sorted(package.glob("*.yaml"))
        if not records:
            continue
        record = yaml.safe_load(records[0].read_text(encoding="utf-8"))
        # Versions that are not PEP 440 ("trunk") cannot be pinned in a requirements file.
        versions = [v for a in record.get("affected", []) for v in a.get("versions", []) if _pep440(v)]
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
        context = ScanContext(
            root=root, files=("requirements.txt",), rules_dir=root, workdir=root, timeout=600, options=options
        )
        scanner = DependencyScanner()

        def run() -> tuple[float, int]:
            started = time.perf_counter()
            result = scanner.scan(context, ["requirements.txt"])
            elapsed = time.perf_counter() - started
            if result.errors or result.skipped:  # a file not read is no benchmark of the audit
                raise SystemExit(result.errors[0] if result.errors else f"not read: {result.skipped[0]}")
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
    print(
        f"warm (median of {args.runs} runs):      {statistics.median(warm):.3f} s"
        f"  (min {min(warm):.3f}, max {max(warm):.3f})"
    )
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
        (root / "go.mod").write_text(
            "module example.com/bench\n\ngo 1.22\n\nrequire (\n" + "\n".join(requires) + "\n)\n"
        )
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
    print(
        f"warm (median of {args.runs} runs):      {statistics.median(warm):.3f} s"
        f"  (min {min(warm):.3f}, max {max(warm):.3f})"
    )


# --- npm and Maven: a large lock file against a generated OSV store (issue 20) -------------------
#
#     python benchmarks/dependencies.py --npm [--components 5000] [--runs 3]
#     python benchmarks/dependencies.py --maven [--gradle] [--components 5000] [--runs 3]
#
# The lock file is benchmarks/lockfiles.py's (package-lock.json v3 with nested copies; pom.xml with
# ${property} versions, or gradle.lockfile with --gradle). The store, written to a temporary
# directory, holds one OSV JSON record per advisory: two of every three generated packages have one
# (SEMVER ranges for npm, ECOSYSTEM for Maven; introduced/fixed, last_affected, pre-release fixes,
# open ranges, several ranges, a version on the boundary), one in twelve a second, plus records of
# packages the lock file does not hold and the real fixtures under tests/fixtures/advisories.
# Which components are affected is worked out here from the generated ranges alone (a plain
# numeric comparison: the generator never compares a pre-release with its own release), and the
# scan's findings must be exactly those, run after run, or the benchmark fails.
# Each run is `gatekeeper scan DIR --scanner dependencies --advisories STORE --format json`:
# cold with --no-cache; warm with a cache directory filled once (nothing changed: the result is
# reused); warm index with the lock file edited before each run (the scanner runs again, the
# advisory index is reused).

import hashlib  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import xml.etree.ElementTree as ElementTree  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import datetime, timezone  # noqa: E402

from benchmarks.lockfiles import generate  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "advisories"
VECTORS = (
    ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CRITICAL"),
    ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "HIGH"),
    ("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N", "MODERATE"),
    ("CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", "LOW"),
)
CWES = ("CWE-1321", "CWE-400", "CWE-79", "CWE-502", "CWE-22", "CWE-918")


def components(kind: str, path: Path) -> list[tuple[str, str]]:
    """(name, version) of every component of a generated lock file, read without gatekeeper."""
    if kind == "package-lock.json":
        entries = json.loads(path.read_text(encoding="utf-8"))["packages"]
        keys = sorted((k for k in entries if k), key=lambda k: k.count("node_modules/"))  # hoisted ones first
        return [(key.rsplit("node_modules/", 1)[1], entries[key]["version"]) for key in keys]
    if kind == "gradle.lockfile":
        rows = [
            line.split("=")[0].rsplit(":", 1)
            for line in path.read_text().splitlines()
            if line and not line.startswith("#") and not line.startswith("empty=")
        ]
        return [(name, version) for name, version in rows]
    project = ElementTree.parse(path).getroot()
    properties = {p.tag: p.text or "" for p in project.find("properties") or ()}
    found = []
    for dep in project.iter("dependency"):
        version = re.sub(r"\$\{([^}]+)\}", lambda m: properties[m.group(1)], dep.findtext("version", ""))
        found.append((f"{dep.findtext('groupId')}:{dep.findtext('artifactId')}", version))
    return found


def _key(version: str) -> tuple[tuple[int, ...], bool]:
    core, _, pre = version.partition("-")
    numbers = tuple(int(n) for n in core.split("."))
    return numbers + (0,) * (3 - len(numbers)), bool(pre)


def _compare(a: str, b: str) -> int:
    (ka, pa), (kb, pb) = _key(a), _key(b)
    if ka == kb and (pa or pb):
        raise SystemExit(f"generator error: {a} against {b} needs pre-release ordering")
    return (ka > kb) - (ka < kb)


def _in_range(version: str, events: list[dict[str, str]]) -> bool:
    """One introduced event and at most one fixed or last_affected: all the generator writes."""
    bounds = {k: v for event in events for k, v in event.items()}
    if bounds["introduced"] != "0" and _compare(version, bounds["introduced"]) < 0:
        return False
    if "fixed" in bounds:
        return _compare(version, bounds["fixed"]) < 0
    if "last_affected" in bounds:
        return _compare(version, bounds["last_affected"]) <= 0
    return True


def _ranges(shape: int, version: str, ecosystem: str) -> list[list[dict[str, str]]]:
    """Six shapes of range about a component's version: 0, 1 and 4 affect it, 2, 3 and 5 do not
    (other versions of the same package, e.g. npm's nested 0.0.1 copies, may fall either way)."""
    major, minor, patch = _key(version)[0][:3]
    pre = "-rc.1" if ecosystem == "npm" else "-RC1"
    return [
        [[{"introduced": "0"}, {"fixed": f"{major}.{minor}.{patch + 1}"}]],
        [[{"introduced": version}, {"fixed": f"{major + 1}.0.0{pre}"}]],
        [[{"introduced": "0"}, {"fixed": version}]],
        [[{"introduced": f"{major}.{minor + 1}.0"}, {"fixed": f"{major + 1}.0.0"}]],
        [[{"introduced": f"{major}.0.0" if ecosystem == "npm" else f"{major}.0"}, {"last_affected": version}]],
        [[{"introduced": "0"}, {"fixed": "0.5.0"}], [{"introduced": f"{major + 1}.0.0"}]],
    ][shape]


def _record(n: int, ecosystem: str, name: str, ranges: list[list[dict[str, str]]], modified: str) -> dict[str, object]:
    digest = hashlib.sha256(f"{ecosystem}{n}".encode()).hexdigest()
    ghsa = "GHSA-" + "-".join(digest[i : i + 4] for i in (0, 4, 8))
    vector, rating = VECTORS[n % len(VECTORS)]
    kind = "SEMVER" if ecosystem == "npm" else "ECOSYSTEM"
    return {
        "schema_version": "1.6.0",
        "id": ghsa,
        "modified": modified,
        "published": "2024-01-01T00:00:00Z",
        "aliases": [f"CVE-2099-{10000 + n}"],
        "summary": f"Generated advisory {n} for {name}",
        "details": "Generated by benchmarks/dependencies.py.",
        "severity": [{"type": "CVSS_V3", "score": vector}],
        "affected": [
            {
                "package": {"ecosystem": ecosystem, "name": name},
                "ranges": [{"type": kind, "events": events} for events in ranges],
            }
        ],
        "references": [{"type": "ADVISORY", "url": f"https://github.com/advisories/{ghsa}"}],
        "database_specific": {"cwe_ids": [CWES[n % len(CWES)]], "severity": rating, "github_reviewed": True},
    }


def osv_store(
    ecosystem: str, found: list[tuple[str, str]], store: Path, absent: int
) -> tuple[int, dict[tuple[str, str], int]]:
    """Writes the store; returns its record count and {(name, version): advisories} of the affected components."""
    modified = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    first: dict[str, str] = {}
    for name, version in found:
        first.setdefault(name, version)  # a package's first entry: the hoisted one in package-lock.json
    by_name: dict[str, list[list[list[dict[str, str]]]]] = {}
    for i, (name, version) in enumerate(sorted(first.items())):
        if i % 3 == 2:
            continue
        by_name[name] = [_ranges((i // 3) % 6, version, ecosystem)]
        if i % 12 == 0:
            by_name[name].append(_ranges(0, version, ecosystem))
    n = 0
    folder = store / ecosystem.lower()
    folder.mkdir(parents=True)
    for name, records in sorted(by_name.items()):
        for ranges in records:
            (folder / f"{n:05d}.json").write_text(json.dumps(_record(n, ecosystem, name, ranges, modified)))
            n += 1
    for k in range(absent):  # packages this lock file does not hold: the index answers "nothing" for them
        name = f"absent-{k}" if ecosystem == "npm" else f"org.absent:absent-{k}"
        (folder / f"{n:05d}.json").write_text(
            json.dumps(_record(n, ecosystem, name, _ranges(0, "1.2.3", ecosystem), modified))
        )
        n += 1
    fixtures = sorted((FIXTURES / ecosystem.lower()).glob("*.json"))
    for fixture in fixtures:  # real advisories' shapes; none names a generated package
        record = json.loads(fixture.read_text(encoding="utf-8"))
        if any(a["package"]["name"] in first for a in record["affected"]):
            raise SystemExit(f"{fixture} names a generated package")
        (folder / fixture.name).write_text(json.dumps(dict(record, modified=modified)))
    affected: dict[tuple[str, str], int] = {}
    for name, version in found:
        hits = sum(any(_in_range(version, events) for events in ranges) for ranges in by_name.get(name, []))
        if hits:
            affected[(name, version)] = affected.get((name, version), 0) + 1  # one finding per entry
    return n + len(fixtures), affected


def _scan(root: Path, store: Path, cache: Path | None) -> tuple[float, list[dict[str, object]]]:
    command = [
        sys.executable,
        "-m",
        "gatekeeper",
        "scan",
        str(root),
        "--scanner",
        "dependencies",
        "--advisories",
        str(store),
        "--format",
        "json",
    ]
    command += ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    env = dict(os.environ, GATEKEEPER_ADVISORIES_MAX_AGE="unlimited")
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parent.parent)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"gatekeeper exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    findings = json.loads(done.stdout)["findings"]
    return elapsed, [f for f in findings if f["rule_id"] != "dependency-unpinned"]


def _check(findings: list[dict[str, object]], expected: dict[tuple[str, str], int], label: str) -> None:
    got: dict[tuple[str, str], int] = {}
    for finding in findings:
        properties = dict(finding["properties"])  # type: ignore[call-overload]
        key = (str(properties["package"]), str(properties["version"]))
        got[key] = got.get(key, 0) + 1
    if got != expected:
        missing = sorted(set(expected) - set(got))[:5]
        extra = sorted(set(got) - set(expected))[:5]
        raise SystemExit(
            f"FAIL ({label}): {sum(got.values())} findings, the generator made "
            f"{sum(expected.values())} affected; missed e.g. {missing}, unexpected e.g. {extra}"
        )


def lock_main() -> None:
    parser = argparse.ArgumentParser(description="a large npm or Maven lock file against a generated OSV store")
    parser.add_argument("--npm", action="store_true")
    parser.add_argument("--maven", action="store_true")
    parser.add_argument("--gradle", action="store_true", help="with --maven: gradle.lockfile instead of pom.xml")
    parser.add_argument("--components", type=int, default=5000)
    parser.add_argument("--absent", type=int, default=1000, help="records of packages the lock file does not hold")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ecosystem = "npm" if args.npm else "Maven"
    kind = "package-lock.json" if args.npm else "gradle.lockfile" if args.gradle else "pom.xml"
    with tempfile.TemporaryDirectory(prefix="gatekeeper-bench-") as temp:
        root, store, cache = Path(temp) / "project", Path(temp) / "store", Path(temp) / "cache"
        root.mkdir()
        lock = generate(kind, args.components, root)
        found = components(kind, lock)
        records, expected = osv_store(ecosystem, found, store, args.absent)
        want = sum(expected.values())

        pristine = lock.read_text(encoding="utf-8")

        def edit(n: int) -> None:  # a new content each run (the result cache keys on content)
            text = pristine
            if kind == "package-lock.json":
                lock.write_text(text.replace('"name": "bench"', f'"name": "bench{n}"', 1))
            else:
                lock.write_text(text + (f"<!-- run {n} -->\n" if kind == "pom.xml" else f"# run {n}\n"))

        def timed(label: str, cache_dir: Path | None, before: Callable[[int], None] | None = None) -> list[float]:
            times = []
            for n in range(args.runs):
                if before:
                    before(n)
                elapsed, findings = _scan(root, store, cache_dir)
                _check(findings, expected, f"{label} run {n + 1}")
                times.append(elapsed)
            return times

        cold = timed("cold", None)
        _check(_scan(root, store, cache)[1], expected, "filling the cache")
        warm = timed("warm", cache)
        index = timed("warm index", cache, edit)

    def line(label: str, times: list[float]) -> str:
        return f"{label:<34}{statistics.median(times):.3f} s  (min {min(times):.3f}, max {max(times):.3f})"

    print(f"{kind}: {len(found)} components; store: {records} {ecosystem} OSV records (generated + fixtures)")
    print(
        f"findings: {want} (the generator made {want} components affected, "
        f"{len({name for name, _ in expected})} packages): every run matched"
    )
    print(line(f"cold, --no-cache (median of {args.runs}):", cold))
    print(line("warm, nothing changed:", warm))
    print(line("warm index, lock file edited:", index))


if __name__ == "__main__":
    lock_main() if "--npm" in sys.argv or "--maven" in sys.argv else go_main() if "--go" in sys.argv else main()
