"""The gate-level scorer of the held-apart cases (benchmarks/holdout_quality.py) and the cases'
own convention (benchmarks/holdout/README.md)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
HOLDOUT = REPO / "benchmarks" / "holdout" / "python"
CLASSES = {"sql-injection", "command-injection", "code-injection", "path-traversal", "ssrf", "xss", "open-redirect",
           "ldap-injection", "xpath-injection", "insecure-deserialization", "trust-boundary", "weak-random"}


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("holdout_quality", REPO / "benchmarks" / "holdout_quality.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("holdout_quality", module)
    spec.loader.exec_module(module)
    return module


quality = _module()


def test_labels_apply_to_the_next_line(tmp_path: Path) -> None:
    case = tmp_path / "xss" / "app"
    case.mkdir(parents=True)
    (case / "v.py").write_text("a = 1\n# ruleid: xss\nreturn_it(a)\n    # ok: xss\nsafe(a)\n# ruleid: xss, sql\n")
    assert quality.labels(tmp_path) == [quality.Label("xss/app/v.py", 3, "xss", True),
                                        quality.Label("xss/app/v.py", 5, "xss", False)]
    assert quality.cases(tmp_path) == [case]


def test_scoring_reported_and_blocking_apart() -> None:
    labels = [quality.Label("c/a.py", 3, "sqli", True), quality.Label("c/a.py", 8, "sqli", True),
              quality.Label("c/a.py", 12, "sqli", False), quality.Label("c/a.py", 20, "sqli", False)]
    # line 3: reported and blocking; line 8: missed; line 12: reported, not blocking; 20: clean.
    findings = {"c/a.py": [(2, 3, True, "r1"), (12, 12, False, "B608"), (30, 31, True, "r2")]}
    report = quality.score(labels, findings)
    reported, blocking = report.reported["sqli"], report.blocking["sqli"]
    assert (reported.tp, reported.fn, reported.fp, reported.tn) == (1, 1, 1, 1)
    assert (blocking.tp, blocking.fn, blocking.fp, blocking.tn) == (1, 1, 0, 2)
    assert reported.score == 0.0 and blocking.score == 0.5
    assert any("false alarm    c/a.py:12" in m and "reported" in m for m in report.mistakes)
    assert any(m.startswith("missed         c/a.py:8") for m in report.mistakes)


def test_every_class_has_held_apart_vulnerable_and_safe_lines() -> None:
    labels = quality.labels(HOLDOUT)
    assert {label.cls for label in labels} == CLASSES
    for cls in CLASSES:
        assert any(label.positive for label in labels if label.cls == cls), cls
        assert any(not label.positive for label in labels if label.cls == cls), cls
    # A label names the class of the directory it is in: cases are filed by weakness.
    assert all(label.path.split("/")[0] == label.cls for label in labels)


def test_rule_tests_score_tpr_minus_fpr_over_the_ok_lines() -> None:
    spec = importlib.util.spec_from_file_location("rule_quality", REPO / "benchmarks" / "rule_quality.py")
    assert spec and spec.loader
    rule_quality = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("rule_quality", rule_quality)
    spec.loader.exec_module(rule_quality)
    rules = {"r1": {"id": "r1", "metadata": {"category": "c"}}}
    notes = [rule_quality.Annotation("t.py", line, "r1", kind)
             for line, kind in ((2, "ruleid"), (4, "ruleid"), (6, "ok"), (8, "ok"), (10, "ok"), (12, "ok"))]
    # line 2 found, 4 missed; ok line 6 wrongly reported, 8/10/12 left alone; line 20 unannotated.
    results = [{"check_id": "r1", "path": "t.py", "start": {"line": n}} for n in (2, 6, 20)]
    counts = rule_quality.score(rules, notes, results).classes["c"]
    assert (counts.tp, counts.fn, counts.fp, counts.fp_ok, counts.tn) == (1, 1, 2, 1, 3)
    assert counts.fpr == 0.25 and counts.score == 0.25


JAVA_HOLDOUT = REPO / "benchmarks" / "holdout" / "java"
JAVA_CLASSES = {"sql-injection", "command-injection", "path-traversal", "ldap-injection", "xpath-injection", "xss",
                "ssrf", "open-redirect", "trust-boundary", "log-injection", "weak-random", "weak-hash", "weak-crypto",
                "insecure-cookie", "insecure-deserialization", "xxe", "tls"}


def test_java_cases_label_vulnerable_and_safe_lines_of_every_class() -> None:
    labels = quality.labels(JAVA_HOLDOUT)
    assert {label.cls for label in labels} == JAVA_CLASSES
    for cls in JAVA_CLASSES:
        assert any(label.positive for label in labels if label.cls == cls), cls
        assert any(not label.positive for label in labels if label.cls == cls), cls
    assert all(label.path.split("/")[0] == label.cls for label in labels)
    # `//` labels alone on a line name the next line, which holds code.
    for label in labels:
        text = (JAVA_HOLDOUT / label.path).read_text().splitlines()[label.line - 1]
        assert text.strip() and not text.strip().startswith("//"), label
JS_HOLDOUT = REPO / "benchmarks" / "holdout" / "javascript"
JS_CLASSES = {"sql-injection", "nosql-injection", "command-injection", "code-injection", "path-traversal", "xss",
              "ssrf", "open-redirect", "prototype-pollution"}


def test_every_javascript_class_has_held_apart_vulnerable_and_safe_lines() -> None:
    labels = quality.labels(JS_HOLDOUT)
    assert {label.cls for label in labels} == JS_CLASSES
    for cls in JS_CLASSES:
        assert any(label.positive for label in labels if label.cls == cls), cls
        assert any(not label.positive for label in labels if label.cls == cls), cls
    assert all(label.path.split("/")[0] == label.cls for label in labels)


@pytest.mark.slow
def test_the_gate_keeps_its_javascript_holdout_figures() -> None:
    """A floor under the figures docs/rules.md reports (0.96 reported, 0.73 blocking): a change
    that loses cases, or starts flagging the safe look-alikes, fails here."""
    report = quality.measure(JS_HOLDOUT)
    table = quality.format_table(report)
    assert (quality.HoldoutReport.mean(report.reported, "score") or 0) >= 0.9, table
    assert (quality.HoldoutReport.mean(report.blocking, "score") or 0) >= 0.7, table
    assert all(rates.fp == 0 for rates in report.reported.values()), "\n".join(report.mistakes)
