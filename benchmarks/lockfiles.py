"""How long reading a large lock file takes, per format: thousands of components with their graph.

    python benchmarks/lockfiles.py [--components 5000] [--runs 5] [--keep DIR]

Generates (not committed: they are large) one lock file per format, each with COMPONENTS packages
(about a tenth of them a second, nested copy at another version, each requiring two others), then
times `read_manifest` on each: the parse, the line index, the relations. Medians of RUNS runs.
`--keep DIR` writes the generated files there, e.g. for a whole-scan benchmark with an advisory
store (`generate()` is importable for that).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gatekeeper.advisories.manifests import read_manifest

FORMATS = ("package-lock.json", "yarn.lock", "pnpm-lock.yaml", "gradle.lockfile", "pom.xml")


def _packages(count: int) -> list[tuple[str, str, list[int]]]:
    """(name, version, indexes of the packages it requires): a DAG, deterministic."""
    found = []
    for i in range(count):
        name = f"@scope{i % 7}/pkg-{i}" if i % 5 == 0 else f"pkg-{i}"
        requires = [j for j in (i + 1 + (i * 7) % 50, i + 2 + (i * 13) % 50) if j < count]
        found.append((name, f"{1 + i % 4}.{i % 17}.{i % 9}", requires))
    return found


def generate(kind: str, count: int, dest: Path) -> Path:
    packages = _packages(count)
    path = dest / kind
    if kind == "package-lock.json":
        entries: dict[str, object] = {"": {"name": "bench", "version": "1.0.0"}}
        for i, (name, version, requires) in enumerate(packages):
            entries[f"node_modules/{name}"] = {
                "version": version,
                "resolved": f"https://registry.npmjs.org/{name}/-/x-{version}.tgz",
                "integrity": "sha512-AAAA",
                "dev": i % 3 == 0,
                "dependencies": {packages[j][0]: f"^{packages[j][1]}" for j in requires},
            }
            if i % 10 == 0 and requires:
                nested = packages[requires[0]][0]
                entries[f"node_modules/{name}/node_modules/{nested}"] = {"version": "0.0.1"}
        path.write_text(json.dumps({"name": "bench", "lockfileVersion": 3, "packages": entries}, indent=2))
    elif kind == "yarn.lock":
        blocks = ["# yarn lockfile v1\n"]
        for name, version, requires in packages:
            deps = "".join(f'    "{packages[j][0]}" "^{packages[j][1]}"\n' for j in requires)
            blocks.append(
                f'"{name}@^{version}":\n  version "{version}"\n  resolved "https://r/{name}"\n'
                + (f"  dependencies:\n{deps}" if deps else "")
            )
        path.write_text("\n".join(blocks))
    elif kind == "pnpm-lock.yaml":
        lines = ["lockfileVersion: '9.0'", "", "importers:", "  .:", "    dependencies:"]
        lines += [f"      '{n}':\n        specifier: ^{v}\n        version: {v}" for n, v, _ in packages[:50]]
        lines += ["", "packages:", ""]
        lines += [f"  '{n}@{v}':\n    resolution: {{integrity: sha512-AAAA}}\n" for n, v, _ in packages]
        lines += ["snapshots:", ""]
        for name, version, requires in packages:
            deps = "".join(f"      '{packages[j][0]}': {packages[j][1]}\n" for j in requires)
            lines.append(f"  '{name}@{version}':" + (f"\n    dependencies:\n{deps}" if deps else " {}\n"))
        path.write_text("\n".join(lines) + "\n")
    elif kind == "gradle.lockfile":
        rows = [
            f"org.bench{i % 50}:{name.replace('/', '-').lstrip('@')}:{version}=compileClasspath,runtimeClasspath"
            for i, (name, version, _) in enumerate(packages)
        ]
        path.write_text("# Gradle lock file\n" + "\n".join(rows) + "\nempty=\n")
    elif kind == "pom.xml":
        deps = "".join(
            f"<dependency><groupId>org.bench{i % 50}</groupId><artifactId>a{i}</artifactId>"
            f"<version>${{v{i % 100}}}</version></dependency>\n"
            for i in range(len(packages))
        )
        props = "".join(f"<v{i}>1.{i}.0</v{i}>" for i in range(100))
        path.write_text(
            f"<project><modelVersion>4.0.0</modelVersion><properties>{props}</properties>"
            f"<dependencies>\n{deps}</dependencies></project>\n"
        )
    else:
        raise SystemExit(f"unknown format {kind}")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--components", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gatekeeper-locks-") as temp:
        dest = args.keep or Path(temp)
        dest.mkdir(parents=True, exist_ok=True)
        print(f"{'format':<20} {'size':>9} {'components':>11} {'relations':>10} {'median':>9}")
        for kind in FORMATS:
            path = generate(kind, args.components, dest)
            times, found = [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                found = read_manifest(dest, kind)
                times.append(time.perf_counter() - start)
            relations = sum(len(r.depends_on) for r in found)
            size = f"{path.stat().st_size / 1e6:.1f} MB"
            print(f"{kind:<20} {size:>9} {len(found):>11} {relations:>10} {statistics.median(times):>8.3f}s")


if __name__ == "__main__":
    main()
