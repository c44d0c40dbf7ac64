"""Dependency sources: every manifest and lock format, with the file and line of each pin."""

from __future__ import annotations

from pathlib import Path

import pytest

from gatekeeper.advisories.manifests import ManifestError, manifest_files, manifest_kind, read_manifest
from gatekeeper.advisories.pypi_manifests import exact_version
from tests.advisories.helpers import PROJECTS


def summary(root: Path, path: str) -> list[tuple[str, int, str, str | None, str]]:
    return [(r.path, r.line, r.canonical_name, r.version, r.group) for r in read_manifest(root, path)]


def unpinned(root: Path, path: str) -> dict[str, str]:
    return {r.canonical_name: r.unpinned_reason for r in read_manifest(root, path) if r.version is None}


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("requirements.txt", "requirements"),
        ("sub/requirements-dev.txt", "requirements"),
        ("requirements/prod.txt", "requirements"),
        ("pyproject.toml", "pyproject"),
        ("a/poetry.lock", "poetry-lock"),
        ("Pipfile.lock", "pipfile-lock"),
        ("uv.lock", "uv-lock"),
        ("pylock.toml", "pylock"),
        ("pylock.dev.toml", "pylock"),
        ("constraints.txt", None),
        ("Pipfile", None),
        ("app.py", None),
        ("notes/requirements.md", None),
    ],
)
def test_manifest_kinds(path: str, kind: str | None) -> None:
    assert manifest_kind(path) == kind


def test_requirements_with_includes_constraints_hashes_markers_and_extras() -> None:
    root = PROJECTS / "requirements"
    assert summary(root, "requirements.txt") == [
        ("requirements-base.txt", 1, "listed-pkg", "1.0", ""),  # via -r, at its own file and line
        ("requirements.txt", 4, "demo-pkg", "1.0.0", ""),  # hashed, continued on the next line
        ("requirements.txt", 6, "safe-pkg", "3.0", ""),  # extras and a marker
        ("requirements.txt", 7, "loose-pkg", None, ""),
        ("constraints.txt", 1, "constrained-pkg", "2.0.1", ""),  # unpinned, but pinned by -c: audited there
        ("requirements.txt", 9, "git-pkg", None, ""),
    ]
    reqs = {r.canonical_name: r for r in read_manifest(root, "requirements.txt")}
    assert reqs["safe-pkg"].marker == 'python_version >= "3.8"'
    assert reqs["loose-pkg"].unpinned_reason == "not pinned to an exact version"
    assert reqs["git-pkg"].unpinned_reason.startswith("URL or VCS requirement")
    assert "unused-pkg" not in reqs  # a constraint alone installs nothing


def test_requirements_errors_name_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("ok==1.0\n!!broken\n")
    with pytest.raises(ManifestError, match=r"^requirements\.txt: line 2: "):
        read_manifest(tmp_path, "requirements.txt")
    (tmp_path / "requirements.txt").write_text("-r missing.txt\n")
    with pytest.raises(ManifestError, match="line 1: included file missing.txt not found"):
        read_manifest(tmp_path, "requirements.txt")
    (tmp_path / "requirements.txt").write_text("-r https://example.invalid/requirements.txt\n")
    with pytest.raises(ManifestError, match="remote include .* is not fetched"):
        read_manifest(tmp_path, "requirements.txt")


def test_an_include_that_is_a_link_loop_is_not_found(tmp_path: Path) -> None:
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "requirements.txt").write_text("-r loop.txt\n")
    with pytest.raises(ManifestError, match="line 1: included file loop.txt not found"):
        read_manifest(tmp_path, "requirements.txt")


def test_include_cycles_terminate(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("-r requirements-b.txt\na==1.0\n")
    (tmp_path / "requirements-b.txt").write_text("-r requirements.txt\nb==2.0\n")
    assert [(r.canonical_name, r.version) for r in read_manifest(tmp_path, "requirements.txt")] == [
        ("b", "2.0"),
        ("a", "1.0"),
    ]


def outside_tree(tmp_path: Path) -> tuple[Path, Path]:
    """A scan root and, beside it, a file it must never read (its one line would become a finding)."""
    root = tmp_path / "tree"
    (root / "sub").mkdir(parents=True)
    secret = tmp_path / "outside" / "environ.txt"
    secret.parent.mkdir()
    secret.write_text("leaked-token-pkg\n")
    return root, secret


@pytest.mark.parametrize(
    "include",
    ["{secret}", "../../outside/environ.txt", "link.txt", "-c {secret}"],
    ids=["absolute", "dot-dot", "link-out", "constraint"],
)
def test_an_include_outside_the_scan_root_is_never_read(tmp_path: Path, include: str) -> None:
    root, secret = outside_tree(tmp_path)
    (root / "sub" / "link.txt").symlink_to(secret)
    line = include.format(secret=secret)
    (root / "sub" / "requirements.txt").write_text(
        f"demo-pkg==1.0.0\n{line if line.startswith('-c') else '-r ' + line}\n"
    )
    with pytest.raises(
        ManifestError, match=r"^sub/requirements\.txt: line 2: included file .* is outside the scan root"
    ) as raised:
        read_manifest(root, "sub/requirements.txt")
    assert "leaked-token-pkg" not in str(raised.value)
    assert manifest_files(root, "sub/requirements.txt") == ["sub/requirements.txt"]


def test_includes_within_the_scan_root_are_followed_through_dot_dot_and_links(tmp_path: Path) -> None:
    root, _ = outside_tree(tmp_path)
    (root / "common.txt").write_text("b==2.0\n")
    (root / "sub" / "link.txt").symlink_to(root / "common.txt")
    (root / "sub" / "requirements.txt").write_text("-r ../common.txt\n-c link.txt\na==1.0\n")
    assert [(r.path, r.canonical_name) for r in read_manifest(root, "sub/requirements.txt")] == [
        ("common.txt", "b"),
        ("sub/requirements.txt", "a"),
    ]


def test_a_named_file_outside_the_root_may_include_beside_itself_but_no_further(tmp_path: Path) -> None:
    root, secret = outside_tree(tmp_path)
    named = tmp_path / "ci" / "requirements.txt"
    (named.parent / "extra").mkdir(parents=True)
    (named.parent / "extra" / "base.txt").write_text("b==2.0\n")
    named.write_text("-r extra/base.txt\na==1.0\n")
    assert [(r.path, r.canonical_name) for r in read_manifest(root, "../ci/requirements.txt")] == [
        ("../ci/extra/base.txt", "b"),
        ("../ci/requirements.txt", "a"),
    ]
    named.write_text(f"-r {secret}\na==1.0\n")
    with pytest.raises(ManifestError, match="line 1: included file .* is outside the scan root"):
        read_manifest(root, "../ci/requirements.txt")


@pytest.mark.parametrize(
    ("line", "version"),
    [
        ("a==1.0", "1.0"),
        ("a===1.0", "1.0"),
        ("a==1.0.*", None),
        ("a>=1.0", None),
        ("a~=1.0", None),
        ("a==1.0,<2", None),
        ("a", None),
    ],
)
def test_only_an_exact_version_is_a_pin(tmp_path: Path, line: str, version: str | None) -> None:
    (tmp_path / "requirements.txt").write_text(line + "\n")
    (req,) = read_manifest(tmp_path, "requirements.txt")
    assert req.version == version


def test_exact_version_helper_rejects_bad_specifiers() -> None:
    assert exact_version("==2.0") == "2.0"
    assert exact_version("== not a version") is None
    assert exact_version("*") is None


def test_pyproject_pep621_optional_groups_and_poetry() -> None:
    root = PROJECTS / "pyproject"
    assert summary(root, "pyproject.toml") == [
        ("pyproject.toml", 5, "demo-pkg", "2.0.1", ""),
        ("pyproject.toml", 6, "loose-pkg", None, ""),
        ("pyproject.toml", 11, "listed-pkg", "1.1", "optional:socks"),
        ("pyproject.toml", 14, "safe-pkg", "3.0", "group:test"),
        ("pyproject.toml", 15, "lint-pkg", None, "group:lint"),
        ("pyproject.toml", 19, "demo-pkg", "1.0.0", ""),  # Poetry: a bare version is exact
        ("pyproject.toml", 20, "caret-pkg", None, ""),
        ("pyproject.toml", 21, "git-dep", None, ""),
        ("pyproject.toml", 24, "safe-pkg", "3.0", "dev"),
    ]  # `local-pkg @ file://...` is first-party: not a third-party component


def test_poetry_lock() -> None:
    root = PROJECTS / "poetry"
    assert summary(root, "poetry.lock") == [
        ("poetry.lock", 4, "demo-pkg", "1.0.0", ""),
        ("poetry.lock", 27, "safe-pkg", "3.0", ""),
    ]  # the `directory` source package is first-party
    assert unpinned(root, "pyproject.toml") == {
        "demo-pkg": "not pinned to an exact version",
        "unlocked-pkg": "not pinned to an exact version",
        "safe-pkg": "not pinned to an exact version",
    }


def test_pipfile_lock() -> None:
    root = PROJECTS / "pipenv"
    assert summary(root, "Pipfile.lock") == [
        ("Pipfile.lock", 9, "demo-pkg", "2.0.1", ""),
        ("Pipfile.lock", 14, "safe-pkg", "3.0", ""),
        ("Pipfile.lock", 19, "vcs-pkg", None, ""),
        ("Pipfile.lock", 29, "listed-pkg", "1.1", "develop"),
    ]


def test_uv_lock() -> None:
    assert summary(PROJECTS / "uv", "uv.lock") == [
        ("uv.lock", 14, "demo-pkg", "1.1.0", ""),
        ("uv.lock", 22, "safe-pkg", "3.0", ""),
    ]  # the editable workspace member is first-party


def test_pylock() -> None:
    root = PROJECTS / "pylock"
    assert summary(root, "pylock.toml") == [
        ("pylock.toml", 6, "demo-pkg", "2.0.4", ""),
        ("pylock.toml", 16, "listed-pkg", "1.2", ""),
        ("pylock.toml", 20, "vcs-pkg", None, ""),
    ]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("pyproject.toml", "[project\nname = 'x'\n", "invalid TOML"),
        ("pyproject.toml", "[project]\ndependencies = 'flask'\n", "project.dependencies must be a list"),
        ("pyproject.toml", "[project]\ndependencies = ['flask >= = 1']\n", "line 2: invalid requirement"),
        ("poetry.lock", "package = 3\n", "'package' must be an array of tables"),
        ("poetry.lock", "[[package]]\nversion = '1.0'\n", "package #1 has no name"),
        ("Pipfile.lock", "{\n  'default': {}\n}", "invalid JSON at line 2"),
        ("Pipfile.lock", '{"default": []}', "'default' must be an object"),
        ("pylock.toml", "[[packages]]\nname = 'a'\nversion = '1'\n", "unsupported or missing lock-version"),
        ("pylock.toml", "lock-version = '2.0'\n", "unsupported or missing lock-version"),
        ("uv.lock", "[[package]]\nname = 'a'\nversion = 1\n", "the version of a must be a string"),
    ],
)
def test_broken_manifests_are_errors_naming_the_file(tmp_path: Path, name: str, content: str, problem: str) -> None:
    (tmp_path / name).write_text(content)
    with pytest.raises(ManifestError) as raised:
        read_manifest(tmp_path, name)
    assert raised.value.path == name
    assert problem in raised.value.reason


def test_non_utf8_manifest_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "uv.lock").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ManifestError, match="not UTF-8"):
        read_manifest(tmp_path, "uv.lock")


def test_credentials_in_urls_never_leave_the_manifest(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text(
        "private @ git+https://deploy:s3cr3t-t0ken@git.example.invalid/private.git@v1\n"
        "-e git+https://ghp_abcdef123456@github.com/org/lib.git#egg=lib\n"
    )
    reqs = read_manifest(tmp_path, "requirements.txt")
    assert [r.spec for r in reqs] == [
        "private @ git+https://***@git.example.invalid/private.git@v1",
        "-e git+https://***@github.com/org/lib.git#egg=lib",
    ]
    (tmp_path / "requirements.txt").write_text("-r https://user:pw@example.invalid/reqs.txt\n")
    with pytest.raises(ManifestError) as raised:
        read_manifest(tmp_path, "requirements.txt")
    assert "pw" not in str(raised.value) and "***@example.invalid" in str(raised.value)
