"""pnpm-lock.yaml in the key shapes of lockfile versions 5.x, 6.x and 9.x."""

from __future__ import annotations

from pathlib import Path

import pytest

from gatekeeper.advisories.manifests import ManifestError, read_manifest
from tests.advisories.helpers import PROJECTS

EXPRESS_GRAPH = {
    ("express", "4.17.1"): (("debug", "2.6.9"),),
    ("debug", "2.6.9"): (("ms", "2.0.0"),),
    ("mocha", "10.2.0"): (("debug", "4.3.4"),),
}


def summary(path: str) -> list[tuple[str, str | None, str]]:
    return sorted((r.name, r.version, r.group) for r in read_manifest(PROJECTS, path))


def assert_each_line_is_its_key(path: str) -> None:
    lines = (PROJECTS / path).read_text().splitlines()
    for req in read_manifest(PROJECTS, path):
        assert req.name in lines[req.line - 1] and str(req.version) in lines[req.line - 1], req


@pytest.mark.parametrize("path", ["pnpm-v5/pnpm-lock.yaml", "pnpm-v9/pnpm-lock.yaml"])
def test_dev_groups_and_graph(path: str) -> None:
    found = {(r.name, r.version): r for r in read_manifest(PROJECTS, path)}
    assert found[("lodash", "4.17.11")].group == ""
    assert found[("express", "4.17.1")].group == ""
    assert found[("mocha", "10.2.0")].group == "dev"
    assert found[("ms", "2.1.2")].group == "dev,transitive"  # reached only through mocha (9.x: by walking the graph)
    assert found[("ms", "2.0.0")].group == "transitive"
    for key, requires in EXPRESS_GRAPH.items():
        assert found[key].depends_on == requires
    assert_each_line_is_its_key(path)


def test_v5_peer_suffixes_are_not_part_of_the_version() -> None:
    assert ("debug", "4.3.4", "dev,transitive") in summary("pnpm-v5/pnpm-lock.yaml")
    assert ("supports-color", "8.1.1", "dev,transitive") in summary("pnpm-v5/pnpm-lock.yaml")


def test_v6_scoped_names_peers_and_links() -> None:
    assert summary("pnpm-v6/pnpm-lock.yaml") == [
        ("@babel/code-frame", "7.12.13", ""),
        ("@babel/highlight", "7.13.10", "transitive"),
        ("fsevents", "2.3.2", "optional"),
        ("minimist", "1.2.5", ""),
        ("react", "18.2.0", "transitive"),
        ("react-dom", "18.2.0", "transitive"),  # `/react-dom@18.2.0(react@18.2.0)`
    ]  # `shared-ui: link:../shared-ui` is first-party
    assert_each_line_is_its_key("pnpm-v6/pnpm-lock.yaml")


def test_v9_workspace_links_are_first_party_and_peers_resolve() -> None:
    found = {(r.name, r.version): r for r in read_manifest(PROJECTS, "pnpm-v9/pnpm-lock.yaml")}
    assert ("checkout-web", None) not in found
    assert found[("react-dom", "18.2.0")].depends_on == (("react", "18.2.0"),)
    assert found[("react-dom", "18.2.0")].line == 55  # its `packages` entry, not the snapshot with peers


def test_tarball_source_is_unpinned(tmp_path: Path) -> None:
    (tmp_path / "pnpm-lock.yaml").write_text(
        "lockfileVersion: '9.0'\npackages:\n  left-pad@https://codeload.github.com/stevemao/left-pad/tar.gz/5f0b3a1:\n"
        "    resolution: {tarball: https://codeload.github.com/stevemao/left-pad/tar.gz/5f0b3a1}\n"
        "    version: 1.3.0\nsnapshots:\n  left-pad@https://codeload.github.com/stevemao/left-pad/tar.gz/5f0b3a1: {}\n"
    )
    (req,) = read_manifest(tmp_path, "pnpm-lock.yaml")
    assert (req.name, req.version, req.line) == ("left-pad", None, 3)
    assert "URL" in req.unpinned_reason


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("lockfileVersion: 3\n", "unsupported lockfileVersion 3"),
        ("lockfileVersion: '6.0'\npackages: [1]\n", "'packages' must be a mapping"),
        ("- a\n", "not a pnpm-lock.yaml"),
        ("lockfileVersion: '6.0'\npackages:\n  /a@1.0.0:\n    dependencies: {b: [1]}\n", "must map package names"),
    ],
)
def test_malformed_pnpm_lock(tmp_path: Path, content: str, problem: str) -> None:
    (tmp_path / "pnpm-lock.yaml").write_text(content)
    with pytest.raises(ManifestError) as raised:
        read_manifest(tmp_path, "pnpm-lock.yaml")
    assert problem in raised.value.reason
