"""gatekeeper/scanners/dependency_libraries.py: a library's ranges are one "no lock file" finding;
an application's ranges (requirements*.txt, a pyproject.toml with no build system) stay findings each."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gatekeeper.findings import Severity
from gatekeeper.scanners.dependency_libraries import is_library
from tests.advisories.helpers import PROJECTS, isolate
from tests.scanners.test_dependencies import places, scan

LIBRARY = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "demo-lib"
version = "1.0"
dependencies = [
    "loose-pkg>=1.0",
    "caret-pkg>=1.2,<2",
    "demo-pkg==1.0.0",
]

[project.optional-dependencies]
docs = ["sphinx>=7"]
dev = ["pytest>=8", "ruff"]
"""

APPLICATION = """\
[project]
name = "demo-app"
version = "1.0"
dependencies = ["loose-pkg>=1.0", "caret-pkg>=1.2,<2"]
"""


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return isolate(tmp_path / "cache", monkeypatch)


def project(tmp_path: Path, pyproject: str, **files: str) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text(pyproject)
    for name, text in files.items():
        (root / name.replace("__", ".")).write_text(text)
    return root


def test_a_library_without_a_lock_file_is_one_low_finding_saying_what_to_do(tmp_path: Path) -> None:
    result = scan(project(tmp_path, LIBRARY))
    assert result.errors == ()
    # the exact pin is still audited; the five ranges are one finding at the first of them
    assert sorted(places(result)) == [
        ("pyproject.toml", 9, "dependency-unpinned"),
        ("pyproject.toml", 11, "PYSEC-2099-1"),
    ]
    [gap] = [f for f in result.findings if f.rule_id == "dependency-unpinned"]
    assert gap.severity is Severity.LOW
    assert gap.title == "No lock file for the library pyproject.toml"
    assert "5 dependency ranges (loose-pkg>=1.0, caret-pkg>=1.2,<2, sphinx>=7 and 2 more)" in gap.message
    assert "uv lock" in gap.remediation and "gatekeeper scan --requirements" in gap.remediation
    assert dict(gap.properties)["ranges"] == 5
    # the ranges are still components of the inventory, without a version
    assert {c.name for c in result.inventory if c.version is None} >= {"loose-pkg", "sphinx", "ruff"}


def test_a_library_with_a_lock_file_is_audited_through_it(tmp_path: Path) -> None:
    root = project(tmp_path, LIBRARY)
    shutil.copy(PROJECTS / "uv" / "uv.lock", root / "uv.lock")
    findings = scan(root).findings
    assert not [f for f in findings if f.title.startswith("No lock file")]
    assert ("uv.lock", 14, "PYSEC-2099-1") in [(f.location.path, f.location.start_line, f.rule_id) for f in findings]


def test_an_applications_ranges_are_each_a_finding(tmp_path: Path) -> None:
    result = scan(project(tmp_path, APPLICATION, requirements__txt="flask>=2\nrequests\n"))
    assert sorted(places(result)) == [
        ("pyproject.toml", 4, "dependency-unpinned"),
        ("pyproject.toml", 4, "dependency-unpinned"),
        ("requirements.txt", 1, "dependency-unpinned"),
        ("requirements.txt", 2, "dependency-unpinned"),
    ]


def test_requirements_beside_a_library_are_an_applications(tmp_path: Path) -> None:
    result = scan(project(tmp_path, LIBRARY, requirements__txt="flask>=2\n"))
    assert ("requirements.txt", 1, "dependency-unpinned") in places(result)
    assert (
        len([f for f in result.findings if f.location.path == "pyproject.toml" and f.rule_id == "dependency-unpinned"])
        == 1
    )


@pytest.mark.parametrize(
    ("text", "library"),
    [
        (LIBRARY, True),
        (APPLICATION, False),
        ('[build-system]\nrequires = ["poetry-core"]\n[tool.poetry]\nname = "x"\n', True),
        ('[build-system]\nrequires = ["poetry-core"]\n[tool.poetry]\npackage-mode = false\n', False),
        ('[build-system]\nrequires = ["setuptools"]\n', False),
        ("[project\nbroken", False),
    ],
)
def test_is_library(tmp_path: Path, text: str, library: bool) -> None:
    (tmp_path / "pyproject.toml").write_text(text)
    assert is_library(tmp_path / "pyproject.toml") is library
