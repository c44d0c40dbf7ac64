from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

import pytest

from gatekeeper.rulepack import RulePack, default_rules_dir, is_rule_file
from gatekeeper.scanners.base import ScanContext, ScannerFailure
from gatekeeper.scanners.semgrep import SemgrepScanner

RULES = RulePack(default_rules_dir())


def context(root: Path, workdir: Path, files: tuple[str, ...], timeout: float = 300) -> ScanContext:
    workdir.mkdir(exist_ok=True)
    return ScanContext(root=root, files=files, rules_dir=RULES.root, workdir=workdir, timeout=timeout)


@pytest.mark.slow
def test_finds_command_injection_with_normalised_rule_id_and_metadata(vulnerable_tree: Path, tmp_path: Path) -> None:
    scanner = SemgrepScanner(RULES)
    result = scanner.scan(context(vulnerable_tree, tmp_path / "work", ("app.py",)), ["app.py"])
    assert result.errors == () and result.skipped == ()
    assert result.scanned == ("app.py",)
    [finding] = [f for f in result.findings if f.rule_id == "python-command-injection"]
    assert finding.location.path == "app.py" and finding.location.start_line == 8
    assert finding.scanners == ("semgrep",)
    assert any(c.startswith("CWE-78") for c in finding.cwe)
    assert finding.owasp == ("A03:2021 - Injection",)
    assert finding.remediation and finding.references
    assert result.version[0].isdigit()


@pytest.mark.slow
def test_writes_nothing_outside_its_workdir(
    vulnerable_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    SemgrepScanner(RULES).scan(context(vulnerable_tree, tmp_path / "work", ("app.py",)), ["app.py"])
    assert list(home.iterdir()) == []


@pytest.mark.slow
def test_unparseable_file_is_reported_as_lost_coverage(tmp_path: Path) -> None:
    root = tmp_path / "src"
    root.mkdir()
    # semgrep recovers from most syntax errors; what it could not parse is still lost coverage.
    (root / "broken.py").write_text("import yaml\nyaml.load(x)\nx = = 1\n")
    result = SemgrepScanner(RULES).scan(context(root, tmp_path / "work", ("broken.py",)), ["broken.py"])
    assert [s.path for s in result.skipped] == ["broken.py"]
    assert result.skipped[0].reason.startswith("semgrep: PartialParsing: Syntax error at line broken.py:3")
    assert not result.complete
    assert [f.rule_id for f in result.findings] == ["python-unsafe-yaml-load"]


def test_handles_only_files_its_rules_can_match() -> None:
    scanner = SemgrepScanner(RULES)
    assert scanner.handles("app/views.py")
    assert not scanner.handles("docs/logo.png")


def test_missing_executable_fails_naming_the_tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEKEEPER_SEMGREP", str(tmp_path / "no-such-semgrep"))
    with pytest.raises(ScannerFailure, match="semgrep not found at"):
        SemgrepScanner(RULES).scan(context(tmp_path, tmp_path / "work", ("a.py",)), ["a.py"])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("kill -9 $$", "semgrep was killed by SIGKILL"),
        (
            "echo 'panic: out of cheese' >&2; exit 3",
            "semgrep exited with code 3 without a JSON report: panic: out of cheese",
        ),
        ("echo '{\"results\": 5}'; exit 0", "unexpected report shape"),
        ("exec sleep 60", "semgrep timed out after 1s"),
    ],
)
@pytest.mark.slow
def test_faults_become_failures_naming_the_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_tool: Callable[[str], str], body: str, message: str
) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    monkeypatch.setenv("GATEKEEPER_SEMGREP", fake_tool(body))
    with pytest.raises(ScannerFailure, match=message):
        SemgrepScanner(RULES).scan(context(tmp_path, tmp_path / "work", ("a.py",), timeout=1), ["a.py"])


def test_invalid_rule_is_a_scanner_error(tmp_path: Path) -> None:
    rules = tmp_path / "rules" / "semgrep"
    rules.mkdir(parents=True)
    (rules / "bad.yaml").write_text(
        "rules:\n  - id: bad\n    languages: [python]\n    severity: ERROR\n    message: m\n    metadata: {cwe: ['CWE-20']}\n    pattern: 'foo(('\n"
    )
    (tmp_path / "a.py").write_text("foo(1)\n")
    result = SemgrepScanner(RulePack(tmp_path / "rules")).scan(
        context(tmp_path, tmp_path / "work", ("a.py",)), ["a.py"]
    )
    assert result.errors and "bad" in result.errors[0]


def test_environment_keeps_semgrep_offline(tmp_path: Path) -> None:
    from gatekeeper.scanners.semgrep import semgrep_environment

    env = semgrep_environment(tmp_path)
    assert env["SEMGREP_ENABLE_VERSION_CHECK"] == "0"
    assert env["SEMGREP_SEND_METRICS"] == "off"
    assert all(
        env[k].startswith(str(tmp_path)) for k in ("SEMGREP_SETTINGS_FILE", "SEMGREP_LOG_FILE", "XDG_CACHE_HOME")
    )
    assert os.environ.get("SEMGREP_SETTINGS_FILE") != env["SEMGREP_SETTINGS_FILE"]


@pytest.mark.parametrize("own, expected", [(None, "s=512k"), ("s=4M,v=0x400", "s=4M,v=0x400")])
@pytest.mark.slow
def test_semgrep_gets_a_larger_minor_heap_unless_the_user_set_one(
    own: str | None, expected: str, vulnerable_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gatekeeper.scanners import semgrep

    if own is None:
        monkeypatch.delenv("OCAMLRUNPARAM", raising=False)
    else:
        monkeypatch.setenv("OCAMLRUNPARAM", own)
    seen: list[str | None] = []
    original = semgrep.run_tool

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["env"].get("OCAMLRUNPARAM"))
        return original(*args, **kwargs)

    monkeypatch.setattr(semgrep, "run_tool", spy)
    result = SemgrepScanner(RULES).scan(context(vulnerable_tree, tmp_path / "work", ("app.py",)), ["app.py"])
    assert seen == [expected] and result.findings and not result.errors


@pytest.mark.slow
def test_dockerfile_names_semgrep_does_not_know_are_still_scanned(tmp_path: Path) -> None:
    root = tmp_path / "src"
    root.mkdir()
    for name in ("Dockerfile.prod", "Containerfile"):
        (root / name).write_text("FROM python:latest\nRUN curl -s https://get.example/x | sh\n")
    files = ("Containerfile", "Dockerfile.prod")
    result = SemgrepScanner(RULES).scan(context(root, tmp_path / "work", files), list(files))
    assert result.skipped == () and result.scanned == files
    hits = {(f.location.path, f.rule_id) for f in result.findings}
    assert ("Dockerfile.prod", "docker-curl-pipe-shell") in hits
    assert ("Containerfile", "docker-curl-pipe-shell") in hits


def test_a_file_semgrep_silently_passed_over_is_lost_coverage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_tool: Callable[[str], str]
) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    silent = fake_tool("""echo '{"version": "1.0", "results": [], "errors": [], "paths": {"scanned": []}}'""")
    monkeypatch.setenv("GATEKEEPER_SEMGREP", silent)
    result = SemgrepScanner(RULES).scan(context(tmp_path, tmp_path / "work", ("a.py",)), ["a.py"])
    assert [(s.path, s.reason) for s in result.skipped] == [
        ("a.py", "semgrep: not scanned (no parser recognised the file)")
    ]


def test_unrendered_template_that_fails_to_parse_is_not_applicable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_tool: Callable[[str], str]
) -> None:
    (tmp_path / "dep.yaml").write_text("{{- if .Values.on }}\nkind: Deployment\n{{- end }}\n")
    error = '{"path": "dep.yaml", "type": ["PartialParsing"], "message": "Syntax error", "level": "warn"}'
    monkeypatch.setenv(
        "GATEKEEPER_SEMGREP",
        fake_tool(
            f"""echo '{{"version": "1.0", "results": [], "errors": [{error}], "paths": {{"scanned": ["dep.yaml"]}}}}'"""
        ),
    )
    result = SemgrepScanner(RULES).scan(context(tmp_path, tmp_path / "work", ("dep.yaml",)), ["dep.yaml"])
    assert result.skipped == ()
    assert [s.path for s in result.not_applicable] == ["dep.yaml"]


@pytest.mark.slow
def test_schema_error_in_the_merged_pack_names_the_rule_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules" / "semgrep" / "python"
    rules.mkdir(parents=True)
    (rules / "good.yaml").write_text(
        "rules:\n  - id: good\n    languages: [python]\n    severity: ERROR\n    message: m\n    metadata: {cwe: ['CWE-20']}\n    pattern: foo(...)\n"
    )
    (rules / "broken.yaml").write_text(
        "rules:\n  - id: broken-rule\n    languages: [python]\n    severity: ERROR\n    message: m\n    metadata: {cwe: ['CWE-20']}\n"
        "    patterns:\n      - pattern-nott: bar\n"
    )
    (tmp_path / "a.py").write_text("foo(1)\n")
    result = SemgrepScanner(RulePack(tmp_path / "rules")).scan(
        context(tmp_path, tmp_path / "work", ("a.py",)), ["a.py"]
    )
    assert any(f"{rules / 'broken.yaml'}: rule broken-rule" in e for e in result.errors), result.errors


@pytest.mark.slow
def test_both_semgrep_front_ends_report_the_same_on_every_labelled_rule_test(tmp_path: Path) -> None:
    """gatekeeper runs osemgrep (`--experimental`) for its start-up time; this is the evidence that
    it finds exactly what the classic Python front end finds, rule by rule, line by line."""
    root = RULES.root / "semgrep"
    files = tuple(
        sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and not is_rule_file(p))
    )
    scanner = SemgrepScanner(RULES)
    results = {}
    for cli in ("osemgrep", "pysemgrep"):
        ctx = ScanContext(
            root=root, files=files, rules_dir=RULES.root, workdir=tmp_path / cli, timeout=600, options={"cli": cli}
        )
        ctx.workdir.mkdir()
        results[cli] = scanner.scan(ctx, [f for f in files if scanner.handles(f)])
    native, classic = results["osemgrep"], results["pysemgrep"]
    assert len(native.findings) > 400 and native.errors == ()
    assert sorted(native.findings, key=repr) == sorted(classic.findings, key=repr)
    assert (native.scanned, native.skipped, native.errors) == (classic.scanned, classic.skipped, classic.errors)


@pytest.mark.slow
def test_a_python_file_above_semgreps_own_one_megabyte_limit_is_scanned(tmp_path: Path) -> None:
    """semgrep passes over files above 1 MB unless told otherwise; paths.max_file_bytes is 5 MB."""
    root = tmp_path / "src"
    root.mkdir()
    padding = "# " + "padding " * 9 + "\n"
    (root / "big.py").write_text(padding * (1_200_000 // len(padding)) + "import yaml\nyaml.load(x)\n")
    work = tmp_path / "work"
    work.mkdir()
    ctx = ScanContext(
        root=root, files=("big.py",), rules_dir=RULES.root, workdir=work, timeout=300, max_file_bytes=5_000_000
    )
    result = SemgrepScanner(RULES).scan(ctx, ["big.py"])
    assert (root / "big.py").stat().st_size > 1_000_000
    assert result.skipped == () and result.scanned == ("big.py",)
    assert [f.rule_id for f in result.findings] == ["python-unsafe-yaml-load"]


@pytest.mark.slow
def test_a_file_semgrep_passes_over_for_its_size_is_lost_coverage_naming_the_limit(tmp_path: Path) -> None:
    root = tmp_path / "src"
    root.mkdir()
    (root / "a.py").write_text("import yaml\nyaml.load(x)\n" + "# padding\n" * 20)
    size = (root / "a.py").stat().st_size
    work = tmp_path / "work"
    work.mkdir()
    ctx = ScanContext(root=root, files=("a.py",), rules_dir=RULES.root, workdir=work, timeout=300, max_file_bytes=100)
    result = SemgrepScanner(RULES).scan(ctx, ["a.py"])
    assert result.scanned == () and result.findings == ()
    assert [(s.path, s.reason) for s in result.skipped] == [
        (
            "a.py",
            f"semgrep: not scanned: larger than its --max-target-bytes limit, paths.max_file_bytes ({size:,} bytes > 100)",
        )
    ]


LEGACY_DOCKERFILE = (
    "FROM python:3.12\n"
    'LABEL maintainer "Jane Doe <jane@example.com>"\n'
    "LABEL version 1.0\n"
    "ENV GREETING hello \\\n"
    "    world\n"
    "RUN curl -s https://get.example/x | sh\n"
)


@pytest.mark.parametrize("name", ["Dockerfile", "Dockerfile.prod"])
@pytest.mark.slow
def test_legacy_label_and_env_syntax_is_read_and_keeps_its_lines(name: str, tmp_path: Path) -> None:
    """Docker accepts `LABEL key value` and `ENV key value with spaces`; semgrep's parser stopped at
    them (PartialParsing: lost coverage, exit 2) and never saw the instructions below."""
    root = tmp_path / "src"
    root.mkdir()
    (root / name).write_text(LEGACY_DOCKERFILE)
    result = SemgrepScanner(RULES).scan(context(root, tmp_path / "work", (name,)), [name])
    assert result.skipped == () and result.scanned == (name,)
    assert [
        (f.location.path, f.location.start_line) for f in result.findings if f.rule_id == "docker-curl-pipe-shell"
    ] == [(name, 6)]
    assert (root / name).read_text() == LEGACY_DOCKERFILE, "the scanned tree is never changed"


@pytest.mark.parametrize("name", ["Dockerfile", "Containerfile"])
@pytest.mark.slow
def test_a_dockerfile_semgrep_cannot_parse_names_the_line_and_the_instruction(name: str, tmp_path: Path) -> None:
    root = tmp_path / "src"
    root.mkdir()
    (root / name).write_text(
        "FROM python:3.12\nLABEL legacy form\nBOGUS one two\nRUN curl -s https://get.example/x | sh\n"
    )
    result = SemgrepScanner(RULES).scan(context(root, tmp_path / "work", (name,)), [name])
    assert [(s.path, s.reason) for s in result.skipped] == [
        (
            name,
            f"semgrep: PartialParsing: {name}:3: semgrep's Dockerfile parser cannot read the BOGUS instruction there, "
            "so lines 3-4 went unanalysed",
        )
    ]
    assert result.scanned == ()
