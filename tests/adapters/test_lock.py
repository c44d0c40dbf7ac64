"""install/requirements.lock.txt, the hash-pinned lock the adapters and the container image install
from: it must hold pyproject.toml's pins (runtime and build backend), each pinned exactly with its
hashes, and every adapter must install from it, never a bare name from an index."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.adapters.conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LOCK = ROOT / "install" / "requirements.lock.txt"
INSTALL = ROOT / "install" / "install.sh"
_HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")
# The interpreters the lock is resolved for (install/update-lock.sh: --python-version 3.10, universal).
PYTHONS = ("3.10", "3.11", "3.12", "3.13")


def lock_entries(text: str) -> list[tuple[Requirement, list[str]]]:
    """Each locked requirement with its hashes (pip's format: continuation lines, `# via` comments)."""
    entries: list[tuple[Requirement, list[str]]] = []
    logical = re.sub(r"\\\n\s*", " ", text)
    for line in logical.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        spec, *_ = line.split(" --hash=")
        entries.append((Requirement(spec.strip()), _HASH.findall(line)))
    return entries


def pyproject_pins() -> list[Requirement]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [Requirement(r) for r in [*data["project"]["dependencies"], *data["build-system"]["requires"]]]


def applies(marker: Marker | None, python: str) -> bool:
    return marker is None or marker.evaluate(
        {
            "python_version": python,
            "python_full_version": f"{python}.0",
            "sys_platform": "linux",
            "platform_system": "Linux",
            "implementation_name": "cpython",
            "platform_python_implementation": "CPython",
        }
    )


def test_every_entry_is_pinned_exactly_with_hashes() -> None:
    entries = lock_entries(LOCK.read_text(encoding="utf-8"))
    assert len(entries) > 50  # gatekeeper's whole dependency tree, not a sample
    for requirement, hashes in entries:
        (spec,) = requirement.specifier
        assert spec.operator == "==" and "*" not in spec.version, requirement
        assert hashes, f"{requirement} has no --hash"


@pytest.mark.parametrize("python", PYTHONS)
def test_the_lock_holds_pyprojects_pins(python: str) -> None:
    locked: dict[str, list[Version]] = {}
    for requirement, _hashes in lock_entries(LOCK.read_text(encoding="utf-8")):
        if applies(requirement.marker, python):
            (spec,) = requirement.specifier
            locked.setdefault(canonicalize_name(requirement.name), []).append(Version(spec.version))
    for pin in pyproject_pins():
        if not applies(pin.marker, python):
            continue
        versions = locked.get(canonicalize_name(pin.name))
        assert versions, f"pyproject.toml requires {pin} (Python {python}); install/update-lock.sh regenerates the lock"
        assert len(versions) == 1, f"{pin.name} is locked twice for Python {python}: {versions}"
        assert pin.specifier.contains(versions[0], prereleases=True), (
            f"the lock has {pin.name}=={versions[0]}, outside pyproject.toml's {pin}: run install/update-lock.sh"
        )


def test_the_lock_checker_catches_a_drifted_pin() -> None:
    pins = {canonicalize_name(p.name): p for p in pyproject_pins()}
    (click, _), *_ = [(r, h) for r, h in lock_entries(LOCK.read_text(encoding="utf-8")) if r.name == "click"]
    assert pins["click"].specifier.contains(next(iter(click.specifier)).version)
    assert not pins["click"].specifier.contains("9.0.0")  # a lock at click 9 would fail the test above


def test_install_script_requires_hashes_wheels_and_no_index_for_gatekeeper() -> None:
    text = INSTALL.read_text(encoding="utf-8")
    assert "--require-hashes --only-binary :all: --requirement" in text
    assert "--no-deps --no-build-isolation --no-index" in text


@pytest.mark.parametrize(
    "adapter",
    [
        "actions/action.yml",
        "jenkins/Jenkinsfile",
        "jenkins/Jenkinsfile.sharded",
        "travis/gatekeeper.yml",
        "travis/example-sharded.travis.yml",
        "Dockerfile",
    ],
)
def test_every_adapter_installs_from_the_lock(adapter: str) -> None:
    text = (ROOT / adapter).read_text(encoding="utf-8")
    assert "install/install.sh" in text
    # Never the package by name from an index (anyone could register gatekeeper-scan there).
    assert not re.search(r"pip[3]? install[^\n]*\bgatekeeper-scan\b", text)


def test_gatekeeper_audits_its_own_lock(tmp_path: Path) -> None:
    """The lock is a requirements file gatekeeper's dependency scan reads (hashes, markers, a name
    locked per Python version): every entry audited, none vulnerable in the PyPA snapshot."""
    import json
    import os
    import subprocess

    from tests.adapters.conftest import installed_bin, make_repo
    from tests.advisories.helpers import real_advisories

    data = real_advisories()
    repo = make_repo(tmp_path / "lock", {"requirements.lock.txt": LOCK.read_text(encoding="utf-8")})
    report = tmp_path / "report.json"
    proc = subprocess.run(
        [str(installed_bin() / "gatekeeper"), "scan", ".", "--scanner", "dependencies", "--advisories", str(data)]
        + ["--advisories-max-age", "100000", "-o", f"json={report}"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "GATEKEEPER_CACHE_DIR": str(tmp_path / "cache")},
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(report.read_text(encoding="utf-8"))["findings"] == []  # no gap, no advisory
    assert "analysed 1 PyPI requirements file" in proc.stdout
