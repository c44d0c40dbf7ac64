"""The Go rule pack (rules/semgrep/go): semgrep's own tests pass for every rule, each rule has the
python pack's metadata and at least three `ruleid:` and three `ok:` cases, the request-driven taint
rules share one definition of request data, precision/recall per class stays >= 0.9 on the labelled
cases, and the held-apart cases (benchmarks/holdout/go) cover every class they claim."""

from __future__ import annotations

import json
import subprocess
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from gatekeeper.scanners.semgrep import semgrep_environment
from tests.rules.test_rule_pack import (
    REPO,
    SEMGREP_RULES,
    _block,
    _rule_chunks,
    rule_quality_module,
    semgrep_executable,
)

GO_PACK = SEMGREP_RULES / "go"
HOLDOUT = REPO / "benchmarks" / "holdout" / "go"
GO_SHARED_BLOCKS = ("shared go request sources", "shared go sanitizers", "shared go propagators")
# Classes the held-apart Go cases are filed under (benchmarks/holdout/go/README.md).
HOLDOUT_CLASSES = {
    "sql-injection",
    "command-injection",
    "path-traversal",
    "xss",
    "ssrf",
    "open-redirect",
    "weak-random",
    "weak-hash",
    "weak-crypto",
    "tls-verification",
}


def go_rules() -> list[tuple[Path, dict[str, Any]]]:
    return [
        (path, rule)
        for path in sorted(GO_PACK.glob("*.yaml"))
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
    ]


def test_go_rules_carry_the_python_packs_metadata() -> None:
    rules = go_rules()
    assert len(rules) >= 13
    for path, rule in rules:
        meta = rule["metadata"]
        assert rule["languages"] == ["go"], rule["id"]
        assert str(rule["id"]).startswith("go-"), rule["id"]
        assert meta.get("category"), rule["id"]
        assert meta.get("owasp"), rule["id"]
        assert path.with_suffix(".go").is_file(), f"{path.name} has no test file beside it"


def test_injection_rules_are_taint_rules_with_sources_sanitizers_and_sinks() -> None:
    taint = {rule["id"]: rule for _, rule in go_rules() if rule.get("mode") == "taint"}
    assert set(taint) == {
        "go-sql-injection",
        "go-command-injection",
        "go-path-traversal",
        "go-xss",
        "go-ssrf",
        "go-open-redirect",
    }
    for rule_id, rule in taint.items():
        assert rule["pattern-sources"] and rule["pattern-sanitizers"] and rule["pattern-sinks"], rule_id


def test_request_driven_go_rules_share_sources_sanitizers_and_propagators() -> None:
    blocks: dict[str, dict[str, str]] = defaultdict(dict)
    for path in sorted(GO_PACK.glob("*.yaml")):
        parsed = {rule["id"]: rule for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]}
        for rule_id, chunk in _rule_chunks(path.read_text(encoding="utf-8")).items():
            if parsed[rule_id].get("mode") != "taint":
                continue
            for name in GO_SHARED_BLOCKS:
                block = _block(chunk, name)
                assert block is not None, f"{rule_id} ({path.name}) lacks the '{name}' block"
                blocks[name][rule_id] = block
    assert len(blocks["shared go request sources"]) == 6
    for name, by_rule in blocks.items():
        variants = Counter(by_rule.values())
        assert len(variants) == 1, f"the '{name}' block differs between {sorted(by_rule)}: copy it over"


@pytest.mark.slow
def test_go_rules_have_three_true_and_three_false_cases() -> None:
    quality = rule_quality_module()
    notes = [note for path in quality.test_files(GO_PACK) for note in quality.annotations(path, REPO)]
    positives = Counter(n.rule_id for n in notes if n.kind == "ruleid")
    negatives = Counter(n.rule_id for n in notes if n.kind == "ok")
    thin = {
        rule["id"]: (positives[rule["id"]], negatives[rule["id"]])
        for _, rule in go_rules()
        if positives[rule["id"]] < 3 or negatives[rule["id"]] < 3
    }
    assert not thin, f"rules with fewer than 3 ruleid / 3 ok cases (ruleid, ok): {thin}"


@pytest.mark.slow
def test_semgrep_test_passes_for_every_go_rule(tmp_path: Path) -> None:
    proc = subprocess.run(
        [semgrep_executable(), "--test", "--json", "--metrics=off", "--disable-version-check", str(GO_PACK)],
        cwd=REPO,
        env=semgrep_environment(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(proc.stdout)
    checks = {check: outcome for result in report["results"].values() for check, outcome in result["checks"].items()}
    failed = {check: outcome for check, outcome in checks.items() if not outcome["passed"]}
    assert not failed, json.dumps(failed, indent=1)[:4000]
    assert not report["config_with_errors"] and not report["config_missing_tests"]
    assert {rule["id"] for _, rule in go_rules()} <= set(checks)


@pytest.mark.slow
def test_go_precision_and_recall_per_class(tmp_path: Path) -> None:
    quality = rule_quality_module()
    report = quality.measure(GO_PACK, root=REPO, semgrep=semgrep_executable(), state_dir=tmp_path)
    table = quality.format_table(report, quality.DEFAULT_THRESHOLD)
    assert len(report.classes) >= 10, table
    assert report.total.tp >= 13 * 3, table
    below = report.below(quality.DEFAULT_THRESHOLD)
    assert not below, f"classes below {quality.DEFAULT_THRESHOLD}: {below}\n{table}\n" + "\n".join(report.mistakes)


def test_go_holdout_has_vulnerable_and_safe_lines_for_every_class() -> None:
    spec_module = rule_quality_module().holdout_quality
    labels = spec_module.labels(HOLDOUT)
    assert {label.cls for label in labels} == HOLDOUT_CLASSES
    for cls in HOLDOUT_CLASSES:
        assert any(label.positive for label in labels if label.cls == cls), cls
        assert any(not label.positive for label in labels if label.cls == cls), cls
    assert all(label.path.split("/")[0] == label.cls for label in labels)
    assert all(label.path.endswith(".go") for label in labels)
