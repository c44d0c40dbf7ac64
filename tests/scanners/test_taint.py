"""The taint scanner: summaries cached by content, coverage accounted, findings in the one model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gatekeeper.cache import ResultCache
from gatekeeper.findings import Confidence, Severity
from gatekeeper.rulepack import RulePack, default_rules_dir
from gatekeeper.scanners import REGISTRY
from gatekeeper.scanners import taint as taint_module
from gatekeeper.scanners.base import ScanContext
from gatekeeper.scanners.taint import TaintScanner

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "taint"


def _context(root: Path, tmp_path: Path, files: tuple[str, ...], **options: object) -> ScanContext:
    workdir = tmp_path / "work"
    workdir.mkdir(exist_ok=True)
    return ScanContext(
        root=root, files=files, rules_dir=default_rules_dir(), workdir=workdir, timeout=60, options=options
    )


def _files(root: Path) -> tuple[str, ...]:
    return tuple(sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py")))


def test_registered_for_python_code_as_a_cross_file_scanner() -> None:
    assert "taint" in REGISTRY.names()
    scanner = TaintScanner(RulePack(default_rules_dir()))
    assert scanner.kinds == frozenset({"python"}) and not scanner.per_file
    assert scanner.handles("app/views.py") and not scanner.handles("app/views.html")


def test_summaries_are_reused_by_content_and_only_an_edited_module_is_summarised_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "app"
    shutil.copytree(FIXTURES / "flask_shop", root)
    calls: list[str] = []
    original = taint_module.summarise
    monkeypatch.setattr(taint_module, "summarise", lambda text, path: calls.append(path) or original(text, path))
    rules = RulePack(default_rules_dir(), ResultCache(tmp_path / "cache", secret=b"k" * 32))
    files = _files(root)
    first = TaintScanner(rules).scan(_context(root, tmp_path, files), files)
    assert sorted(calls) == sorted(files)
    calls.clear()
    (root / "shop" / "security.py").write_text((root / "shop" / "security.py").read_text() + "\n# edited\n")
    again = TaintScanner(rules).scan(_context(root, tmp_path, files), files)
    assert calls == ["shop/security.py"]
    assert again.findings == first.findings


def test_findings_carry_the_rule_metadata_of_their_class_and_the_trace(tmp_path: Path) -> None:
    root = FIXTURES / "django_ops"
    result = TaintScanner(RulePack(default_rules_dir())).scan(_context(root, tmp_path, _files(root)), _files(root))
    assert result.complete and result.scanned == _files(root)
    pickle = next(f for f in result.findings if f.rule_id == "python-pickle-untrusted")
    assert pickle.severity >= Severity.HIGH and pickle.confidence == Confidence.HIGH
    assert pickle.cwe and pickle.cwe[0].startswith("CWE-502")
    assert dict(pickle.properties)["trace"] == ("resume", "load_state", "restore")
    assert dict(result.units)["functions summarised"] > 5


def test_a_module_python_cannot_decode_is_skipped_with_its_reason(tmp_path: Path) -> None:
    FILES = ("declared.py", "latin.py", "ok.py")
    (tmp_path / "ok.py").write_text("x = 1\n")
    (tmp_path / "latin.py").write_bytes(b"name = '\xe9'\n")  # Latin-1 without a coding declaration
    (tmp_path / "declared.py").write_bytes(b"# -*- coding: latin-1 -*-\nname = '\xe9'\n")
    result = TaintScanner(RulePack(default_rules_dir())).scan(_context(tmp_path, tmp_path, FILES), FILES)
    assert result.scanned == ("declared.py", "ok.py")
    assert [s.path for s in result.skipped] == ["latin.py"] and "not valid Python 3" in result.skipped[0].reason
