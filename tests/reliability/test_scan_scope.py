"""Which files the gate reads, through the CLI: no file leaves the scan for its name or its place
(a suffix, a lock file, a submodule under a .gitignore line), binary content is not taken for
minified code, and gatekeeper's own reports are not scanned as if they were the project's."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from tests.adapters.conftest import git, make_repo
from tests.conftest import CLEAN_PY
from tests.reliability.helpers import AWS_KEY_ID, SECRET_RULE, error_line, gate, load_report, scanner_entry
from tests.secrets.helpers import ALNUM, rand


def findings_by_path(report: dict[str, object]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in report["findings"]:  # type: ignore[attr-defined]
        found.setdefault(finding["location"]["path"], []).append(finding["rule_id"])
    return found


# --- secrets by content, not by name (issue 16, point 7) -----------------------------------------


def test_a_secret_in_a_file_named_like_a_binary_or_a_lock_file_fails_the_gate(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "creds.pdf").write_text(f'aws_access_key_id = "{AWS_KEY_ID}"\n')
    (project / "deploy.bin").write_text(f'export AWS_ACCESS_KEY_ID="{AWS_KEY_ID}"\n')
    password = rand(ALNUM, 20, "lock")
    source = {"name": "corp", "url": f"https://deploy:{password}@pypi.corp.example/simple"}
    (project / "Pipfile.lock").write_text(json.dumps({"_meta": {"sources": [source]}}, indent=4))
    (project / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + zlib.compress(b"\x00" * 4096))
    report_file = tmp_path / "report.json"
    proc = gate("scan", str(project), "--scanner", "secrets", "-o", f"json={report_file}")
    assert proc.returncode == 1, proc.stderr
    report = load_report(report_file)
    assert findings_by_path(report) == {
        "Pipfile.lock": ["secrets-connection-string-password"],
        "creds.pdf": [SECRET_RULE],
        "deploy.bin": [SECRET_RULE],
    }
    secrets = scanner_entry(report, "secrets")
    assert secrets["not_applicable"] == [
        {"path": "logo.png", "reason": "binary content (image): the secrets scanner reads text only"}
    ]
    assert password not in proc.stdout + proc.stderr + report_file.read_text()


# --- git submodules (issue 16, point 6) -----------------------------------------------------------


def test_a_gitignore_cannot_hide_a_submodules_files_and_a_missing_submodule_is_named(tmp_path: Path) -> None:
    """A committed `.gitignore` listing a submodule's path used to drop its files silently (they are
    not in `git ls-files`), so a secret in them passed the gate."""
    lib = make_repo(tmp_path / "lib", {"settings.py": f'AWS_ACCESS_KEY_ID = "{AWS_KEY_ID}"\n'})
    other = make_repo(tmp_path / "other", {"q.py": "x = 1\n"})
    app = make_repo(tmp_path / "app", {"app.py": CLEAN_PY})
    for source, where in ((lib, "vendor/lib"), (other, "other")):
        git(app, "-c", "protocol.file.allow=always", "submodule", "add", "--quiet", str(source), where)
    (app / ".gitignore").write_text("vendor/\n")
    git(app, "add", ".gitignore")
    git(app, "commit", "--quiet", "--message", "submodules")
    report_file = tmp_path / "report.json"
    args = ("scan", str(app), "--scanner", "secrets", "-o", f"json={report_file}")

    proc = gate(*args)
    assert proc.returncode == 1, proc.stderr
    assert findings_by_path(load_report(report_file)) == {"vendor/lib/settings.py": [SECRET_RULE]}

    # Not checked out: lost coverage, named, until checked out or left out by the policy.
    git(app, "submodule", "deinit", "--quiet", "--force", "other")
    proc = gate(*args)
    assert proc.returncode == 2
    error_line(proc, "secrets: could not scan 1 file(s), e.g. other (not scanned: git submodule not checked out")
    assert load_report(report_file)["scan"]["coverage"]["excluded"][0]["path"] == "other"
    (app / ".gatekeeper.yml").write_text("paths:\n  exclude: [other/]\n")
    proc = gate(*args)
    assert proc.returncode == 1, proc.stderr
    assert load_report(report_file)["scan"]["coverage"]["excluded"] == []


# --- binary content is not minified code (issue 16, point 14) -------------------------------------


def test_a_png_and_a_generated_svg_do_not_make_the_scan_incomplete(tmp_path: Path) -> None:
    """A PNG's byte runs are not a minified line, and a generated SVG (one long line, handled by no
    code scanner) is read by the secrets scanner, which finds a key embedded in it."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text(CLEAN_PY)
    (project / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(1, 256)) * 200)
    paths = "".join(f'<path d="M{i} {i} L{i + 1} {i * 2}" fill="#a{i % 10}b"/>' for i in range(2000))
    (project / "chart.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg">{paths}</svg>')
    report_file = tmp_path / "report.json"
    args = ("scan", str(project), "--scanner", "bandit", "--scanner", "secrets", "-o", f"json={report_file}")
    proc = gate(*args)
    assert proc.returncode == 0, proc.stderr
    report = load_report(report_file)
    secrets = scanner_entry(report, "secrets")
    assert "chart.svg" in secrets["scanned"] and not secrets["skipped"]
    assert [s["path"] for s in secrets["not_applicable"]] == ["logo.png"]
    assert [e["path"] for e in report["scan"]["coverage"]["excluded"]] == ["chart.svg"]  # for the code scanners

    (project / "chart.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg"><desc>{AWS_KEY_ID}</desc>{paths}</svg>'
    )
    proc = gate(*args)
    assert proc.returncode == 1, proc.stderr
    assert findings_by_path(load_report(report_file)) == {"chart.svg": [SECRET_RULE]}


def test_a_binary_over_the_size_limit_is_no_loss_to_the_secrets_scanner_but_is_to_a_code_scanner(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text(CLEAN_PY)
    (project / "video.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x01" * 6_000_000)
    report_file = tmp_path / "report.json"
    args = ("scan", str(project), "--scanner", "bandit", "--scanner", "secrets", "-o", f"json={report_file}")
    proc = gate(*args)
    assert proc.returncode == 0, proc.stderr
    [excluded] = load_report(report_file)["scan"]["coverage"]["excluded"]
    assert excluded == {
        "path": "video.mp4",
        "reason": "larger than 5000000 bytes (6000012; paths.max_file_bytes), binary content",
    }

    # A NUL byte does not take code out of the gate: bandit would have read this file.
    (project / "big.py").write_bytes(b"import os\n\x00\n" + b"x = 1\n" * 1_000_000)
    proc = gate(*args)
    assert proc.returncode == 2
    error_line(proc, "bandit: could not scan 1 file(s), e.g. big.py (not scanned: larger than 5000000 bytes")


def test_minified_code_is_still_lost_coverage_for_the_code_scanner(tmp_path: Path) -> None:
    """Only the secrets scanner reads minified text: a long line in a .py file still takes it out of
    bandit's reach, and the gate says so (exit 2), even with a NUL byte past the sniffed block."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_bytes(b"# " + b"x" * 10_001 + b"\n" + b"import os\n" * 1000 + b"# \x00\n")
    proc = gate("scan", str(project), "--scanner", "bandit", "--scanner", "secrets")
    assert proc.returncode == 2
    error_line(proc, "bandit: could not scan 1 file(s), e.g. app.py (not scanned: minified or generated")


# --- gatekeeper's own reports (issue 16, point 10) ------------------------------------------------


def test_a_report_written_into_the_tree_does_not_fail_the_next_scan(tmp_path: Path) -> None:
    """`-o json=report.json` at the scan root used to be scanned next time, its `secret_hmac`
    fields reported as secrets. This run's untracked outputs are left out and listed; a report of
    ours kept anywhere else is read, and its records of secrets are not taken for secrets."""
    project = make_repo(
        tmp_path / "project", {"app.py": CLEAN_PY, "settings.py": f'AWS_ACCESS_KEY_ID = "{AWS_KEY_ID}"\n'}
    )
    args = ("scan", ".", "--scanner", "secrets", "-o", "json=report.json", "-o", "sarif=out/report.sarif")
    for _ in range(2):
        proc = gate(*args, cwd=project)
        assert proc.returncode == 1, proc.stderr
        report = load_report(project / "report.json")
        assert findings_by_path(report) == {"settings.py": [SECRET_RULE]}
    excluded = {e["path"]: e["reason"] for e in report["scan"]["coverage"]["excluded"]}
    assert excluded == {
        p: "gatekeeper's own report: this run writes it (-o), and git does not track it"
        for p in ("out/report.sarif", "report.json")
    }

    # A report kept under another name is scanned like any file, without false alarms.
    (project / "report.json").rename(project / "last-scan.json")
    proc = gate(*args, cwd=project)
    assert proc.returncode == 1, proc.stderr
    report = load_report(project / "report.json")
    assert "last-scan.json" in scanner_entry(report, "secrets")["scanned"]
    assert findings_by_path(report) == {"settings.py": [SECRET_RULE]}


def test_a_tracked_file_at_an_output_path_is_still_scanned(tmp_path: Path) -> None:
    """The -o path cannot take committed content out of the gate: git tracks it, so it is scanned."""
    project = make_repo(tmp_path / "project", {"app.py": CLEAN_PY, "report.json": f'{{"aws_key": "{AWS_KEY_ID}"}}\n'})
    proc = gate("scan", ".", "--scanner", "secrets", "-o", "json=report.json", cwd=project)
    assert proc.returncode == 1, proc.stderr
    report = load_report(project / "report.json")
    assert findings_by_path(report) == {"report.json": [SECRET_RULE]}
    assert report["scan"]["coverage"]["excluded"] == []
