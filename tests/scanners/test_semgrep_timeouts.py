"""A rule that runs out of time on a file is lost coverage for that file, named with every rule that
timed out there and where each rule comes from (gatekeeper/scanners/semgrep.py)."""

from __future__ import annotations

from pathlib import Path

from gatekeeper.scanners.semgrep import _classify_errors


def _source(rule: str) -> str:
    return f"rules/semgrep/python/x.yaml: rule {rule.rsplit('.', 1)[-1]}"


def _timeout(rule: str, path: str) -> dict[str, object]:
    return {"type": "Timeout", "rule_id": rule, "path": path, "message": f"Timeout when running {rule} on {path}:\n "}


def test_every_rule_that_timed_out_on_a_file_is_named_once(tmp_path: Path) -> None:
    raw = [
        _timeout("rules.semgrep.python.slow-b", str(tmp_path / "app.py")),
        _timeout("rules.semgrep.python.slow-a", str(tmp_path / "app.py")),
        _timeout("rules.semgrep.python.slow-a", str(tmp_path / "views.py")),
    ]
    errors, skipped = _classify_errors(raw, tmp_path, lambda f, line: f"{f}:{line}", _source)
    assert errors == []
    reasons = {s.path: s.reason for s in skipped}
    assert reasons == {
        "app.py": "semgrep: Timeout: app.py: rules/semgrep/python/x.yaml: rule slow-a; rules/semgrep/python/x.yaml: "
        "rule slow-b ran over the per-rule time limit (scanners.semgrep.rule_timeout) on this file",
        "views.py": "semgrep: Timeout: views.py: rules/semgrep/python/x.yaml: rule slow-a ran over the per-rule "
        "time limit (scanners.semgrep.rule_timeout) on this file",
    }


def test_a_parse_error_and_a_timeout_on_one_file_keep_one_entry(tmp_path: Path) -> None:
    raw = [
        {"type": ["PartialParsing"], "path": str(tmp_path / "app.py"), "message": "Syntax error at line 3"},
        _timeout("rules.semgrep.python.slow-a", str(tmp_path / "app.py")),
    ]
    _errors, skipped = _classify_errors(raw, tmp_path, lambda f, line: f"{f}:{line}", _source)
    assert [s.path for s in skipped] == ["app.py"]
    assert "PartialParsing" in skipped[0].reason
