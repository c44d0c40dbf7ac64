"""The rule pack: parsed once per content, kept in the result cache by its digest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gatekeeper import rulepack
from gatekeeper.cache import ResultCache
from gatekeeper.errors import GatekeeperError
from gatekeeper.rulepack import RulePack, default_rules_dir


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), root)
    return root


def parse_count(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = rulepack.load_yaml

    def spy(text: str) -> object:
        calls.append(1)
        return original(text)

    monkeypatch.setattr(rulepack, "load_yaml", spy)
    return calls


def test_the_parsed_pack_is_reused_until_a_rule_file_changes(rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ResultCache(tmp_path / "cache")
    calls = parse_count(monkeypatch)
    parsed = RulePack(rules, cache).semgrep_rules
    parsed_files = len(calls)
    assert parsed_files == len(RulePack(rules).semgrep_files)
    assert RulePack(rules, cache).semgrep_rules == parsed and len(calls) == parsed_files
    edited = rules / "semgrep" / "python" / "weak-hash.yaml"
    edited.write_text(edited.read_text().replace("MD5/SHA-1", "MD5 or SHA-1", 1))
    fresh = RulePack(rules, cache).semgrep_rules
    assert len(calls) == 2 * parsed_files and fresh != parsed


def test_without_a_cache_the_pack_is_parsed_every_time(rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = parse_count(monkeypatch)
    RulePack(rules).semgrep_rules
    RulePack(rules).semgrep_rules
    assert len(calls) == 2 * len(RulePack(rules).semgrep_files)


def test_what_json_cannot_hold_exactly_is_not_kept(rules: Path, tmp_path: Path) -> None:
    # An unquoted date is a datetime.date to YAML: from JSON it would come back as text.
    (rules / "semgrep" / "python" / "weak-hash.yaml").write_text(
        (rules / "semgrep" / "python" / "weak-hash.yaml").read_text().replace("metadata:", "metadata:\n      reviewed: 2026-01-05", 1)
    )
    cache_dir = tmp_path / "cache"
    parsed = RulePack(rules, ResultCache(cache_dir)).semgrep_rules
    assert any("reviewed" in r.get("metadata", {}) for r in parsed)
    assert not list(cache_dir.rglob("*.json"))


def test_a_rule_in_a_language_nothing_routes_is_an_error_naming_rule_and_file(rules: Path) -> None:
    broken = rules / "semgrep" / "python" / "cobol.yaml"
    broken.write_text("rules:\n  - id: cobol-thing\n    languages: [cobol]\n    message: m\n    severity: ERROR\n    pattern: x\n")
    with pytest.raises(GatekeeperError) as raised:
        RulePack(rules).semgrep_rules
    assert str(raised.value) == (
        f"{broken}: rule 'cobol-thing' names language 'cobol', which gatekeeper does not route to any file "
        "(gatekeeper/filekinds.py lists the languages it knows)"
    )


def test_a_rule_for_a_known_language_routes_its_files(rules: Path) -> None:
    (rules / "semgrep" / "python" / "js.yaml").write_text(
        "rules:\n  - id: js-eval\n    languages: [javascript]\n    message: m\n    severity: ERROR\n    pattern: eval($X)\n"
    )
    pack = RulePack(rules)
    assert pack.semgrep_handles("web/server.js") and pack.semgrep_handles("web/App.tsx")
    assert "javascript" in pack.analysed_kinds
    assert not RulePack(default_rules_dir()).semgrep_handles("web/server.js")
