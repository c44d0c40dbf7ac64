from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

import pytest

from gatekeeper.rulepack import default_rules_dir
from gatekeeper.scanners import bandit as bandit_module
from gatekeeper.scanners.bandit import BanditScanner
from gatekeeper.scanners.base import ScanContext, ScannerFailure


def context(root: Path, files: tuple[str, ...], jobs: int = 1, timeout: float = 300) -> ScanContext:
    work = root.parent / f"work-{root.name}"
    work.mkdir(exist_ok=True)
    return ScanContext(root=root, files=files, rules_dir=default_rules_dir(), workdir=work, timeout=timeout, jobs=jobs)


def scanner() -> BanditScanner:
    return BanditScanner(default_rules_dir())


@pytest.mark.slow
def test_reports_shell_injection_with_cwe_fix_and_relative_path(vulnerable_tree: Path) -> None:
    result = scanner().scan(context(vulnerable_tree, ("app.py",)), ["app.py"])
    assert result.errors == () and result.skipped == ()
    assert result.scanned == ("app.py",)
    [b602] = [f for f in result.findings if f.rule_id == "B602"]
    assert b602.location.path == "app.py" and b602.location.start_line == 8
    assert b602.cwe == ("CWE-78",)
    assert b602.remediation.startswith("Call subprocess with an argument list")
    assert b602.references and b602.references[0].startswith("https://")


def test_handles_python_only() -> None:
    assert scanner().handles("a/b.py") and not scanner().handles("Dockerfile")


@pytest.mark.slow
def test_unparseable_file_is_lost_coverage_not_silence(tmp_path: Path) -> None:
    root = tmp_path / "src"
    root.mkdir()
    (root / "ok.py").write_text("x = 1\n")
    (root / "broken.py").write_text("def broken(:\n    pass\n")
    result = scanner().scan(context(root, ("broken.py", "ok.py")), ["broken.py", "ok.py"])
    assert result.scanned == ("ok.py",)
    assert [s.path for s in result.skipped] == ["broken.py"]
    assert "syntax error" in result.skipped[0].reason


@pytest.mark.slow
def test_newer_syntax_than_the_interpreter_is_reported(tmp_path: Path) -> None:
    """PEP 701 f-strings parse only on 3.12+: under an older interpreter the file is lost coverage."""
    root = tmp_path / "src"
    root.mkdir()
    (root / "new.py").write_text('names = {"a": 1}\nprint(f"{names["a"]}")\n')
    result = scanner().scan(context(root, ("new.py",)), ["new.py"])
    if sys.version_info >= (3, 12):
        assert result.scanned == ("new.py",) and result.skipped == ()
    else:
        assert [s.path for s in result.skipped] == ["new.py"]


@pytest.mark.slow
def test_splitting_across_processes_gives_the_same_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "src"
    root.mkdir()
    files = []
    for i in range(6):
        (root / f"m{i}.py").write_text(f"import subprocess\nsubprocess.call('ls {i}', shell=True)\n")
        files.append(f"m{i}.py")
    one = scanner().scan(context(root, tuple(files), jobs=1), files)
    monkeypatch.setattr(bandit_module, "_FILES_PER_WORKER", 2)
    split = scanner().scan(context(root, tuple(files), jobs=3), files)
    key = lambda r: sorted((f.location.path, f.location.start_line, f.rule_id) for f in r.findings)  # noqa: E731
    assert key(one) == key(split) and len(key(one)) >= 6
    assert one.scanned == split.scanned == tuple(sorted(files))


@pytest.mark.slow
def test_files_its_default_excludes_would_drop_are_analysed(tmp_path: Path) -> None:
    """bandit's default --exclude matches `.git`, `CVS`, ... anywhere in a path, by substring."""
    root = tmp_path / "src"
    files = (".github/scripts/deploy.py", "tools/CVSimport.py", "pkg/.tox_helpers.py", "pkg/__pycache__x.py")
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("import subprocess\nsubprocess.call('ls', shell=True)\n")
    result = scanner().scan(context(root, files), list(files))
    assert result.skipped == () and result.scanned == tuple(sorted(files))
    assert {f.location.path for f in result.findings if f.rule_id == "B602"} == set(files)


@pytest.mark.parametrize("metrics", ["", ', "metrics": {"_totals": {}}', ', "metrics": {"./b.py": {}, "_totals": {}}'])
def test_a_file_missing_from_bandits_report_is_lost_coverage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_tool: Callable[[str], str], metrics: str
) -> None:
    """A stand-in that reports a clean run and analyses nothing: the files it was given are not covered."""
    root = tmp_path / "src"
    root.mkdir()
    (root / "a.py").write_text("x = 1\n")
    (root / "b.py").write_text("y = 2\n")
    report = '{"results": [], "errors": []%s}' % metrics
    monkeypatch.setenv(
        "GATEKEEPER_BANDIT",
        fake_tool(
            '[ "$1" = --version ] && { echo "bandit 9.9"; exit 0; }\n'
            'for a in "$@"; do [ -n "$next" ] && out=$a; next=; [ "$a" = --output ] && next=1; done\n'
            f"echo '{report}' > \"$out\"; echo '{report}'; exit 0"
        ),
    )
    result = scanner().scan(context(root, ("a.py",)), ["a.py"])
    assert result.scanned == ()
    assert [(s.path, s.reason) for s in result.skipped] == [("a.py", bandit_module.NOT_ANALYSED)]
    assert not result.complete


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("kill -TERM $$", "bandit was killed by SIGTERM"),
        ("echo 'Traceback: boom' >&2; exit 2", "bandit exited with code 2: Traceback: boom"),
        ("exit 0", "bandit wrote no readable JSON report"),
    ],
)
def test_faults_become_failures_naming_the_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_tool: Callable[[str], str], body: str, message: str
) -> None:
    root = tmp_path / "src"
    root.mkdir()
    (root / "a.py").write_text("x = 1\n")
    # --version must work for the failure to be about the scan itself.
    monkeypatch.setenv(
        "GATEKEEPER_BANDIT", fake_tool(f'[ "$1" = --version ] && {{ echo "bandit 9.9"; exit 0; }}\n{body}')
    )
    with pytest.raises(ScannerFailure, match=message):
        scanner().scan(context(root, ("a.py",)), ["a.py"])


def test_missing_bandit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEKEEPER_BANDIT", str(tmp_path / "absent"))
    with pytest.raises(ScannerFailure, match="bandit not found"):
        scanner().version()


@pytest.mark.slow
def test_a_hard_coded_password_that_is_empty_or_a_placeholder_is_not_reported(tmp_path: Path) -> None:
    root = tmp_path / "src"
    root.mkdir()
    (root / "settings.py").write_text(
        'MAIL_PASSWORD = ""\n'  # 1: empty: no credential
        'RESET_PASSWORD = "reset_password"\n'  # 2: a token type's name
        'login(password="changeme")\n'  # 3: a placeholder argument
        'def connect(password=""):\n'  # 4: an empty default
        "    pass\n"
        'DB_PASSWORD = "Zx8#kq2!Lm9v"\n'  # 6: a real-looking password is still reported
        'login(password="Qw7$Lp2@Vn5k")\n'  # 7
    )
    result = scanner().scan(context(root, ("settings.py",)), ["settings.py"])
    reported = sorted((f.rule_id, f.location.start_line) for f in result.findings)
    assert reported == [("B105", 6), ("B106", 7)]


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        ("Possible hardcoded password: ''", True),
        ("Possible hardcoded password: 'True'", True),
        ("Possible hardcoded password: 'your-password-here'", True),
        ("Possible hardcoded password: 'Zx8#kq2!Lm9v'", False),
        ("Possible hardcoded password: 'x'y-but-long-Zq9'", False),
    ],
)
def test_placeholder_judges_the_value_in_the_issue_text(text: str, placeholder: bool) -> None:
    assert bandit_module._placeholder({"test_id": "B105", "issue_text": text}) is placeholder
    # other tests are never judged by the value
    assert bandit_module._placeholder({"test_id": "B602", "issue_text": text}) is False
