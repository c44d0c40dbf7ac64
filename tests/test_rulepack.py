"""The rule pack: parsed once per content, kept in the result cache by its digest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from gatekeeper import rulepack
from gatekeeper.cache import ResultCache
from gatekeeper.errors import GatekeeperError
from gatekeeper.rulepack import BUNDLED, RulePack, UserPack, default_rules_dir, tree_digest

JS_RULE = """\
rules:
  - id: org-js-eval-request
    languages: [javascript]
    severity: ERROR
    message: Request data reaches eval()
    metadata:
      cwe: ["CWE-95: Improper Neutralization of Directives in Dynamically Evaluated Code ('Eval Injection')"]
    pattern: eval(req.query.$X)
"""


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


def test_the_parsed_pack_is_reused_until_a_rule_file_changes(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
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
    _ = RulePack(rules).semgrep_rules
    _ = RulePack(rules).semgrep_rules
    assert len(calls) == 2 * len(RulePack(rules).semgrep_files)


def test_what_json_cannot_hold_exactly_is_not_kept(rules: Path, tmp_path: Path) -> None:
    # An unquoted date is a datetime.date to YAML: from JSON it would come back as text.
    (rules / "semgrep" / "python" / "weak-hash.yaml").write_text(
        (rules / "semgrep" / "python" / "weak-hash.yaml")
        .read_text()
        .replace("metadata:", "metadata:\n      reviewed: 2026-01-05", 1)
    )
    cache_dir = tmp_path / "cache"
    parsed = RulePack(rules, ResultCache(cache_dir)).semgrep_rules
    assert any("reviewed" in r.get("metadata", {}) for r in parsed)
    assert not list(cache_dir.rglob("*.json"))


def test_a_rule_in_a_language_nothing_routes_is_an_error_naming_rule_and_file(rules: Path) -> None:
    broken = rules / "semgrep" / "python" / "cobol.yaml"
    broken.write_text(
        "rules:\n  - id: cobol-thing\n    languages: [cobol]\n    message: m\n    severity: ERROR\n    pattern: x\n"
    )
    with pytest.raises(GatekeeperError) as raised:
        _ = RulePack(rules).semgrep_rules
    assert str(raised.value) == (
        f"{broken}: rule 'cobol-thing' names language 'cobol', which gatekeeper does not route to any file "
        "(gatekeeper/filekinds.py lists the languages it knows)"
    )


def test_a_rule_for_a_known_language_routes_its_files(rules: Path) -> None:
    (rules / "semgrep" / "python" / "js.yaml").write_text(JS_RULE)
    pack = RulePack(rules)
    assert pack.semgrep_handles("web/server.js") and pack.semgrep_handles("web/App.tsx")
    assert "javascript" in pack.analysed_kinds
    # The control: a language the bundled pack has no rules for stays unrouted.
    assert not RulePack(default_rules_dir()).semgrep_handles("lib/app.rb")


# -- user packs (rules.packs) --------------------------------------------------------------------


def user_pack(root: Path, text: str = JS_RULE, name: str = "js-eval.yaml") -> UserPack:
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text)
    return UserPack("org-rules", root)


def with_packs(*packs: UserPack) -> RulePack:
    return RulePack(default_rules_dir(), packs=packs)


def test_a_user_pack_is_run_with_the_bundled_one_and_routes_its_language(tmp_path: Path) -> None:
    pack = with_packs(user_pack(tmp_path / "org"))
    assert "org-js-eval-request" in pack.rule_ids and "python-sql-injection" in pack.rule_ids
    assert "id: org-js-eval-request" in pack.merged_config and "id: python-sql-injection" in pack.merged_config
    assert pack.semgrep_handles("web/server.js") and "javascript" in pack.analysed_kinds
    bundled = RulePack(default_rules_dir())
    assert "org-js-eval-request" not in bundled.rule_ids and not bundled.semgrep_handles("lib/app.rb")


def test_a_semgrep_test_target_beside_a_rule_is_not_read_as_a_rule(tmp_path: Path) -> None:
    pack = user_pack(tmp_path / "org")
    (pack.path / "js-eval.js").write_text("// ruleid: org-js-eval-request\neval(req.query.x);\n")
    (pack.path / "js-eval.test.yaml").write_text("not: a rule file\n")
    assert with_packs(pack).semgrep_files[-1:] == (pack.path / "js-eval.yaml",)


def _drop(text: str, line: str) -> str:
    assert line in text
    return text.replace(line, "")


INVALID = {
    "bad YAML": ("rules:\n  - id: x\n   bad: [\n", "cannot read rule file: "),
    "not a rule file": ("foo: 1\n", "not a semgrep rule file (no top-level 'rules' list)"),
    "no id": (JS_RULE.replace("id: org-js-eval-request", "name: x"), "a rule without an 'id'"),
    "unknown language": (
        JS_RULE.replace("[javascript]", "[cobol]"),
        "rule 'org-js-eval-request' names language 'cobol', which gatekeeper does not route",
    ),
    "no message": (
        _drop(JS_RULE, "    message: Request data reaches eval()\n"),
        "rule 'org-js-eval-request' has no 'message'",
    ),
    "no severity": (
        _drop(JS_RULE, "    severity: ERROR\n"),
        "rule 'org-js-eval-request' has severity (none); expected one of CRITICAL, HIGH, ERROR",
    ),
    "severity not a word": (
        JS_RULE.replace("severity: ERROR", "severity: [ERROR]"),
        "rule 'org-js-eval-request' has severity '['ERROR']'; expected one of",
    ),
    "unknown severity": (
        JS_RULE.replace("severity: ERROR", "severity: SEVERE"),
        "rule 'org-js-eval-request' has severity 'SEVERE'; expected one of",
    ),
    "no metadata": (
        JS_RULE.split("    metadata:")[0] + "    pattern: eval(req.query.$X)\n",
        "rule 'org-js-eval-request' has no 'metadata' (metadata.cwe maps its findings to controls)",
    ),
    "no cwe": (
        JS_RULE.replace("      cwe:", "      title: eval\n      owasp:"),
        "rule 'org-js-eval-request' has no metadata.cwe",
    ),
    "not a cwe": (
        JS_RULE.replace('["CWE-95', '["code injection, CWE95'),
        "rule 'org-js-eval-request': metadata.cwe entry 'code injection, CWE95",
    ),
    "bad own severity": (
        JS_RULE.replace("    metadata:\n", "    metadata:\n      severity: urgent\n"),
        "rule 'org-js-eval-request': metadata.severity 'urgent' is not one of critical, high",
    ),
    "production-only not a boolean": (
        JS_RULE.replace("    metadata:\n", "    metadata:\n      production-only: 'yes'\n"),
        "rule 'org-js-eval-request': metadata.production-only is 'yes'; expected true or false",
    ),
    "severity-in-context not a boolean": (
        JS_RULE.replace("    metadata:\n", "    metadata:\n      severity-in-context: 1\n"),
        "rule 'org-js-eval-request': metadata.severity-in-context is '1'; expected true or false",
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
@pytest.mark.slow
def test_a_user_rule_is_validated_like_the_bundled_pack(case: str, tmp_path: Path) -> None:
    text, expected = INVALID[case]
    pack = user_pack(tmp_path / "org", text)
    with pytest.raises(GatekeeperError) as raised:
        with_packs(pack).check()
    assert str(raised.value).startswith(f"{pack.path / 'js-eval.yaml'}: {expected}"), str(raised.value)


def test_a_bundled_rule_is_held_to_the_same_metadata(rules: Path) -> None:
    broken = rules / "semgrep" / "python" / "weak-hash.yaml"
    doc = yaml.safe_load(broken.read_text())
    del doc["rules"][0]["metadata"]["cwe"]
    broken.write_text(yaml.safe_dump(doc))
    with pytest.raises(GatekeeperError, match=f"^{broken}: rule '{doc['rules'][0]['id']}' has no metadata.cwe"):
        RulePack(rules).check()


def test_a_rule_id_the_bundled_pack_has_is_an_error_naming_both_files(tmp_path: Path) -> None:
    pack = user_pack(tmp_path / "org", JS_RULE.replace("org-js-eval-request", "python-sql-injection"))
    with pytest.raises(GatekeeperError) as raised:
        with_packs(pack).check()
    assert str(raised.value) == (
        f"{pack.path / 'js-eval.yaml'}: rule 'python-sql-injection' has the same id as a rule in "
        f"{default_rules_dir() / 'semgrep' / 'python' / 'sql-injection.yaml'} "
        "(rule ids are unique across the bundled pack and rules.packs)"
    )


def test_a_rule_id_twice_across_user_packs_is_an_error(tmp_path: Path) -> None:
    first, second = user_pack(tmp_path / "a"), user_pack(tmp_path / "b")
    with pytest.raises(
        GatekeeperError, match=f"^{second.path / 'js-eval.yaml'}: rule 'org-js-eval-request' has the same id"
    ):
        with_packs(first, second).check()


def test_a_missing_or_empty_pack_is_an_error_not_an_empty_pass(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("rules go here\n")
    for directory, what in (("missing", "is not a directory"), ("empty", "holds no semgrep rule files")):
        pack = UserPack(directory, tmp_path / directory)
        for attribute in ("digest", "semgrep_rules"):
            with pytest.raises(GatekeeperError) as raised:
                getattr(with_packs(pack), attribute)
            assert str(raised.value) == f"{pack.path}: rule pack '{directory}' (rules.packs) {what}" + (
                " (*.yaml, *.yml)" if directory == "empty" else ""
            )


def test_the_digest_covers_every_pack_and_names_each(tmp_path: Path) -> None:
    bundled = RulePack(default_rules_dir())
    assert bundled.digest == tree_digest(default_rules_dir())
    assert bundled.attribution == ((BUNDLED, bundled.digest),)
    pack = user_pack(tmp_path / "org")
    before = with_packs(pack)
    assert before.attribution == ((BUNDLED, bundled.digest), ("org-rules", tree_digest(pack.path)))
    assert before.digest != bundled.digest
    (pack.path / "js-eval.yaml").write_text(JS_RULE.replace("reaches eval()", "reaches eval"))
    after = with_packs(pack)
    assert after.attribution[1][1] != before.attribution[1][1] and after.digest != before.digest


def test_a_cached_parse_is_not_reused_across_a_change_to_a_user_pack(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache")
    pack = user_pack(tmp_path / "org")
    assert any(
        r["message"] == "Request data reaches eval()"
        for r in RulePack(default_rules_dir(), cache, (pack,)).semgrep_rules
    )
    (pack.path / "js-eval.yaml").write_text(JS_RULE.replace("reaches eval()", "is evaluated"))
    rules = RulePack(default_rules_dir(), cache, (pack,)).semgrep_rules
    assert [r["message"] for r in rules if r["id"] == "org-js-eval-request"] == ["Request data is evaluated"]


def test_a_parse_cached_by_other_code_is_not_reused(
    rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A gatekeeper that checks rules more strictly re-reads a pack rather than trust an old parse."""
    cache = ResultCache(tmp_path / "cache")
    _ = RulePack(rules, cache).semgrep_rules
    calls = parse_count(monkeypatch)
    _ = RulePack(rules, cache).semgrep_rules
    assert calls == []
    monkeypatch.setattr("gatekeeper.incremental.code_digest", lambda: "other code")
    _ = RulePack(rules, cache).semgrep_rules
    assert len(calls) == len(RulePack(rules).semgrep_files)
