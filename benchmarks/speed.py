"""gatekeeper against the raw tools, in the same run, on real code.

    python benchmarks/speed.py [--runs 5] [--corpus django==5.1.4] [--corpus example]

For each corpus (a pinned sdist from PyPI, unpacked into a cache directory, or `example`):
  A  the raw tools by hand, one after the other: semgrep with our rules (`semgrep scan`, its
     default Python front end), bandit, and pip-audit on the corpus's requirements files against
     the same advisories gatekeeper reads, served by a local OSV API (`--osv-url`)
  A' the same with semgrep's native front end (`semgrep scan --experimental`), which gatekeeper
     uses: B/A' is what running the tools side by side saves beyond that
  A + detect-secrets: A and a secrets scan by hand, as gatekeeper scans for secrets too
  B  gatekeeper scan, cold cache
  C  gatekeeper scan again, warm cache, nothing changed
  D  warm cache after editing one file
  E  gatekeeper scan FILE on one file (the pre-commit case), against semgrep alone on that file
Each figure is the median wall time of --runs runs, the commands interleaved so that a noisy
machine slows all of them alike (an A is the sum of one run's tools); peak memory is the largest resident set of any one process.
semgrep by hand reads the same files as gatekeeper: an empty `.semgrepignore` in the corpus turns
off semgrep's built-in ignore list (which skips `tests/`, for one), so A does not do less work.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from gatekeeper.advisories.interface import PackageVersion  # noqa: E402
from gatekeeper.advisories.local import LocalOsvSource  # noqa: E402
from gatekeeper.rulepack import RulePack  # noqa: E402
from gatekeeper.scanners.semgrep import semgrep_environment  # noqa: E402

BIN = Path(sys.executable).parent


def fetch(spec: str, cache: Path) -> Path:
    """Download and unpack a pinned sdist once; later runs reuse it."""
    if spec == "example":
        return REPO / "examples" / "payments-api"
    name, _, version = spec.partition("==")
    unpacked = cache / f"{name}-{version}"
    if not unpacked.exists():
        download = cache / "downloads"
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", spec, "-d", str(download)],
            check=True,
            capture_output=True,
        )
        [archive] = [
            p
            for p in download.iterdir()
            if p.name.lower().startswith(name.lower().replace("-", "_")) or p.name.lower().startswith(name.lower())
        ]
        with tarfile.open(archive) as tar:
            tar.extractall(cache / "extract", filter="data")
        shutil.move(next((cache / "extract").iterdir()), unpacked)
    return unpacked


Sample = tuple[float, int, int]
NATIVE = "A' same, semgrep native"


def timed(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> Sample:
    """Wall seconds, peak RSS (KiB) of the largest process, exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


MERGED = Path(tempfile.gettempdir()) / "gatekeeper-bench-rules.yaml"


def semgrep_argv(targets: list[str], native: bool = False) -> list[str]:
    """semgrep by hand with our rule pack, given it the fastest way (one merged config file)."""
    if not MERGED.exists():
        MERGED.write_text(RulePack(REPO / "rules").merged_config)
    return [
        str(BIN / "semgrep"),
        "scan",
        *(["--experimental"] if native else []),
        "--config",
        str(MERGED),
        "--json",
        "--quiet",
        "--metrics=off",
        "--disable-version-check",
        "--no-git-ignore",
        "--jobs",
        str(os.cpu_count() or 1),
        *targets,
    ]


def serve_osv(advisories: Path, cache: Path) -> str:
    """A local stand-in for api.osv.dev's /v1/query, answering from the advisories gatekeeper
    reads, so pip-audit audits offline against the same data. Returns its URL."""
    source = LocalOsvSource(advisories, cache_dir=cache)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            package = PackageVersion.of(query["package"]["name"], query["version"])
            with lock:  # one sqlite connection
                found = source.query([package])[package]
            vulns = [
                {
                    "id": v.id,
                    "aliases": list(v.aliases),
                    "summary": v.summary,
                    "affected": [
                        {
                            "package": {"name": package.name, "ecosystem": "PyPI"},
                            "ranges": [
                                {
                                    "type": "ECOSYSTEM",
                                    "events": [{"introduced": "0"}, *({"fixed": f} for f in v.fixed_versions)],
                                }
                            ],
                        }
                    ],
                }
                for v in found
            ]
            body = json.dumps({"vulns": vulns} if vulns else {}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/v1/query"


def requirement_files(tree: Path) -> list[Path]:
    return sorted(p for p in tree.rglob("*.txt") if "requirements" in p.as_posix().lower())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", action="append", help="example, or NAME==VERSION of a PyPI sdist")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "gatekeeper-bench-corpora")
    parser.add_argument("--advisories", type=Path, default=REPO / "examples" / "payments-api" / "advisories")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    MERGED.unlink(missing_ok=True)
    work = Path(tempfile.mkdtemp(prefix="gatekeeper-bench-"))
    env = dict(semgrep_environment(work), GATEKEEPER_HMAC_KEY="b" * 64)
    osv_url = serve_osv(args.advisories, work / "osv-index")
    gatekeeper = [str(BIN / "gatekeeper"), "scan", "--format", "json", "--advisories", str(args.advisories)]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.runs} runs each, medians")
    for spec in args.corpus or ["example", "django==5.1.4"]:
        source = fetch(spec, args.cache)
        tree = work / source.name
        shutil.rmtree(tree, ignore_errors=True)
        shutil.copytree(source, tree)
        (tree / ".semgrepignore").write_text("")  # semgrep by hand reads tests/ too, as gatekeeper does
        py_files = sorted(p for p in tree.rglob("*.py") if "__pycache__" not in p.parts)
        lines = sum(len(p.read_bytes().splitlines()) for p in py_files)
        one = str(py_files[len(py_files) // 2])
        edited = py_files[len(py_files) // 3]
        warm = work / f"warm-{source.name}"
        subprocess.run([*gatekeeper, str(tree), "--cache-dir", str(warm)], env=env, capture_output=True)

        requirements = [arg for path in requirement_files(tree) for arg in ("-r", str(path))]
        pip_audit = [
            str(BIN / "pip-audit"),
            *requirements,
            "--no-deps",
            "--disable-pip",
            "--vulnerability-service",
            "osv",
            "--osv-url",
            osv_url,
            "--format",
            "json",
            "--progress-spinner",
            "off",
            "--cache-dir",
            str(work / "pip-audit"),
        ]

        def cold() -> Sample:
            fresh = work / f"cold-{time.monotonic_ns()}"
            outcome = timed([*gatekeeper, str(tree), "--cache-dir", str(fresh)], env)
            shutil.rmtree(fresh, ignore_errors=True)
            return outcome

        def edit_one() -> Sample:
            with edited.open("a") as handle:
                handle.write(f"# edit {time.monotonic_ns()}\n")
            return timed([*gatekeeper, str(tree), "--cache-dir", str(warm)], env)

        # Each raw tool is timed on its own; A is the sum of one run's tools (one after the other).
        cases: dict[str, Callable[[], Sample]] = {
            "semgrep alone on tree": lambda: timed(semgrep_argv([str(tree)]), env),
            "semgrep native on tree": lambda: timed(semgrep_argv([str(tree)], native=True), env),
            "bandit": lambda: timed([str(BIN / "bandit"), "-r", "-q", "-f", "json", str(tree)], env),
            "pip-audit": lambda: timed(pip_audit, env) if requirements else (0.0, 0, 0),
            "detect-secrets": lambda: timed(
                [str(BIN / "detect-secrets"), "scan", "--all-files", str(tree)], env, cwd=tree
            ),
            "B gatekeeper, cold cache": cold,
            "C gatekeeper, warm cache": lambda: timed([*gatekeeper, str(tree), "--cache-dir", str(warm)], env),
            "D warm, one file edited": edit_one,
            "E gatekeeper scan FILE": lambda: timed([*gatekeeper, one, "--no-cache"], env, cwd=tree),
            "semgrep alone on FILE": lambda: timed(semgrep_argv([one]), env, cwd=tree),
            "semgrep native on FILE": lambda: timed(semgrep_argv([one], native=True), env, cwd=tree),
        }
        samples: dict[str, list[Sample]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, case in cases.items():
                samples[name].append(case())
        sequences = {
            "A semgrep + bandit + pip-audit": ("semgrep alone on tree", "bandit", "pip-audit"),
            "A' same, semgrep native": ("semgrep native on tree", "bandit", "pip-audit"),
            "A + detect-secrets": ("semgrep alone on tree", "bandit", "pip-audit", "detect-secrets"),
        }
        for name, tools in sequences.items():
            samples[name] = [
                (sum(samples[t][i][0] for t in tools), max(samples[t][i][1] for t in tools), 0)
                for i in range(args.runs)
            ]
        wall = {name: statistics.median(s[0] for s in runs) for name, runs in samples.items()}
        peak = {name: max(s[1] for s in runs) for name, runs in samples.items()}
        print(f"\n{spec}: {len(py_files)} Python files, {lines} lines")
        for name in samples:
            print(f"  {name:32} {wall[name]:8.2f} s   peak {peak[name] / 1024:7.0f} MiB")
        b = wall["B gatekeeper, cold cache"]
        print(
            f"  B/A {b / wall['A semgrep + bandit + pip-audit']:.2f} (target <= 0.75)"
            f"   B/A' {b / wall[NATIVE]:.2f}   B/(A + detect-secrets) {b / wall['A + detect-secrets']:.2f}"
        )
        print(
            f"  C/B {wall['C gatekeeper, warm cache'] / b:.2f} (<= 0.10)"
            f"   D/B {wall['D warm, one file edited'] / b:.2f} (<= 0.20)"
        )
        print(
            f"  E/semgrep-on-FILE {wall['E gatekeeper scan FILE'] / wall['semgrep alone on FILE']:.2f} (<= 1.3)"
            f"   E/semgrep-native-on-FILE {wall['E gatekeeper scan FILE'] / wall['semgrep native on FILE']:.2f}"
        )
        print(
            f"  peak B/semgrep {peak['B gatekeeper, cold cache'] / peak['semgrep alone on tree']:.2f} (<= 1.25)"
            f"   peak B/semgrep-native {peak['B gatekeeper, cold cache'] / peak['semgrep native on tree']:.2f}"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
