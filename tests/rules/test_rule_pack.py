"""The semgrep rule pack: its own tests pass, every rule carries valid metadata, the request-driven
rules share one definition of request data, and precision/recall per weakness class stays >= 0.9."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator

import pytest
import yaml

from gatekeeper.rulepack import is_rule_file
from gatekeeper.scanners.semgrep import semgrep_environment

REPO = Path(__file__).resolve().parents[2]
SEMGREP_RULES = REPO / "rules" / "semgrep"
PYTHON_PACK = SEMGREP_RULES / "python"
JAVA_PACK = SEMGREP_RULES / "java"
JAVASCRIPT_PACK = SEMGREP_RULES / "javascript"
# The language packs held to the Python pack's discipline (id prefix, category, 3+3 cases, shared
# blocks, per-class quality), with the fewest weakness classes each must cover. (Go: test_go_pack.py.)
LANGUAGE_PACKS = {PYTHON_PACK: 15, JAVASCRIPT_PACK: 14, JAVA_PACK: 17}

SEVERITIES = {"critical", "high", "medium", "low", "info"}
CONFIDENCES = {"HIGH", "MEDIUM", "LOW"}
CWE = re.compile(r"^CWE-\d+: \S.*$")
OWASP_2021 = re.compile(r"^A(0[1-9]|10):2021 - \S.*$")
BANDIT_TEST = re.compile(r"^B\d{3}$")

# Blocks copied into every request-driven taint rule (semgrep has no includes); they must not drift.
SHARED_BLOCKS = ("shared request sources", "shared sanitizers", "shared propagators")
# Taint rules of the python pack whose sources are not request data.
NOT_REQUEST_DRIVEN = {"python-static-iv", "python-log-sensitive-data", "python-weak-random", "python-weak-random-cookie"}
# Ids that the engine's tests, the compliance mapping and the example app rely on.
STABLE_IDS = {
    "python-sql-injection",
    "python-command-injection",
    "python-unsafe-yaml-load",
    "python-pickle-untrusted",
    "python-tls-verification-disabled",
}


def semgrep_executable() -> str:
    """The pinned semgrep installed next to this interpreter: a dependency, so its absence fails."""
    path = Path(sys.executable).parent / "semgrep"
    assert path.exists(), f"semgrep is not installed next to {sys.executable}"
    return str(path)


def rule_files() -> list[Path]:
    return sorted(p for p in SEMGREP_RULES.rglob("*") if p.is_file() and is_rule_file(p))


def all_rules() -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in rule_files():
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            yield path, rule


def is_python_rule(rule: dict[str, Any]) -> bool:
    return "python" in [str(lang).lower() for lang in rule.get("languages", [])]


def rule_quality_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rule_quality", REPO / "benchmarks" / "rule_quality.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


# --- semgrep's own test runner -------------------------------------------------------------------


@pytest.mark.slow
def test_semgrep_test_passes(tmp_path: Path) -> None:
    proc = subprocess.run(
        [semgrep_executable(), "--test", "--json", "--metrics=off", "--disable-version-check", str(SEMGREP_RULES)],
        cwd=REPO,
        env=semgrep_environment(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"semgrep --test gave no JSON (exit {proc.returncode}): {proc.stderr[-2000:]}")
    failed = {
        f"{config}: {check}": outcome
        for config, result in report["results"].items()
        for check, outcome in result["checks"].items()
        if not outcome["passed"]
    }
    assert not failed, json.dumps(failed, indent=1)[:4000]
    assert not report["config_with_errors"], report["config_with_errors"]
    assert not report["config_missing_tests"], f"rule files without a test file: {report['config_missing_tests']}"
    assert proc.returncode == 0, proc.stderr[-2000:]
    tested = {check for result in report["results"].values() for check in result["checks"]}
    pack_ids = {rule["id"] for path, rule in all_rules() if path.parent in LANGUAGE_PACKS}
    assert pack_ids <= tested, f"language pack rules semgrep did not test: {sorted(pack_ids - tested)}"


# --- metadata ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", rule_files(), ids=lambda p: p.relative_to(SEMGREP_RULES).as_posix())
def test_rule_metadata(path: Path) -> None:
    problems: list[str] = []
    for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
        rule_id = rule.get("id", "?")
        meta = rule.get("metadata") or {}

        def problem(text: str) -> None:
            problems.append(f"{rule_id}: {text}")

        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(rule_id)):
            problem("rule ids are plain lower-case words joined by '-' (no dots)")
        if not (isinstance(meta.get("title"), str) and meta["title"].strip()):
            problem("metadata.title is missing")
        cwes = meta.get("cwe")
        if not (isinstance(cwes, list) and cwes and all(isinstance(c, str) and CWE.match(c) for c in cwes)):
            problem(f"metadata.cwe must be a non-empty list of 'CWE-N: name', not {cwes!r}")
        if meta.get("severity") not in SEVERITIES:
            problem(f"metadata.severity {meta.get('severity')!r} is not one of {sorted(SEVERITIES)}")
        if meta.get("confidence") not in CONFIDENCES:
            problem(f"metadata.confidence {meta.get('confidence')!r} is not one of {sorted(CONFIDENCES)}")
        if not (isinstance(meta.get("remediation"), str) and meta["remediation"].strip()):
            problem("metadata.remediation is missing")
        refs = meta.get("references")
        if not (isinstance(refs, list) and refs and all(str(r).startswith(("https://", "http://")) for r in refs)):
            problem("metadata.references must be a non-empty list of URLs")
        owasp = meta.get("owasp")
        if owasp is None and (is_python_rule(rule) or path.parent in LANGUAGE_PACKS):
            problem("metadata.owasp is required for the language packs' rules")
        if owasp is not None and not (
            isinstance(owasp, list) and owasp and all(isinstance(o, str) and OWASP_2021.match(o) for o in owasp)
        ):
            problem(f"metadata.owasp must list 'A0N:2021 - Name' categories, not {owasp!r}")
        bandit = meta.get("bandit")
        if bandit is not None and not (isinstance(bandit, list) and all(BANDIT_TEST.match(str(b)) for b in bandit)):
            problem(f"metadata.bandit must list bandit test ids (B123), not {bandit!r}")
        if path.parent in LANGUAGE_PACKS:
            if not str(rule_id).startswith(f"{path.parent.name}-"):
                problem(f"{path.parent.name} pack rule ids start with '{path.parent.name}-'")
            if not meta.get("category"):
                problem("metadata.category (the weakness class) is missing")
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_rule_ids_unique_and_stable() -> None:
    counts = Counter(rule["id"] for _, rule in all_rules())
    assert not [rule_id for rule_id, n in counts.items() if n > 1], "duplicate rule ids"
    assert set(counts) >= STABLE_IDS, f"missing rule ids others rely on: {sorted(STABLE_IDS - set(counts))}"


@pytest.mark.slow
@pytest.mark.parametrize("pack", sorted(LANGUAGE_PACKS), ids=lambda p: p.name)
def test_rules_have_three_true_and_three_false_cases(pack: Path) -> None:
    quality = rule_quality_module()
    notes = [
        note
        for path in quality.test_files(pack)
        for note in quality.annotations(path, REPO)
    ]
    positives: dict[str, int] = defaultdict(int)
    negatives: dict[str, int] = defaultdict(int)
    for note in notes:
        if note.kind == "ruleid":
            positives[note.rule_id] += 1
        elif note.kind == "ok":
            negatives[note.rule_id] += 1
    thin = {
        rule["id"]: (positives[rule["id"]], negatives[rule["id"]])
        for path, rule in all_rules()
        if path.parent == pack and (positives[rule["id"]] < 3 or negatives[rule["id"]] < 3)
    }
    assert not thin, f"rules with fewer than 3 ruleid / 3 ok cases (ruleid, ok): {thin}"


# --- shared blocks of the request-driven taint rules ---------------------------------------------


def _rule_chunks(text: str) -> dict[str, str]:
    """Each rule's own text in a rule file (the comments the YAML parser drops included)."""
    chunks = re.split(r"(?m)^  - id: ", text)[1:]
    return {chunk.split("\n", 1)[0].strip(): chunk for chunk in chunks}


def _block(chunk: str, name: str) -> str | None:
    match = re.search(rf"(?ms)^[ \t]*# >>> {re.escape(name)}\b.*?^[ \t]*# <<< {re.escape(name)}\s*$", chunk)
    return match.group(0) if match else None


@pytest.mark.slow
@pytest.mark.parametrize("pack", sorted(LANGUAGE_PACKS), ids=lambda p: p.name)
def test_request_driven_rules_share_sources_sanitizers_and_propagators(pack: Path) -> None:
    blocks: dict[str, dict[str, str]] = defaultdict(dict)
    for path in sorted(pack.glob("*.yaml")):
        parsed = {rule["id"]: rule for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]}
        for rule_id, chunk in _rule_chunks(path.read_text(encoding="utf-8")).items():
            if parsed[rule_id].get("mode") != "taint" or rule_id in NOT_REQUEST_DRIVEN:
                continue
            for name in SHARED_BLOCKS:
                block = _block(chunk, name)
                assert block is not None, f"{rule_id} ({path.name}) lacks the '{name}' block"
                blocks[name][rule_id] = block
    assert blocks, "no request-driven taint rules found"
    for name, by_rule in blocks.items():
        variants = Counter(by_rule.values())
        if len(variants) > 1:
            reference = variants.most_common(1)[0][0]
            drifted = sorted(rule_id for rule_id, block in by_rule.items() if block != reference)
            pytest.fail(f"the '{name}' block differs in {drifted} from the other rules: copy it over")


# --- precision and recall per class --------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("pack", sorted(LANGUAGE_PACKS), ids=lambda p: p.name)
def test_precision_and_recall_per_class(tmp_path: Path, pack: Path) -> None:
    quality = rule_quality_module()
    report = quality.measure(pack, root=REPO, semgrep=semgrep_executable(), state_dir=tmp_path)
    table = quality.format_table(report, quality.DEFAULT_THRESHOLD)
    assert len(report.classes) >= LANGUAGE_PACKS[pack], table
    assert report.total.tp > 0, table
    below = report.below(quality.DEFAULT_THRESHOLD)
    assert not below, f"classes below {quality.DEFAULT_THRESHOLD}: {below}\n{table}\n" + "\n".join(report.mistakes)


def test_quality_scoring_counts_mistakes() -> None:
    """The scorer itself: a missed `ruleid:`, a reported `ok:` and an unannotated report all count."""
    quality = rule_quality_module()
    rules = {"r1": {"id": "r1", "metadata": {"category": "c"}}, "r2": {"id": "r2", "metadata": {"cwe": ["CWE-1: x"]}}}
    notes = [
        quality.Annotation("t.py", 2, "r1", "ruleid"),
        quality.Annotation("t.py", 4, "r1", "ruleid"),
        quality.Annotation("t.py", 6, "r1", "ok"),
        quality.Annotation("t.py", 8, "r2", "todoruleid"),
    ]
    results = [
        {"check_id": "rules.semgrep.python.r1", "path": "t.py", "start": {"line": 2}},
        {"check_id": "r1", "path": "t.py", "start": {"line": 6}},
        {"check_id": "r2", "path": "t.py", "start": {"line": 9}},
    ]
    report = quality.score(rules, notes, results)
    c, cwe1 = report.classes["c"], report.classes["CWE-1"]
    assert (c.tp, c.fp, c.fn) == (1, 1, 1)
    assert (cwe1.tp, cwe1.fp, cwe1.fn) == (0, 1, 1)
    assert report.below(0.9) == ["CWE-1", "c"]


def test_annotations_apply_to_the_next_line(tmp_path: Path) -> None:
    quality = rule_quality_module()
    sample = tmp_path / "x.py"
    sample.write_text("a = 1\n# ruleid: r1, r2\nb = 2\n    # ok: r3\nc = 3\n# todook: r4\n")
    found = {(n.line, n.rule_id, n.kind) for n in quality.annotations(sample, tmp_path)}
    assert found == {(3, "r1", "ruleid"), (3, "r2", "ruleid"), (5, "r3", "ok"), (7, "r4", "todook")}
