"""Applications versus libraries: a library's `pyproject.toml` declares ranges on purpose.

A library says what it works with (`flask>=2.0`), and the application that installs it decides the
versions; pinning a library's dependencies would be the mistake. So its ranges are not each an
inventory gap. The gap is elsewhere: nothing records the versions the library is tested and
released with, in a lock file beside it or the environment it is audited in. One finding per such
`pyproject.toml` says so, and what to do (docs/dependencies.md, "Applications and libraries").

A `pyproject.toml` is a library's when it declares a package to build: a `[build-system]` table and
a `[project]` (or Poetry's `[tool.poetry]`, not in `package-mode = false`) table, with no lock file
(`uv.lock`, `poetry.lock`, `pylock*.toml`, `Pipfile.lock`) in its directory. Anything else is an
application's manifest (uv's applications have no `[build-system]`), and each of its ranges
remains a `dependency-unpinned` finding, as does every range of a `requirements*.txt`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from gatekeeper.advisories.manifests import Requirement, manifest_kind
from gatekeeper.findings import Confidence, Finding, Location, Severity
from gatekeeper.scanners.dependency_gaps import UNPINNED_RULE

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_LOCK_NAMES = ("uv.lock", "poetry.lock", "Pipfile.lock", "pylock.toml")


def unlocked_libraries(root: Path, requirements: Iterable[Requirement]) -> dict[str, list[Requirement]]:
    """The unpinned requirements of each library `pyproject.toml` with no lock file, by manifest."""
    verdicts: dict[str, bool] = {}
    ranges: dict[str, list[Requirement]] = {}
    for req in requirements:
        if req.version is not None or manifest_kind(req.path) != "pyproject":
            continue
        if req.path not in verdicts:
            verdicts[req.path] = is_library(root / req.path) and not _has_lock(root / req.path)
        if verdicts[req.path]:
            ranges.setdefault(req.path, []).append(req)
    return ranges


def is_library(pyproject: Path) -> bool:
    """Whether the file declares a package to build and publish (see the module's docstring)."""
    try:
        data: Any = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # the manifest reader reports an unreadable file; its ranges stay findings
    tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
    poetry = tool.get("poetry") if isinstance(tool.get("poetry"), dict) else None
    package = isinstance(data.get("project"), dict) or (poetry is not None and poetry.get("package-mode", True))
    return isinstance(data.get("build-system"), dict) and bool(package)


def _has_lock(pyproject: Path) -> bool:
    directory = pyproject.parent
    return any((directory / name).is_file() for name in _LOCK_NAMES) or any(directory.glob("pylock.*.toml"))


def no_lock_findings(libraries: dict[str, list[Requirement]]) -> list[Finding]:
    """One low finding per library `pyproject.toml` without a lock file, in place of one per range."""
    findings = []
    for path, reqs in sorted(libraries.items()):
        examples = ", ".join(r.spec or r.name for r in reqs[:3]) + (
            f" and {len(reqs) - 3} more" if len(reqs) > 3 else ""
        )
        directory = PurePosixPath(path).parent.as_posix()
        where = "" if directory == "." else f" in {directory}"
        findings.append(
            Finding(
                rule_id=UNPINNED_RULE,
                title=f"No lock file for the library {path}",
                message=(
                    f"{path} is a library (a [build-system] and a package to build) declaring {len(reqs)} "
                    f"dependency ranges ({examples}): ranges are right for a library, but no lock file records "
                    "the versions it is tested and released with, so none of them is checked for known "
                    "vulnerabilities (a gap in the component inventory)"
                ),
                severity=Severity.LOW,
                location=Location(path, min(r.line for r in reqs)),
                scanners=("dependencies",),
                source_rules=(("dependencies", UNPINNED_RULE),),
                confidence=Confidence.HIGH,
                snippet="library pyproject.toml without a lock file",  # stable: survives adding a dependency
                remediation=(
                    f"commit the lock file of the environment you test with{where} (`uv lock` -> uv.lock, "
                    "`poetry lock` -> poetry.lock, or `pip freeze > requirements.lock.txt`), or audit that "
                    "environment: `pip freeze > deps.txt && gatekeeper scan --requirements deps.txt`; keep the "
                    "ranges in pyproject.toml"
                ),
                properties=(("ecosystem", "PyPI"), ("manifest", path), ("ranges", len(reqs))),
            )
        )
    return findings
