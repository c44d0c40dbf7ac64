from __future__ import annotations

from pathlib import Path

import pytest

from gatekeeper.findings import (
    Confidence,
    Finding,
    LineReader,
    Location,
    Severity,
    assign_fingerprints,
    cwe_number,
)


def make(rule: str = "python-sql-injection", path: str = "app.py", line: int = 3, **kw: object) -> Finding:
    defaults: dict[str, object] = dict(
        rule_id=rule,
        title="t",
        message="m",
        severity=Severity.HIGH,
        location=Location(path, line),
        scanners=("semgrep",),
        source_rules=(("semgrep", rule),),
    )
    defaults.update(kw)
    return Finding(**defaults)  # type: ignore[arg-type]


def test_severity_parses_case_insensitively_and_orders() -> None:
    assert Severity.parse("HIGH") is Severity.HIGH
    assert Severity.parse(" medium ") is Severity.MEDIUM
    assert Severity.CRITICAL > Severity.HIGH > Severity.MEDIUM > Severity.LOW > Severity.INFO


def test_severity_rejects_typos_with_the_choices() -> None:
    with pytest.raises(ValueError, match="'hgih' is not one of critical, high, medium, low, info"):
        Severity.parse("hgih")


def test_confidence_defaults_to_medium_for_unknown_values() -> None:
    assert Confidence.parse(None) is Confidence.MEDIUM
    assert Confidence.parse("UNDEFINED") is Confidence.MEDIUM
    assert Confidence.parse("high") is Confidence.HIGH


def test_location_end_line_never_before_start() -> None:
    assert Location("a.py", 7).end_line == 7
    assert Location("a.py", 7, end_line=9).end_line == 9


def test_cwe_number_reads_ids_with_names() -> None:
    assert cwe_number("CWE-89: Improper Neutralization") == 89
    assert cwe_number("cwe-502") == 502
    assert cwe_number("no cwe") is None
    assert make(cwe=("CWE-89: SQL", "CWE-943")).cwe_numbers == {89, 943}


def test_to_dict_round_trips() -> None:
    finding = make(
        cwe=("CWE-89: SQL injection",),
        owasp=("A03:2021 - Injection",),
        references=("https://cwe.mitre.org/data/definitions/89.html",),
        controls=("pci-dss:6.2.4",),
        properties=(("package", "jinja2"),),
        fingerprint="0" * 32 + ":0",
        confidence=Confidence.HIGH,
        # A merged finding's rules, in the order of the scanners that found it (not sorted).
        scanners=("semgrep", "bandit"),
        source_rules=(("semgrep", "python-sql-injection"), ("bandit", "B608")),
    )
    assert Finding.from_dict(finding.to_dict()) == finding


SOURCE = """\
import sqlite3

def q(cur, v):
    cur.execute("SELECT * FROM t WHERE id = '%s'" % v)
"""


def fingerprint_of(root: Path, text: str, line: int) -> str:
    (root / "app.py").write_text(text)
    [finding] = assign_fingerprints([make(line=line)], LineReader(root))
    return finding.fingerprint


def test_fingerprint_survives_lines_inserted_above(tmp_path: Path) -> None:
    before = fingerprint_of(tmp_path, SOURCE, 4)
    shifted = "# a new comment\n\nimport os\n" + SOURCE
    after = fingerprint_of(tmp_path, shifted, 7)
    assert before == after


def test_fingerprint_survives_reindentation(tmp_path: Path) -> None:
    before = fingerprint_of(tmp_path, SOURCE, 4)
    after = fingerprint_of(tmp_path, SOURCE.replace("    cur.execute", "        cur.execute"), 4)
    assert before == after


def test_fingerprint_changes_when_the_flagged_line_changes(tmp_path: Path) -> None:
    before = fingerprint_of(tmp_path, SOURCE, 4)
    after = fingerprint_of(tmp_path, SOURCE.replace("id =", "owner ="), 4)
    assert before != after


def test_fingerprint_depends_on_rule_and_path(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(SOURCE)
    (tmp_path / "other.py").write_text(SOURCE)
    findings = assign_fingerprints(
        [make(line=4), make(rule="B608", line=4), make(path="other.py", line=4)], LineReader(tmp_path)
    )
    assert len({f.fingerprint for f in findings}) == 3


def test_identical_lines_get_distinct_occurrence_indexes(tmp_path: Path) -> None:
    line = "    cur.execute(\"SELECT * FROM t WHERE id = '%s'\" % v)\n"
    (tmp_path / "app.py").write_text("def q(cur, v):\n" + line + line)
    findings = assign_fingerprints([make(line=3), make(line=2)], LineReader(tmp_path))
    hashes = {f.fingerprint.split(":")[0] for f in findings}
    assert len(hashes) == 1
    assert [f.fingerprint.split(":")[1] for f in findings] == ["0", "1"]
    assert [f.location.start_line for f in findings] == [2, 3]


def test_fingerprint_format(tmp_path: Path) -> None:
    fp = fingerprint_of(tmp_path, SOURCE, 4)
    digest, index = fp.split(":")
    assert len(digest) == 32 and int(digest, 16) >= 0 and index == "0"


def test_line_reader_tolerates_missing_files_and_lines(tmp_path: Path) -> None:
    reader = LineReader(tmp_path)
    assert reader("missing.py", 1) == ""
    (tmp_path / "a.py").write_bytes(b"x = '\xff'\n")
    assert reader("a.py", 1).startswith("x = ")
    assert reader("a.py", 99) == ""
