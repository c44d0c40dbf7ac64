"""npm lock files (lockfile versions 1, 2 and 3) and a bare package.json: every installed package
with its exact version, the line that records it, its group and what it requires."""

from __future__ import annotations

from pathlib import Path

import pytest

from gatekeeper.advisories.manifests import (
    ManifestError,
    Requirement,
    manifest_kind,
    read_manifest,
)
from tests.advisories.helpers import PROJECTS


def components(path: str) -> list[tuple[int, str, str | None, str]]:
    return [(r.line, r.name, r.version, r.group) for r in read_manifest(PROJECTS, path)]


def by_key(path: str) -> dict[tuple[str, str | None], Requirement]:
    return {(r.name, r.version): r for r in read_manifest(PROJECTS, path)}


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("web/package-lock.json", "npm-lock"),
        ("npm-shrinkwrap.json", "npm-lock"),
        ("yarn.lock", "yarn-lock"),
        ("a/pnpm-lock.yaml", "pnpm-lock"),
        ("package.json", "package-json"),
        ("package.json5", None),
    ],
)
def test_npm_manifest_kinds(path: str, kind: str | None) -> None:
    assert manifest_kind(path) == kind


def test_lockfile_v3_lists_every_installed_package_nested_ones_too() -> None:
    assert components("npm-v3/package-lock.json") == [
        (26, "@babel/code-frame", "7.12.13", ""),
        (34, "@babel/highlight", "7.13.10", "transitive"),  # not in the project's own dependencies
        (39, "debug", "4.3.4", "dev,transitive"),
        (48, "express", "4.17.1", ""),
        (56, "debug", "2.6.9", "transitive"),  # node_modules/express/node_modules/debug: a second copy, nested
        (64, "ms", "2.0.0", "transitive"),
        (69, "fsevents", "2.3.2", "optional"),
        (78, "lodash", "4.17.11", ""),  # the project's and the workspace member's
        (83, "minimist", "1.2.5", ""),
        (88, "mocha", "10.2.0", "dev"),
        (97, "ms", "2.1.2", "dev,transitive"),
    ]  # the workspace member packages/ui and its `link: true` entry are first-party: not components
    lines = (PROJECTS / "npm-v3/package-lock.json").read_text().splitlines()
    assert lines[55].strip() == '"node_modules/express/node_modules/debug": {'
    assert all(r.ecosystem == "npm" for r in read_manifest(PROJECTS, "npm-v3/package-lock.json"))


def test_lockfile_v3_relations_follow_node_resolution() -> None:
    found = by_key("npm-v3/package-lock.json")
    # express requires debug: its own nested copy (2.6.9), not the hoisted dev one (4.3.4)
    assert found[("express", "4.17.1")].depends_on == (("debug", "2.6.9"),)
    assert found[("debug", "2.6.9")].depends_on == (("ms", "2.0.0"),)
    assert found[("mocha", "10.2.0")].depends_on == (("debug", "4.3.4"),)
    assert found[("debug", "4.3.4")].depends_on == (("ms", "2.1.2"),)


def test_lockfile_v2_aliases_and_git_sources() -> None:
    found = by_key("npm-v2/package-lock.json")
    assert ("string-width", "4.2.3") in found  # installed under the alias string-width-cjs
    git = found[("left-pad", None)]
    assert git.unpinned_reason.startswith("installed from a git repository (git+ssh://***@github.com/stevemao")
    assert found[("minimist", "1.2.5")].line == 21


def test_lockfile_v1_nested_dependencies_and_requires() -> None:
    assert components("npm-v1/package-lock.json") == [
        (7, "body-parser", "1.19.0", ""),
        (16, "debug", "2.6.9", ""),
        (24, "ms", "2.0.0", ""),
        (31, "lodash", "4.17.11", ""),
        (36, "minimist", "0.0.8", "dev"),
        (42, "ms", "2.1.2", ""),
        (47, "qs", "6.7.0", ""),
    ]  # `shared-utils: file:../shared-utils` is first-party
    found = by_key("npm-v1/package-lock.json")
    assert found[("body-parser", "1.19.0")].depends_on == (("debug", "2.6.9"), ("qs", "6.7.0"))
    assert found[("debug", "2.6.9")].depends_on == (("ms", "2.0.0"),)  # the copy nested beside it


def test_package_json_declares_ranges_not_versions() -> None:
    found = read_manifest(PROJECTS, "npm-nolock/package.json")
    assert [(r.line, r.name, r.version, r.group) for r in found] == [
        (6, "lodash", None, ""),
        (7, "@angular/core", None, ""),
        (11, "minimist", "1.2.5", "dev"),  # an exact version installs exactly that (its own deps stay unknown)
    ]  # `file:../shared-ui` is first-party
    assert found[0].unpinned_reason == "declared as a range in package.json with no lock file beside it"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("package-lock.json", '{"lockfileVersion": 3,\n "packages": [}', "invalid JSON at line 2"),
        ("package-lock.json", '{"lockfileVersion": 7, "packages": {}}', "unsupported lockfileVersion 7"),
        (
            "package-lock.json",
            '{"lockfileVersion": 3, "packages": {"node_modules/a": 1}}',
            "packages['node_modules/a'] must be an object",
        ),
        ("package-lock.json", "[1, 2]", "not an npm lock file"),
        (
            "package-lock.json",
            '{"lockfileVersion": 3, "packages": {\n"node_modules/": {"version": "1.0.0"}}}',
            "line 2: packages['node_modules/'] names no package",
        ),
        ("package.json", '{"dependencies": ["lodash"]}', "'dependencies' must be a mapping"),
    ],
)
def test_malformed_npm_files_name_the_problem(tmp_path: Path, name: str, content: str, problem: str) -> None:
    (tmp_path / name).write_text(content)
    with pytest.raises(ManifestError) as raised:
        read_manifest(tmp_path, name)
    assert problem in raised.value.reason


def test_deeply_nested_v1_lock_is_an_error_not_a_crash(tmp_path: Path) -> None:
    nested = '{"version": "1.0.0", "dependencies": ' * 2000 + "{}" + "}" * 2000
    (tmp_path / "package-lock.json").write_text('{"lockfileVersion": 1, "dependencies": {"a": ' + nested + "}}")
    with pytest.raises(ManifestError) as raised:
        read_manifest(tmp_path, "package-lock.json")
    assert "nested too deeply" in raised.value.reason


def test_a_token_in_a_git_source_never_reaches_the_reason(tmp_path: Path) -> None:
    (tmp_path / "package-lock.json").write_text(
        '{"lockfileVersion": 3, "packages": {"": {}, "node_modules/pay": {"version": "1.0.0", '
        '"resolved": "git+https://ci:ghp_s3cr3tT0k3n@github.com/bank/pay.git#abc"}}}'
    )
    (req,) = read_manifest(tmp_path, "package-lock.json")
    assert (
        req.unpinned_reason
        == "installed from a git repository (git+https://***@github.com/bank/pay.git): no registry version to audit"
    )
