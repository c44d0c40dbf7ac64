"""A SARIF file is believed only once read and validated: real tools' logs pass both gatekeeper's
schema and the OASIS one; what gatekeeper's schema refuses, the OASIS schema refuses too."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gatekeeper.scanners.sarif_file import SarifError, load, schema_problem

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sarif"
REAL = ["semgrep.sarif", "bandit.sarif", "checkov.sarif"]


@pytest.fixture(scope="module")
def oasis() -> Any:
    """Real data: the OASIS schema from ../shared, located through GATEKEEPER_TEST_SCHEMAS."""
    import jsonschema

    base = os.environ.get("GATEKEEPER_TEST_SCHEMAS")
    if not base:
        pytest.skip("GATEKEEPER_TEST_SCHEMAS is not set (directory holding sarif-schema-2.1.0.json)")
    path = Path(base) / "sarif-schema-2.1.0.json"
    assert path.is_file(), f"GATEKEEPER_TEST_SCHEMAS is set but {path} does not exist"
    return jsonschema.Draft7Validator(json.loads(path.read_text()))


@pytest.mark.parametrize("name", REAL)
def test_real_tools_logs_are_valid_for_both_schemas(name: str, oasis: Any) -> None:
    document = json.loads((FIXTURES / name).read_text())
    assert schema_problem(document) == ""
    assert [e.message for e in oasis.iter_errors(document)] == []


def _bandit() -> dict[str, Any]:
    return json.loads((FIXTURES / "bandit.sarif").read_text())


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = document
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is _DELETE:
            del node[int(last) if last.isdigit() else last]
        else:
            node[int(last) if last.isdigit() else last] = value

    return edit


_DELETE = object()
BROKEN = {
    "another version": (_set("version", "2.0.0"), "version"),
    "no runs": (_set("runs", _DELETE), "the document must contain ['runs'] properties"),
    "no tool name": (_set("runs.0.tool.driver.name", _DELETE), "runs[0].tool.driver must contain ['name'] properties"),
    "an unknown level": (_set("runs.0.results.1.level", "severe"), "runs[0].results[1].level must be one of"),
    "a result without a message": (
        _set("runs.0.results.0.message", _DELETE),
        "runs[0].results[0] must contain ['message']",
    ),
    "line zero": (_set("runs.0.results.0.locations.0.physicalLocation.region.startLine", 0), "startLine"),
    "a line as text": (_set("runs.0.results.0.locations.0.physicalLocation.region.startLine", "4"), "startLine"),
    "success as text": (_set("runs.0.invocations.0.executionSuccessful", "yes"), "executionSuccessful"),
    "a rule without an id": (_set("runs.0.tool.driver.rules.0.id", _DELETE), "rules[0] must contain ['id']"),
    "tags that are not text": (_set("runs.0.tool.driver.rules.0.properties.tags", [7]), "tags[0]"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_what_gatekeeper_refuses_the_oasis_schema_refuses_too(case: str, oasis: Any) -> None:
    edit, where = BROKEN[case]
    document = copy.deepcopy(_bandit())
    edit(document)
    assert where in schema_problem(document)
    assert list(oasis.iter_errors(document)), f"the OASIS schema accepts '{case}'"


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_log_is_refused_naming_where(case: str, tmp_path: Path) -> None:
    edit, where = BROKEN[case]
    document = copy.deepcopy(_bandit())
    edit(document)
    path = tmp_path / "broken.sarif"
    path.write_text(json.dumps(document))
    with pytest.raises(SarifError, match="not a valid SARIF 2.1.0 log") as caught:
        load(path, "broken.sarif")
    assert where in str(caught.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not valid JSON"),
        (b"\xff\xfe{", "not UTF-8"),
        (b'{"version": "2.1.0", "runs": []}', "holds no run"),
        (b'{"version": "2.1.0", "runs": null}', "holds no run"),
        (b"[1, 2]", "not a valid SARIF 2.1.0 log: the document must be object"),
    ],
)
def test_files_that_say_nothing_are_refused(content: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "x.sarif"
    path.write_bytes(content)
    with pytest.raises(SarifError, match=message):
        load(path, "x.sarif")


def test_a_failed_run_and_a_bad_end_time_are_refused(tmp_path: Path) -> None:
    document = _bandit()
    document["runs"][0]["invocations"][0]["executionSuccessful"] = False
    path = tmp_path / "failed.sarif"
    path.write_text(json.dumps(document))
    with pytest.raises(SarifError, match=r"run 1 \(Bandit 1.9.4\) reports executionSuccessful: false"):
        load(path, "failed.sarif")
    document["runs"][0]["invocations"][0].update(executionSuccessful=True, endTimeUtc="yesterday")
    path.write_text(json.dumps(document))
    with pytest.raises(SarifError, match="endTimeUtc 'yesterday' is not a date and time"):
        load(path, "failed.sarif")


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(SarifError, match="no such file"):
        load(tmp_path / "none.sarif", "none.sarif")
    with pytest.raises(SarifError, match="a directory"):
        load(tmp_path, "dir")


def test_the_end_time_says_when_it_was_produced_else_the_files_age(tmp_path: Path) -> None:
    bandit = load(FIXTURES / "bandit.sarif", "bandit.sarif")
    assert bandit.produced[1] == "endTimeUtc"
    assert bandit.produced[0].isoformat().startswith(_bandit()["runs"][0]["invocations"][0]["endTimeUtc"][:19])
    semgrep = load(FIXTURES / "semgrep.sarif", "semgrep.sarif")
    assert semgrep.produced == (semgrep.modified, "mtime")
    assert semgrep.tools() == ["Semgrep OSS 1.182.1"]


def test_json_nested_too_deeply_is_refused_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.sarif"
    path.write_text('{"version": "2.1.0", "runs": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(SarifError, match="nested too deeply"):
        load(path, "deep.sarif")
