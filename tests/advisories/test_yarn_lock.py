"""yarn.lock, classic (v1 format) and Berry (YAML): versions, lines, protocols and the graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from gatekeeper.advisories.manifests import ManifestError, read_manifest
from tests.advisories.helpers import PROJECTS


def test_classic_lists_one_component_per_installed_version() -> None:
    found = read_manifest(PROJECTS, "yarn-classic/yarn.lock")
    assert [(r.line, r.name, r.version) for r in found] == [
        (5, "@babel/code-frame", "7.12.13"),  # one entry answering for two quoted descriptors
        (12, "@babel/highlight", "7.13.10"),
        (19, "js-tokens", "4.0.0"),
        (24, "lodash", "4.17.11"),  # two versions of one package: two components
        (29, "lodash", "4.17.21"),
        (34, "minimist", "1.2.5"),
        (39, "mkdirp", "0.5.5"),
        (46, "string-width", "4.2.3"),  # `string-width-cjs@npm:string-width@^4.2.0`: the real package
    ]
    relations = {(r.name, r.version): r.depends_on for r in found}
    assert relations[("mkdirp", "0.5.5")] == (("minimist", "1.2.5"),)
    assert relations[("@babel/highlight", "7.13.10")] == (("js-tokens", "4.0.0"),)
    assert all(r.ecosystem == "npm" and r.unpinned_reason == "" for r in found)


def test_berry_reads_resolutions_and_skips_workspaces() -> None:
    found = read_manifest(PROJECTS, "yarn-berry/yarn.lock")
    assert [(r.line, r.name, r.version) for r in found] == [
        (18, "lodash", "4.17.11"),
        (25, "minimist", "1.2.5"),
        (32, "mkdirp", "0.5.5"),
        (43, "resolve", "1.22.1"),  # a `patch:` of the npm release: still that release's code
    ]  # `checkout-web@workspace:.` is the project itself
    assert found[2].depends_on == (("minimist", "1.2.5"),)


def test_berry_git_source_is_unpinned(tmp_path: Path) -> None:
    (tmp_path / "yarn.lock").write_text(
        '__metadata:\n  version: 6\n\n"left-pad@https://github.com/stevemao/left-pad.git#commit=5f0b3a1":\n'
        '  version: 1.3.0\n  resolution: "left-pad@https://github.com/stevemao/left-pad.git#commit=5f0b3a1"\n'
    )
    (req,) = read_manifest(tmp_path, "yarn.lock")
    assert (req.name, req.version, req.line) == ("left-pad", None, 4)
    assert "git repository" in req.unpinned_reason


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("lodash@^4:\n  version\n", "line 2: expected `key value`"),
        ('  version "1.0.0"\n', "line 1: indented line before any entry"),
        ("lodash@^4\n", "line 1: expected an entry header ending in ':'"),
        ("__metadata:\n  version: 6\nlodash@npm:^4:\n  version: [\n", "invalid YAML"),
        ('__metadata:\n  version: 6\n"a@npm:1":\n  version: 1.0.0\n', "entry without a readable `resolution`"),
    ],
)
def test_malformed_yarn_lock_names_the_line(tmp_path: Path, content: str, problem: str) -> None:
    (tmp_path / "yarn.lock").write_text(content)
    with pytest.raises(ManifestError) as raised:
        read_manifest(tmp_path, "yarn.lock")
    assert problem in raised.value.reason


def test_a_yaml_bomb_is_refused_not_expanded(tmp_path: Path) -> None:
    from tests.reliability.test_hostile_inputs import billion_laughs

    (tmp_path / "yarn.lock").write_text("__metadata:\n  version: 6\n" + billion_laughs())
    with pytest.raises(ManifestError) as raised:
        read_manifest(tmp_path, "yarn.lock")
    assert "YAML aliases are not expected in a lock file" in raised.value.reason
