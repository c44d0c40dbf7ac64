"""Fail closed: the fault matrix, one row per fault, through the CLI as a pipeline runs it.

Every row makes one scanner fail for one reason while the others work, and checks the contract
(docs/security.md): exit 2; one `gatekeeper: error:` line naming the scanner and the cause; the
JSON report still written, with the healthy scanners' findings (partial results); the failed
scanner's status recorded; and every control whose evidence comes from it "not assessed".

How each fault is made, honestly:
- missing from PATH: an interpreter of its own (a bare virtual environment) with no semgrep or
  bandit next to it, and $PATH without them: the tool is really not there;
- not importable: the tool's own entry point run by Python with site-packages turned off (`-I -S`),
  so `import semgrep` / `import bandit` really fails, as in a broken installation;
- killed, hanging, garbage: a stand-in executable (GATEKEEPER_SEMGREP / GATEKEEPER_BANDIT) that
  kills itself mid-report, sleeps past the scanner's configured timeout, or prints garbage;
- invalid rule file, unparseable file, advisory database missing/corrupt/stale: the real tools and
  the real database code on broken data.
Rows that break bandit run a semgrep stand-in that reports a clean scan of every file it is given,
so that the static-analysis evidence is decided by bandit alone (and no row pays for semgrep).

Faults in writing the reports (disk full, read-only directory) are the second matrix below.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from gatekeeper import config as config_module
from gatekeeper.advisories.local import MAX_RECORD_BYTES
from gatekeeper.errors import GatekeeperError
from gatekeeper.rulepack import RulePack, default_rules_dir
from gatekeeper.scanners import build_scanners
from tests import system_tools
from tests.advisories.helpers import OSV_FIXTURE, declare_sizes
from tests.conftest import REPO
from tests.reliability.helpers import (
    HANG_LIMIT,
    SECRET_RULE,
    assert_not_assessed,
    bare_python,
    can_mount,
    error_line,
    gate,
    is_root,
    load_report,
    path_without,
    plant_evidence,
    scanner_entry,
    tmpfs,
)

TOOLS = Path(sys.executable).parent
VERSION_OK = '[ "$1" = --version ] && { echo "1.182.0"; exit 0; }'
SEMGREP_CLEAN = (
    VERSION_OK
    + r"""
seen=; files=
for a in "$@"; do
  if [ -n "$seen" ]; then files="$files${files:+,}\"$a\""; fi
  [ "$a" = -- ] && seen=1
done
printf '{"version": "1.182.0", "results": [], "errors": [], "paths": {"scanned": [%s]}}\n' "$files"
"""
)
"""A semgrep stand-in that scans every file it is given and finds nothing."""


def not_importable(module: str) -> str:
    """The tool's console script as installed (`from X import main`), run without site-packages."""
    entry = {"semgrep": "semgrep.console_scripts.entrypoint", "bandit": "bandit.cli.main"}[module]
    return f'exec "{sys.executable}" -I -S -c "from {entry} import main; main()" "$@"'


@dataclass(frozen=True)
class Fault:
    id: str
    scanner: str
    """The scanner that fails; the others in `scanners` work."""
    scanners: tuple[str, ...]
    cause: str
    """What the one error line, the evidence source and the not-assessed controls all say."""
    tool: str | None = None
    """Body of a stand-in executable for `scanner` (GATEKEEPER_<SCANNER>)."""
    config: str | None = None
    args: tuple[str, ...] = ()
    setup: Callable[[Path, Path], tuple[str, ...]] | None = None
    """(project, tmp) -> extra arguments; damages the project or the data it needs."""
    bare: bool = False
    """Run with an interpreter that has no semgrep or bandit next to it, and $PATH without them."""
    prelude: str | None = None
    status: str = "error"
    state: str = "failed"
    env: dict[str, str] = field(default_factory=dict)


def _broken_rule_pack(project: Path, tmp: Path) -> tuple[str, ...]:
    pack = tmp / "pack"
    for part in (REPO / "rules").iterdir():  # every other scanner's data as shipped (bandit, iac, ...)
        if part.is_file():
            (pack / part.name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(part, pack / part.name)
        elif part.name != "semgrep":
            shutil.copytree(part, pack / part.name)
    (pack / "semgrep").mkdir()
    (pack / "semgrep" / "eval.yaml").write_text(
        "rules:\n  - id: python-eval-call\n    languages: [python]\n    severity: ERROR\n"
        "    message: eval() runs arbitrary code\n    metadata: {cwe: ['CWE-95']}\n    pattern: eval(...)\n"
    )
    (pack / "semgrep" / "broken-rule.yaml").write_text(
        # Valid to gatekeeper (gatekeeper/rulepack.py); only semgrep can tell its pattern is broken.
        "rules:\n  - id: broken-rule\n    languages: [python]\n    severity: ERROR\n    message: m\n"
        "    metadata: {cwe: ['CWE-95']}\n    pattern: 'foo(('\n"
    )
    (project / "calc.py").write_text("print(eval(input()))\n")
    return ()


def _unparseable(project: Path, tmp: Path) -> tuple[str, ...]:
    (project / "broken.py").write_text("def broken(:\n    pass\n")
    return ()


def _zip(tmp: Path) -> Path:
    archive = tmp / "all.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(OSV_FIXTURE.rglob("*")):
            if path.is_file():
                bundle.write(path, path.name)
    return archive


def _truncated_zip(project: Path, tmp: Path) -> tuple[str, ...]:
    archive = _zip(tmp)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    return ("--advisories", str(archive))


def _damaged_zip(project: Path, tmp: Path) -> tuple[str, ...]:
    """Directory intact, one member's compressed data damaged: the archive opens, a record does not inflate."""
    archive = _zip(tmp)
    with zipfile.ZipFile(archive) as bundle:
        member = max(bundle.infolist(), key=lambda info: info.compress_size)
    data = bytearray(archive.read_bytes())
    start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
    for i in range(start + 2, start + member.compress_size - 2):
        data[i] ^= 0x5A
    archive.write_bytes(bytes(data))
    return ("--advisories", str(archive))


def _invalid_yaml(project: Path, tmp: Path) -> tuple[str, ...]:
    osv = tmp / "osv"
    shutil.copytree(OSV_FIXTURE, osv)
    (osv / "demo-pkg" / "PYSEC-2099-51.yaml").write_text("id: PYSEC-2099-51\naffected: []\n  bad: indentation\n")
    return ("--advisories", str(osv))


def _zip_bomb(project: Path, tmp: Path) -> tuple[str, ...]:
    """A member that inflates past the record limit (33 KB compressed, 32 MiB + 1 byte inflated)."""
    archive = _zip(tmp)
    with zipfile.ZipFile(archive, "a", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("PYSEC-2099-99.json", b" " * (MAX_RECORD_BYTES + 1))
    return ("--advisories", str(archive))


def _zip_declaring_too_much(project: Path, tmp: Path) -> tuple[str, ...]:
    """Seventy members whose headers each declare just under the record limit: over 2 GiB in all."""
    archive = _zip(tmp)
    with zipfile.ZipFile(archive, "a") as bundle:
        for number in range(70):
            bundle.writestr(f"pad-{number:02d}.json", "{}")
    declare_sizes(archive, "pad-", MAX_RECORD_BYTES - 1)
    return ("--advisories", str(archive))


def _deeply_nested_json(project: Path, tmp: Path) -> tuple[str, ...]:
    osv = tmp / "osv"
    shutil.copytree(OSV_FIXTURE, osv)
    (osv / "demo-pkg" / "PYSEC-2099-53.json").write_text(
        '{"id": "PYSEC-2099-53", "affected": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    return ("--advisories", str(osv))


def _link_out_of_the_database(project: Path, tmp: Path) -> tuple[str, ...]:
    """demo-pkg's records moved out of the database and linked back in: not read, and not silently missing."""
    osv = tmp / "osv"
    shutil.copytree(OSV_FIXTURE, osv)
    (osv / "demo-pkg").rename(tmp / "elsewhere")
    (osv / "demo-pkg").symlink_to(tmp / "elsewhere")
    return ("--advisories", str(osv))


def _fixture_db(project: Path, tmp: Path) -> tuple[str, ...]:
    return ("--advisories", str(OSV_FIXTURE))


SEMGREP_ROWS = tuple(
    name
    for name, scanner in build_scanners(RulePack(default_rules_dir())).items()
    if name != "dependencies" and not scanner.idle({})
)
"""Every registered scanner but the one that needs advisory data (its own rows set that up) and those
with nothing to do without options of their own (the SARIF importer without a file to import): a
scanner added to the registry is in the matrix, and must keep working beside a failing semgrep."""
BANDIT_ROWS = ("semgrep", "bandit", "secrets")
DEPENDENCY_ROWS = ("dependencies", "secrets")
RULES_PRELUDE = "import gatekeeper.engine as e, pathlib; e.default_rules_dir = lambda: pathlib.Path({pack!r})"
"""The CLI with another rule pack (there is no flag for one: the pack ships inside the package)."""
OUTPUT_LIMIT_PRELUDE = "import gatekeeper.scanners.tools as b; b.MAX_OUTPUT_BYTES = 1_000_000"
"""The scanner output limit (256 MiB) lowered in the CLI's process, so a row prints 1 MB, not gigabytes."""

FAULTS = [
    Fault(
        "semgrep-missing-from-path",
        "semgrep",
        SEMGREP_ROWS,
        "semgrep is not installed",
        bare=True,
        env={"GATEKEEPER_BANDIT": str(TOOLS / "bandit")},
    ),
    Fault(
        "semgrep-not-importable", "semgrep", SEMGREP_ROWS, "No module named 'semgrep'", tool=not_importable("semgrep")
    ),
    Fault(
        "semgrep-killed-mid-scan",
        "semgrep",
        SEMGREP_ROWS,
        "semgrep was killed by SIGKILL",
        tool=VERSION_OK + '\nprintf \'{"version": "1.182.0", "results": [{"check_id": \'\nkill -KILL $$',
    ),
    Fault(
        "semgrep-hangs-past-its-timeout",
        "semgrep",
        SEMGREP_ROWS,
        "semgrep timed out after 2s",
        tool=VERSION_OK + "\nexec sleep 300",
        config="scanners:\n  semgrep: {timeout: 2}\n",
    ),
    Fault(
        "semgrep-exits-nonzero-with-garbage",
        "semgrep",
        SEMGREP_ROWS,
        "semgrep exited with code 139 without a JSON report: Segmentation fault",
        tool=VERSION_OK + "\necho '\\x00{{{<<garbage>>'\necho 'Segmentation fault' >&2\nexit 139",
    ),
    Fault(
        "semgrep-exits-zero-with-garbage",
        "semgrep",
        SEMGREP_ROWS,
        "semgrep exited with code 0 without a JSON report",
        tool=VERSION_OK + "\necho 'Scan complete! (not JSON)'\nexit 0",
    ),
    Fault(
        "semgrep-invalid-rule-file",
        "semgrep",
        SEMGREP_ROWS,
        "Rule parse error in rule",
        setup=_broken_rule_pack,
        prelude=RULES_PRELUDE,
    ),
    Fault(
        "bandit-missing-from-path",
        "bandit",
        BANDIT_ROWS,
        "bandit is not installed",
        bare=True,
        env={"GATEKEEPER_SEMGREP": "@clean"},
    ),
    Fault(
        "bandit-not-importable",
        "bandit",
        BANDIT_ROWS,
        "bandit --version failed: ModuleNotFoundError: No module named 'bandit'",
        tool=not_importable("bandit"),
    ),
    Fault(
        "bandit-killed-mid-scan",
        "bandit",
        BANDIT_ROWS,
        "bandit was killed by SIGTERM",
        tool=VERSION_OK + '\nfor a in "$@"; do [ -n "$next" ] && out=$a; next=; [ "$a" = --output ] && next=1; done\n'
        'printf \'{"results": [\' > "$out"\nkill -TERM $$',
    ),
    Fault(
        "bandit-hangs-past-its-timeout",
        "bandit",
        BANDIT_ROWS,
        "bandit timed out after 2s",
        tool=VERSION_OK + "\nexec sleep 300",
        config="scanners:\n  bandit: {timeout: 2}\n",
    ),
    Fault(
        "bandit-exits-nonzero-with-garbage",
        "bandit",
        BANDIT_ROWS,
        "bandit exited with code 3: <<garbage>>",
        tool=VERSION_OK + "\necho '<<garbage>>'\nexit 3",
    ),
    Fault(
        "bandit-cannot-parse-a-file",
        "bandit",
        BANDIT_ROWS,
        "could not scan 1 file(s), e.g. broken.py (bandit: syntax error while parsing AST from file)",
        setup=_unparseable,
        status="partial",
        state="incomplete",
    ),
    Fault(
        "bandit-reports-a-clean-run-of-nothing",
        "bandit",
        BANDIT_ROWS,
        "could not scan 2 file(s), e.g. app.py (bandit: not analysed (handed to bandit, but missing from the files its report lists))",
        tool=VERSION_OK + '\nfor a in "$@"; do [ -n "$next" ] && out=$a; next=; [ "$a" = --output ] && next=1; done\n'
        'echo \'{"results":[],"errors":[]}\' > "$out"; echo \'{"results":[],"errors":[]}\'',
        status="partial",
        state="incomplete",
    ),
    Fault(
        "semgrep-prints-past-the-output-limit",
        "semgrep",
        SEMGREP_ROWS,
        "semgrep wrote more than 1,000,000 bytes of output, gatekeeper's limit on a scanner's report (MAX_OUTPUT_BYTES)",
        tool=VERSION_OK + "\nexec yes '{\"results\": []}'",
        prelude=OUTPUT_LIMIT_PRELUDE,
    ),
    Fault(
        "advisory-database-missing",
        "dependencies",
        DEPENDENCY_ROWS,
        "dependencies: no advisory database: run 'gatekeeper advisories update'",
    ),
    Fault(
        "advisory-database-truncated-zip",
        "dependencies",
        DEPENDENCY_ROWS,
        "all.zip: not a readable zip",
        setup=_truncated_zip,
    ),
    Fault(
        "advisory-database-damaged-zip",
        "dependencies",
        DEPENDENCY_ROWS,
        "all.zip: not a readable zip (Error -3 while decompressing data",
        setup=_damaged_zip,
    ),
    Fault(
        "advisory-database-invalid-yaml",
        "dependencies",
        DEPENDENCY_ROWS,
        "PYSEC-2099-51.yaml: invalid YAML at line 3",
        setup=_invalid_yaml,
    ),
    Fault(
        "advisory-database-stale",
        "dependencies",
        DEPENDENCY_ROWS,
        "is stale: its data is from 2024-05-02",
        setup=_fixture_db,
        args=("--advisories-max-age", "30"),
    ),
    Fault(
        "advisory-database-zip-bomb",
        "dependencies",
        DEPENDENCY_ROWS,
        "all.zip:PYSEC-2099-99.json: larger than the 32 MiB an OSV record may hold",
        setup=_zip_bomb,
    ),
    Fault(
        "advisory-database-zip-declaring-over-2-gib",
        "dependencies",
        DEPENDENCY_ROWS,
        "the zip's records reach more than 2 GiB uncompressed",
        setup=_zip_declaring_too_much,
    ),
    Fault(
        "advisory-database-json-nested-100000-deep",
        "dependencies",
        DEPENDENCY_ROWS,
        "PYSEC-2099-53.json: invalid JSON: nested too deeply",
        setup=_deeply_nested_json,
    ),
    Fault(
        "advisory-database-link-out",
        "dependencies",
        DEPENDENCY_ROWS,
        "osv/demo-pkg: a link to ",
        setup=_link_out_of_the_database,
    ),
]


def _run(fault: Fault, tmp: Path, fake_tool: Callable[[str], str]) -> tuple[subprocess.CompletedProcess[str], Path]:
    project = plant_evidence(tmp / "project")
    args = list(fault.args)
    if fault.setup is not None:
        args += fault.setup(project, tmp)
    if fault.config is not None:
        (project / ".gatekeeper.yml").write_text(fault.config)
    env = {"GATEKEEPER_CACHE_DIR": str(tmp / "cache")}
    for name, value in fault.env.items():
        env[name] = fake_tool(SEMGREP_CLEAN) if value == "@clean" else value
    if fault.scanner == "bandit" and "GATEKEEPER_SEMGREP" not in env:
        env["GATEKEEPER_SEMGREP"] = fake_tool(SEMGREP_CLEAN)
    if fault.tool is not None:
        env[f"GATEKEEPER_{fault.scanner.upper()}"] = fake_tool(fault.tool)
    python = None
    if fault.bare:
        python = bare_python(tmp / "bare")
        env["PATH"] = path_without("semgrep", "bandit")
    report = tmp / "out" / "report.json"
    argv = ["scan", str(project), "-o", f"json={report}"]
    for name in fault.scanners:
        argv += ["--scanner", name]
    argv += args
    prelude = fault.prelude.format(pack=str(tmp / "pack")) if fault.prelude else None
    return gate(*argv, env=env, python=python, prelude=prelude), report


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.id)
def test_a_failing_scanner_fails_the_gate_and_keeps_partial_results(
    fault: Fault, tmp_path: Path, fake_tool: Callable[[str], str]
) -> None:
    proc, report_file = _run(fault, tmp_path, fake_tool)

    assert proc.returncode == 2, proc.stdout + proc.stderr
    error_line(proc, fault.cause)
    report = load_report(report_file)
    assert report["verdict"]["status"] == "error" and report["verdict"]["exit_code"] == 2
    # Partial results: the healthy secrets scanner's finding is in the report and on the console.
    assert [f["rule_id"] for f in report["findings"] if "secrets" in f["scanners"]] == [SECRET_RULE]
    assert SECRET_RULE in proc.stdout
    failed = scanner_entry(report, fault.scanner)
    assert failed["status"] == fault.status
    if fault.status == "error":
        assert any(fault.cause in e for e in failed["errors"]), failed["errors"]
    # The others work: each healthy scanner of the row finished, whatever the failing one did.
    assert {name: scanner_entry(report, name)["status"] for name in fault.scanners if name != fault.scanner} == {
        name: "ok" for name in fault.scanners if name != fault.scanner
    }
    assert_not_assessed(report, fault.scanner, fault.cause, fault.state)


# --- the policy decides what lost coverage means; per-scanner timeouts ------------------------


def test_lost_coverage_is_judged_by_the_policy_when_it_allows_partial_scans(
    tmp_path: Path, fake_tool: Callable[[str], str]
) -> None:
    project = plant_evidence(tmp_path / "project")
    _unparseable(project, tmp_path)
    (project / ".gatekeeper.yml").write_text("allow_partial: true\n")
    report_file = tmp_path / "report.json"
    proc = gate(
        "scan",
        str(project),
        "--scanner",
        "semgrep",
        "--scanner",
        "bandit",
        "--scanner",
        "secrets",
        "-o",
        f"json={report_file}",
        env={"GATEKEEPER_SEMGREP": fake_tool(SEMGREP_CLEAN), "GATEKEEPER_CACHE_DIR": str(tmp_path / "cache")},
    )
    # Judged by its findings (the AWS key: high), not passed: and the lost file is still on record.
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    report = load_report(report_file)
    assert [s["path"] for s in scanner_entry(report, "bandit")["skipped"]] == ["broken.py"]
    assert_not_assessed(report, "bandit", "could not scan 1 file(s), e.g. broken.py", "incomplete")


def test_the_command_line_timeout_overrides_the_configured_one(tmp_path: Path, fake_tool: Callable[[str], str]) -> None:
    project = plant_evidence(tmp_path / "project")
    (project / ".gatekeeper.yml").write_text("scanners:\n  semgrep: {timeout: 600}\n")
    proc = gate(
        "scan",
        str(project),
        "--scanner",
        "semgrep",
        "--timeout",
        "2",
        env={"GATEKEEPER_SEMGREP": fake_tool(VERSION_OK + "\nexec sleep 300")},
    )
    assert proc.returncode == 2
    error_line(proc, "semgrep timed out after 2s")


def test_each_scanner_has_its_own_timeout(tmp_path: Path, fake_tool: Callable[[str], str]) -> None:
    """semgrep is limited to 2 s by the file; bandit, slower than that, keeps the default."""
    project = plant_evidence(tmp_path / "project")
    (project / ".gatekeeper.yml").write_text("scanners:\n  semgrep: {timeout: 2}\n")
    # It reports each file it is given as analysed (in its metrics), as bandit does.
    slow_bandit = fake_tool(
        VERSION_OK + '\nfor a in "$@"; do [ -n "$next" ] && out=$a; next=; [ "$a" = --output ] && next=1\n'
        '  [ -n "$files" ] && metrics="$metrics\\"$a\\": {}, "; [ "$a" = -- ] && files=1; done\n'
        'sleep 4\nprintf \'{"results": [], "errors": [], "metrics": {%s"_totals": {}}}\' "$metrics" > "$out"'
    )
    report_file = tmp_path / "report.json"
    proc = gate(
        "scan",
        str(project),
        "--scanner",
        "semgrep",
        "--scanner",
        "bandit",
        "-o",
        f"json={report_file}",
        env={"GATEKEEPER_SEMGREP": fake_tool(VERSION_OK + "\nexec sleep 300"), "GATEKEEPER_BANDIT": slow_bandit},
    )
    assert proc.returncode == 2
    error_line(proc, "semgrep timed out after 2s")
    report = load_report(report_file)
    assert scanner_entry(report, "bandit")["status"] == "ok"


@pytest.mark.parametrize(
    ("value", "expected"), [("0", "at least 1"), ("soon", "expected a number"), ("true", "expected a number")]
)
def test_a_scanner_timeout_is_validated_with_its_key(value: str, expected: str) -> None:
    with pytest.raises(GatekeeperError, match=rf"\.gatekeeper\.yml:2: scanners\.bandit\.timeout: .*{expected}"):
        config_module.parse(f"scanners:\n  bandit: {{timeout: {value}}}\n")


# --- faults in writing the reports ---------------------------------------------------------------

WRITE_FAULTS = ["disk-full", "read-only-directory", "parent-is-a-file", "target-is-a-directory"]
EARLIER_REPORT = b'{"an": "earlier report"}\n'
FILE_SIZE_LIMIT = (
    "import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
    "resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))"
)


def _fill(directory: Path) -> None:
    fd = os.open(directory / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)


def _break(fault: str, broken: Path, request: pytest.FixtureRequest) -> tuple[Path, str, str | None]:
    """Make writing `broken/report.json` fail as `fault` says: (the path, the cause, a prelude).

    Disk full is a 64 KiB tmpfs, filled; read-only is a tmpfs remounted read-only (chmod does not
    stop root). Without the privilege to mount, disk full is simulated with a 64 KiB file-size
    limit on the CLI's process (EFBIG, "File too large"), and read-only with chmod when not root;
    in CI (GATEKEEPER_REQUIRE_SYSTEM_TOOLS) the real tmpfs is required."""
    if fault in ("disk-full", "read-only-directory") and not can_mount():
        system_tools.simulated("cannot mount a tmpfs here (needs root with the privilege to mount)")
    if fault in ("disk-full", "read-only-directory") and can_mount():
        mounted = tmpfs(broken, "size=64k" if fault == "disk-full" else "size=1m")
        mounted.__enter__()
        request.addfinalizer(lambda: mounted.__exit__(None, None, None))
    (broken / "report.json").write_bytes(EARLIER_REPORT)
    if fault == "disk-full":
        if can_mount():
            _fill(broken)
            return broken / "report.json", "No space left on device", None
        return broken / "report.json", "File too large", FILE_SIZE_LIMIT
    if fault == "read-only-directory":
        if can_mount():
            subprocess.run(["mount", "-o", "remount,ro", str(broken)], check=True, capture_output=True)
            return broken / "report.json", "Read-only file system", None
        if is_root():
            system_tools.unavailable("root without the privilege to mount a read-only tmpfs: chmod cannot stop root")
        broken.chmod(0o555)
        request.addfinalizer(lambda: broken.chmod(0o755))
        return broken / "report.json", "Permission denied", None
    if fault == "parent-is-a-file":
        return broken / "report.json" / "report.json", "Not a directory", None
    (broken / "report.json").unlink()
    (broken / "report.json").mkdir()
    return broken / "report.json", "Is a directory", None


@pytest.mark.parametrize("fault", WRITE_FAULTS)
def test_a_report_that_cannot_be_written_fails_the_gate_and_the_others_are_written(
    fault: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    project = plant_evidence(tmp_path / "project")
    broken = tmp_path / "broken"
    broken.mkdir()
    target, cause, prelude = _break(fault, broken, request)
    healthy = tmp_path / "healthy" / "report.sarif"

    proc = gate(
        "scan", str(project), "--scanner", "secrets", "-o", f"json={target}", "-o", f"sarif={healthy}", prelude=prelude
    )

    # The scan itself fails the policy (exit 1); a report that cannot be written makes it 2.
    assert proc.returncode == 2, proc.stderr
    error_line(proc, f"cannot write json report to {target}: {cause}")
    assert "FAILED" in proc.stdout and SECRET_RULE in proc.stdout
    assert SECRET_RULE in healthy.read_text()
    if fault in ("disk-full", "read-only-directory"):
        assert (broken / "report.json").read_bytes() == EARLIER_REPORT
    assert not [p.name for p in broken.iterdir() if p.name.endswith(".tmp")]


# --- gatekeeper itself interrupted mid-scan -------------------------------------------------------


@pytest.mark.parametrize(("signum", "said"), [(signal.SIGTERM, "terminated (SIGTERM)"), (signal.SIGINT, "interrupted")])
def test_an_interrupted_scan_stops_its_scanners_and_exits_2(
    signum: int, said: str, tmp_path: Path, fake_tool: Callable[[str], str]
) -> None:
    """A cancelled CI job (SIGTERM) or Ctrl-C (SIGINT): the scanners run in sessions of their own,
    so nothing but gatekeeper can stop them; it must, rather than wait for them or leave them running."""
    project = plant_evidence(tmp_path / "project")
    pid_file, finished = tmp_path / "tool.pid", tmp_path / "tool.finished"
    hang = fake_tool(VERSION_OK + f'\necho $$ > "{pid_file}"\nsleep 300\ntouch "{finished}"')
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEKEEPER_")}
    env.update(GATEKEEPER_SEMGREP=hang, GATEKEEPER_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "gatekeeper", "scan", str(project), "--scanner", "semgrep", "--scanner", "secrets"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        deadline = time.monotonic() + HANG_LIMIT
        while not (pid_file.is_file() and pid_file.read_text().strip()):
            assert proc.poll() is None and time.monotonic() < deadline, "the stand-in scanner never started"
            time.sleep(0.05)
        tool = int(pid_file.read_text())
        proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=HANG_LIMIT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 2
    error_line(subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr), said)
    with pytest.raises(ProcessLookupError):
        os.kill(tool, 0)
    assert not finished.exists(), "gatekeeper waited for the scanner to finish instead of stopping it"
