"""Hostile and odd inputs never crash or hang the gate: each gets a verdict (exit 0, 1 or 2 as the
contract says), no traceback, and a clear reason for whatever was not scanned.

Most inputs live together in one "zoo" tree scanned once by every scanner (semgrep is the slow
one); each input then has its own test against that one report. Inputs that must end the scan
with exit 2, or need a set-up of their own (20,000 files, git states, configurations), have
their own runs with the scanners they concern. `HANG_LIMIT` (helpers) detects a hang; no test
asserts how long anything takes.

Simulated, and said so where it is done: a file that cannot be read. Root reads any file whatever
its mode, so as root the unreadable file is a permission error injected into the secrets
scanner's read (in-process); without root, a real `chmod 000` file is scanned through the CLI.
A FIFO (a file that is not a regular file) is real in both cases.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest

from gatekeeper import engine
from gatekeeper.config import Policy
from gatekeeper.gate import verdict
from tests.adapters.conftest import git, make_repo
from tests.advisories.helpers import OSV_FIXTURE
from tests.conftest import CLEAN_PY, VULNERABLE_PY
from tests.reliability.helpers import (
    AWS_KEY_ID,
    SECRET_RULE,
    error_line,
    gate,
    is_root,
    load_report,
    no_crash,
    plant_evidence,
    scanner_entry,
)

ALL_SCANNERS = (
    "bandit",
    "cloudformation",
    "dependencies",
    "kubernetes",
    "render",
    "secrets",
    "semgrep",
    "taint",
    "terraform",
)
DEPTH = 100
ODD_NAMES = ("with space.py", "ünïcödé.py", "new\nline.py", "tab\there.py", "-rf.py", "--version.py")
"""Names a naive tool chokes on: spaces, non-ASCII, a newline, a tab, and names that read as options."""


def billion_laughs(levels: int = 9) -> str:
    """Nine aliases of nine aliases of ...: 9**9 values once expanded, a few hundred bytes on disk."""
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdefgh", "bcdefghi"[: levels - 1]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# --- the zoo ------------------------------------------------------------------------------------


def build_zoo(root: Path, outside: Path) -> None:
    rng = random.Random(10)
    binary = root / "binary"
    binary.mkdir(parents=True)
    (binary / "logo.png").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (binary / "blob").write_bytes(b"\x00\x01\x02\xff" * 1000)

    enc = root / "encodings"
    enc.mkdir()
    (enc / "latin1.py").write_bytes('# -*- coding: latin-1 -*-\nNAME = "café"\n'.encode("latin-1"))
    (enc / "mixed.txt").write_bytes(
        "utf-8: café\n".encode() + "latin-1: café\n".encode("latin-1") + b"\xff\xfe\xc3\x28 broken\n"
    )
    (enc / "utf16.cfg").write_bytes(f"aws_access_key_id = {AWS_KEY_ID}\n".encode("utf-16"))
    (enc / "legacy.ini").write_bytes(f"[aws]\nowner = Zoë\naws_access_key_id = {AWS_KEY_ID}\n".encode("latin-1"))

    empty = root / "empty"
    empty.mkdir()
    for name in ("empty.py", "empty.tf", "requirements.txt", "empty.yaml", "Dockerfile", "empty.json", "empty.txt"):
        (empty / name).write_bytes(b"")

    deep = root.joinpath(*["d"] * DEPTH)
    deep.mkdir(parents=True)
    (deep / "deep.py").write_text(VULNERABLE_PY)

    names = root / "names"
    names.mkdir()
    for name in ODD_NAMES:
        (names / name).write_text(VULNERABLE_PY)
    for name in ("-rf.py", "--version.py"):  # at the top: the relative path itself starts with '-'
        (root / name).write_text(VULNERABLE_PY)

    outside.mkdir(parents=True)
    (outside / "secret.py").write_text(f'AWS_ACCESS_KEY_ID = "{AWS_KEY_ID}"\n')
    (outside / "vuln.py").write_text(VULNERABLE_PY)
    links = root / "links"
    links.mkdir()
    os.symlink("loop", links / "loop")
    os.symlink("b", links / "a")
    os.symlink("a", links / "b")
    os.symlink(links, links / "parent", target_is_directory=True)
    os.symlink(outside / "secret.py", links / "outside.py")
    os.symlink(outside, links / "outside-dir", target_is_directory=True)
    os.symlink("../names/with space.py", links / "inside.py")

    special = root / "special"
    special.mkdir()
    os.mkfifo(special / "fifo")


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    base = tmp_path_factory.mktemp("zoo")
    build_zoo(base / "project", base / "outside")
    report = base / "report.json"
    proc = gate(
        "scan", str(base / "project"), "-o", f"json={report}", env={"GATEKEEPER_CACHE_DIR": str(base / "cache")}
    )
    return proc, json.loads(report.read_text()) if report.is_file() else {}


def findings_at(report: dict[str, Any], path: str) -> set[tuple[str, tuple[str, ...]]]:
    return {(f["rule_id"], tuple(f["scanners"])) for f in report["findings"] if f["location"]["path"] == path}


def excluded(report: dict[str, Any]) -> dict[str, str]:
    return {e["path"]: e["reason"] for e in report["scan"]["coverage"]["excluded"]}


def scanned_by(report: dict[str, Any], name: str) -> set[str]:
    return set(scanner_entry(report, name)["scanned"])


def test_the_zoo_gets_a_verdict_from_every_scanner(
    zoo: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    proc, report = zoo
    no_crash(proc)
    assert proc.returncode == 1, proc.stderr  # the planted findings; nothing lost, nothing crashed
    assert {s["name"]: (s["status"], s["errors"], s["skipped"]) for s in report["scan"]["scanners"]} == {
        name: ("ok", [], []) for name in ALL_SCANNERS
    }


def test_binary_files_are_not_applicable_with_the_reason(
    zoo: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    _, report = zoo
    reasons = {n["path"]: n["reason"] for n in scanner_entry(report, "secrets")["not_applicable"]}
    assert "binary" in reasons["binary/logo.png"] and "binary" in reasons["binary/blob"]


def test_legacy_and_mixed_encodings_are_read(zoo: tuple[subprocess.CompletedProcess[str], dict[str, Any]]) -> None:
    _, report = zoo
    assert "encodings/latin1.py" in scanned_by(report, "bandit") & scanned_by(report, "semgrep")
    assert "encodings/mixed.txt" in scanned_by(report, "secrets")
    # A secret is found whatever the file's encoding: UTF-16 with a BOM, Latin-1.
    for path in ("encodings/utf16.cfg", "encodings/legacy.ini"):
        assert findings_at(report, path) == {(SECRET_RULE, ("secrets",))}, path


def test_empty_files_are_scanned_and_clean(zoo: tuple[subprocess.CompletedProcess[str], dict[str, Any]]) -> None:
    _, report = zoo
    assert {"empty/empty.py"} <= scanned_by(report, "bandit")
    assert {"empty/empty.py", "empty/empty.yaml", "empty/Dockerfile"} <= scanned_by(report, "semgrep")
    assert {"empty/empty.tf"} <= scanned_by(report, "terraform")
    assert {"empty/requirements.txt"} <= scanned_by(report, "dependencies")
    assert not [f for f in report["findings"] if f["location"]["path"].startswith("empty/")]


def test_deeply_nested_code_is_found(zoo: tuple[subprocess.CompletedProcess[str], dict[str, Any]]) -> None:
    _, report = zoo
    path = "/".join(["d"] * DEPTH) + "/deep.py"
    assert ("python-command-injection", ("semgrep", "bandit")) in findings_at(report, path)


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_file_names_are_scanned_under_their_own_name(
    name: str, zoo: tuple[subprocess.CompletedProcess[str], dict[str, Any]]
) -> None:
    _, report = zoo
    assert ("python-command-injection", ("semgrep", "bandit")) in findings_at(report, f"names/{name}")


@pytest.mark.parametrize("name", ["-rf.py", "--version.py"])
def test_names_that_read_as_options_are_files(
    name: str, zoo: tuple[subprocess.CompletedProcess[str], dict[str, Any]]
) -> None:
    _, report = zoo
    assert ("python-command-injection", ("semgrep", "bandit")) in findings_at(report, name)


def test_symbolic_links_never_lead_out_of_the_tree(
    zoo: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    _, report = zoo
    reasons = excluded(report)
    for loop in ("links/loop", "links/a", "links/b"):
        assert reasons[loop] == "broken or looping symbolic link"
    assert reasons["links/outside.py"] == "symbolic link to a file outside the scan root (not followed)"
    paths = {f["location"]["path"] for f in report["findings"]}
    # Neither the linked secret nor the vulnerable file in the linked directory is read.
    assert not [p for p in paths if p.startswith("links/outside") or "vuln.py" in p or "parent/" in p], paths
    assert AWS_KEY_ID not in json.dumps(report)


def test_a_link_within_the_tree_is_scanned_by_every_scanner(
    zoo: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    """semgrep refuses a link as a target and used to fail the whole run over it."""
    _, report = zoo
    assert ("python-command-injection", ("semgrep", "bandit")) in findings_at(report, "links/inside.py")


def test_special_files_are_excluded_with_the_reason(
    zoo: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    _, report = zoo
    assert excluded(report)["special/fifo"] == "not a regular file"


# --- inputs with runs of their own ---------------------------------------------------------------


def write_minified(path: Path, size: int) -> None:
    """`size` bytes of JavaScript on one line (generated here: no 50 MB file in the repository)."""
    chunk = b"var a=function(b){return b+1};" * 4096
    with path.open("wb") as handle:
        for _ in range(size // len(chunk) + 1):
            handle.write(chunk)


def test_a_50_mb_minified_file_is_left_out_with_the_reason_and_the_gate_says_so(tmp_path: Path) -> None:
    """Left out (not read: no scanner chokes on it), and named: the scanners that would have read it
    lost that coverage, so the scan is incomplete unless the policy leaves the file out itself."""
    project = tmp_path / "project"
    (project / "dist").mkdir(parents=True)
    (project / "app.py").write_text(CLEAN_PY)
    write_minified(project / "dist" / "bundle.min.js", 50 * 1024 * 1024)
    (project / "dist" / "app.min.js").write_bytes(b"var a=1;" * 30_000)
    report_file = tmp_path / "report.json"
    args = ("scan", str(project), "--scanner", "bandit", "--scanner", "secrets", "-o", f"json={report_file}")

    proc = gate(*args)
    assert proc.returncode == 2
    # The secrets scanner reads minified text (issue 16, point 14): only the file over the size limit is lost.
    error_line(
        proc, "secrets: could not scan 1 file(s), e.g. dist/bundle.min.js (not scanned: larger than 5000000 bytes"
    )
    reasons = excluded(load_report(report_file))
    size = (project / "dist" / "bundle.min.js").stat().st_size
    assert size >= 50 * 1024 * 1024
    assert reasons["dist/bundle.min.js"] == f"larger than 5000000 bytes ({size}; paths.max_file_bytes)"
    assert reasons["dist/app.min.js"].startswith("minified or generated (a line longer than 10000 characters)")

    # Left out by the policy, it is a deliberate, recorded choice: the scan is complete.
    (project / ".gatekeeper.yml").write_text("paths:\n  exclude: [dist/]\n")
    proc = gate(*args)
    assert proc.returncode == 0, proc.stderr


def test_a_long_line_cannot_take_code_out_of_the_gate(tmp_path: Path) -> None:
    """A comment line over the minified threshold used to leave the whole file unscanned, and the
    gate passed it: any code could be smuggled past it that way."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text("# " + "x" * 10_001 + "\n" + VULNERABLE_PY)
    proc = gate("scan", str(project), "--scanner", "bandit", "--scanner", "secrets")
    assert proc.returncode == 2
    error_line(proc, "bandit: could not scan 1 file(s), e.g. app.py (not scanned: minified or generated")


def test_binary_content_in_a_python_file_is_lost_coverage(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "weird.py").write_bytes(b"import os\n\x00\x01\x02\xff\xfe binary \x00\n")
    proc = gate("scan", str(project), "--scanner", "bandit", "--scanner", "secrets")
    assert proc.returncode == 2
    error_line(proc, "bandit: could not scan 1 file(s), e.g. weird.py")


def test_twenty_thousand_small_files(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for i in range(20_000):
        package = project / f"pkg{i // 500:02d}"
        package.mkdir(parents=True, exist_ok=True)
        (package / f"m{i:05d}.py").write_text(f"VALUE_{i} = {i}\n")
    (project / "pkg24" / "m12345.py").write_text(f'AWS_ACCESS_KEY_ID = "{AWS_KEY_ID}"\n')
    report_file = tmp_path / "report.json"
    proc = gate(
        "scan",
        str(project),
        "--scanner",
        "secrets",
        "-o",
        f"json={report_file}",
        env={"GATEKEEPER_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert proc.returncode == 1, proc.stderr
    report = load_report(report_file)
    assert report["scan"]["coverage"]["files"] == 20_000
    assert len(scanner_entry(report, "secrets")["scanned"]) == 20_000
    assert [(f["location"]["path"], f["rule_id"]) for f in report["findings"]] == [("pkg24/m12345.py", SECRET_RULE)]


def test_a_yaml_bomb_as_the_configuration_is_refused(tmp_path: Path) -> None:
    project = plant_evidence(tmp_path / "project")
    (project / ".gatekeeper.yml").write_text(billion_laughs())
    proc = gate("scan", str(project), "--scanner", "secrets")
    assert proc.returncode == 2
    error_line(proc, ".gatekeeper.yml: more than 1,000,000 values once its aliases are expanded")


def test_a_yaml_bomb_in_the_scanned_files_is_lost_coverage(tmp_path: Path) -> None:
    project = plant_evidence(tmp_path / "project")
    (project / "deploy.yaml").write_text(billion_laughs())
    (project / ".gatekeeper.yml").write_text("scanners:\n  semgrep: {rule_timeout: 2}\n")
    proc = gate("scan", str(project), "--scanner", "semgrep", "--scanner", "secrets")
    no_crash(proc)
    assert proc.returncode == 2
    error_line(proc, "semgrep: could not scan 1 file(s), e.g. deploy.yaml")


def test_a_huge_configuration_is_loaded(tmp_path: Path) -> None:
    project = plant_evidence(tmp_path / "project")
    patterns = "\n".join(f'    - "generated/{i:06d}/**"' for i in range(50_000))
    (project / ".gatekeeper.yml").write_text(f"paths:\n  exclude:\n{patterns}\n")
    proc = gate("scan", str(project), "--scanner", "secrets")
    assert proc.returncode == 1, proc.stderr  # the planted key, judged under the file's policy
    no_crash(proc)


MALFORMED = [
    ("requirements.txt", b"flask==\n!!!garbage ###\n", "requirements.txt (line 1: Invalid requirement"),
    (
        "requirements.txt",
        b"-r missing.txt\ndemo-pkg==1.0.0\n",
        "requirements.txt (line 1: included file missing.txt not found",
    ),
    ("requirements.txt", b"demo-pkg==1.0.0\x00\n", "requirements.txt (line 1: Invalid requirement"),
    ("poetry.lock", b"[[package]\nname='x'\n", "poetry.lock (invalid TOML"),
    ("Pipfile.lock", b'{"default": {"flask": ', "Pipfile.lock (invalid JSON at line 1"),
    ("uv.lock", b"version = 1\n[[package]]\nname = 5\n", "uv.lock (package #1 has no name)"),
    ("pylock.toml", b'lock-version = "1.0"\n[[packages]]\nname = ["x"]\n', "pylock.toml (package #1 has no name)"),
    ("pyproject.toml", b"[project\nname = 'x'\n", "pyproject.toml: invalid TOML"),
    (
        "Pipfile.lock",
        b'{"default": ' + b"[\n" * 100_000 + b"]\n" * 100_000 + b"}",
        "Pipfile.lock (nested too deeply to parse)",
    ),
    ("uv.lock", b"x = " + b"[\n" * 3_000 + b"]\n" * 3_000, "uv.lock (nested too deeply to parse)"),
]


@pytest.mark.parametrize(("name", "content", "said"), MALFORMED, ids=[f"{m[0]}-{i}" for i, m in enumerate(MALFORMED)])
def test_a_malformed_manifest_or_lock_file_is_named(name: str, content: bytes, said: str, tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / name).write_bytes(content)
    proc = gate("scan", str(project), "--scanner", "dependencies", "--advisories", str(OSV_FIXTURE))
    assert proc.returncode == 2
    error_line(proc, said)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('resource "aws_s3_bucket" "x" {\n  bucket = \n', "main.tf (cannot parse HCL: UnexpectedToken at line 2"),
        ("locals {\n  x = " + "[" * 4000 + "]" * 4000 + "\n}\n", "main.tf (cannot parse HCL"),
    ],
    ids=["malformed", "nested-4000-deep"],
)
def test_malformed_or_deeply_nested_terraform_is_lost_coverage(content: str, said: str, tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "main.tf").write_text(content)
    proc = gate("scan", str(project), "--scanner", "terraform")
    assert proc.returncode == 2
    error_line(proc, said)


@pytest.mark.parametrize(
    "manifest",
    [
        ("requirements.txt", "demo-pkg==1.0.0\n".encode("utf-16")),
        ("requirements.txt", b"-r requirements.txt\ndemo-pkg==1.0.0\n"),
    ],
    ids=["utf-16", "includes-itself"],
)
def test_odd_but_valid_manifests_are_audited(manifest: tuple[str, bytes], tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / manifest[0]).write_bytes(manifest[1])
    report_file = tmp_path / "report.json"
    proc = gate(
        "scan", str(project), "--scanner", "dependencies", "--advisories", str(OSV_FIXTURE), "-o", f"json={report_file}"
    )
    assert proc.returncode == 1, proc.stderr
    assert "PYSEC-2099-1" in {f["rule_id"] for f in load_report(report_file)["findings"]}


@pytest.mark.parametrize(
    "include", ["-r {outside}", "-r ../outside/environ", "-c link.txt"], ids=["absolute", "dot-dot", "link"]
)
def test_an_include_out_of_the_tree_is_lost_coverage_and_never_read(include: str, tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "environ"  # stands for /proc/self/environ: a CI job's tokens
    outside.parent.mkdir()
    outside.write_text("ci-secret-qwxzj==1.0\nsecond-secret-vqkzy\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "link.txt").symlink_to(outside)
    (project / "requirements.txt").write_text("demo-pkg==1.0.0\n" + include.format(outside=outside) + "\n")
    report_file = tmp_path / "report.json"
    proc = gate(
        "scan", str(project), "--scanner", "dependencies", "--advisories", str(OSV_FIXTURE), "-o", f"json={report_file}"
    )
    assert proc.returncode == 2
    error_line(proc, "requirements.txt (line 2: included file ", "is outside the scan root: not read")
    assert scanner_entry(load_report(report_file), "dependencies")["skipped"][0]["path"] == "requirements.txt"
    for output in (proc.stdout, proc.stderr, report_file.read_text()):
        assert "qwxzj" not in output and "vqkzy" not in output


# --- git states ----------------------------------------------------------------------------------


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """main: three commits; feature: one more, adding vulnerable code."""
    repo = make_repo(tmp_path / "origin", {"app.py": CLEAN_PY})
    for n in range(2):
        (repo / f"m{n}.py").write_text(f"X = {n}\n")
        git(repo, "add", "--all")
        git(repo, "commit", "--quiet", "-m", f"main {n}")
    git(repo, "checkout", "--quiet", "-b", "feature")
    (repo / "export.py").write_text(VULNERABLE_PY)
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "feature")
    return repo


def test_a_detached_head_is_scanned_and_its_commit_recorded(history: Path, tmp_path: Path) -> None:
    git(history, "checkout", "--quiet", "--detach", "HEAD")
    report_file = tmp_path / "report.json"
    proc = gate("scan", str(history), "--scanner", "bandit", "--scanner", "secrets", "-o", f"json={report_file}")
    assert proc.returncode == 1, proc.stderr
    assert load_report(report_file)["scan"]["commit"] == git(history, "rev-parse", "HEAD")


def test_a_shallow_clone_is_scanned_and_diff_scans_say_what_history_is_missing(history: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", "--branch", "feature", f"file://{history}", str(clone)],
        check=True,
        capture_output=True,
    )
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    report_file = tmp_path / "report.json"
    scan = ("scan", str(clone), "--scanner", "bandit", "--scanner", "secrets")
    proc = gate(*scan, "-o", f"json={report_file}")
    assert proc.returncode == 1, proc.stderr
    assert load_report(report_file)["scan"]["commit"] == git(clone, "rev-parse", "HEAD")

    proc = gate(*scan, "--diff-base", "origin/main")
    assert proc.returncode == 2
    error_line(proc, "unknown revision 'origin/main'", "fetch the base branch")

    git(clone, "fetch", "--quiet", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    proc = gate(*scan, "--diff-base", "origin/main")
    assert proc.returncode == 2
    error_line(proc, "have no merge-base (a shallow clone?")


# --- files that cannot be read -------------------------------------------------------------------


@pytest.mark.skipif(is_root(), reason="root reads a chmod 000 file: see the simulated test below")
def test_an_unreadable_file_is_lost_coverage(tmp_path: Path) -> None:
    project = plant_evidence(tmp_path / "project")
    locked = project / "locked.py"
    locked.write_text(VULNERABLE_PY)
    locked.chmod(0)
    try:
        proc = gate("scan", str(project), "--scanner", "bandit", "--scanner", "secrets")
    finally:
        locked.chmod(0o644)
    assert proc.returncode == 2
    error_line(proc, "could not scan 1 file(s), e.g. locked.py")


def test_an_unreadable_file_is_lost_coverage_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated: reading `locked.py` raises PermissionError (what a 000 file gives a non-root user)."""
    project = plant_evidence(tmp_path / "project")
    (project / "locked.py").write_text("X = 1\n")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.py":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = engine.run(engine.ScanRequest(paths=(project,), scanners=("secrets",)))
    outcome = verdict(result, Policy())
    assert outcome.exit_code == 2
    assert outcome.reasons[0] == "secrets: could not scan 1 file(s), e.g. locked.py (cannot be read: Permission denied)"
    assert [f.rule_id for f in result.findings] == [SECRET_RULE]
