from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from gatekeeper.config import PathRules
from gatekeeper.errors import GatekeeperError
from gatekeeper.scanners.base import SkippedFile
from gatekeeper.targets import SUBMODULE_NOT_CHECKED_OUT, discover, left_out_by_content
from tests.adapters.conftest import git, make_repo


def tree(root: Path, *files: str) -> Path:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")
    return root


def test_directory_is_walked_sorted_relative_and_posix(tmp_path: Path) -> None:
    tree(tmp_path, "b.py", "a/z.py", "a/b/c.tf")
    targets = discover([tmp_path])
    assert targets.root == tmp_path.resolve()
    assert targets.files == ("a/b/c.tf", "a/z.py", "b.py")
    assert not targets.explicit


def test_tool_and_vendor_directories_are_not_scanned(tmp_path: Path) -> None:
    tree(tmp_path, "app.py", ".git/config.py", "node_modules/x/y.py", ".venv/lib/z.py", "__pycache__/a.py")
    assert discover([tmp_path]).files == ("app.py",)


def test_missing_target_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(GatekeeperError, match="target not found: .*nope"):
        discover([tmp_path / "nope"])


def test_link_leaving_the_tree_is_excluded_with_a_reason(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    inside = tree(tmp_path / "repo", "app.py")
    tree(outside, "secret.py")
    (inside / "link.py").symlink_to(outside / "secret.py")
    (inside / "linkdir").symlink_to(outside, target_is_directory=True)
    targets = discover([inside])
    assert targets.files == ("app.py",)
    assert [(s.path, "outside" in s.reason) for s in targets.excluded] == [("link.py", True)]


def test_link_inside_the_tree_is_kept(tmp_path: Path) -> None:
    tree(tmp_path, "real.py")
    (tmp_path / "alias.py").symlink_to(tmp_path / "real.py")
    assert discover([tmp_path]).files == ("alias.py", "real.py")


def test_symlink_loop_and_broken_link_do_not_hang_or_crash(tmp_path: Path) -> None:
    tree(tmp_path, "app.py")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "dangling.py").symlink_to(tmp_path / "gone.py")
    targets = discover([tmp_path])
    assert targets.files == ("app.py",)
    assert [s.path for s in targets.excluded] == ["dangling.py"]


def test_special_files_are_excluded(tmp_path: Path) -> None:
    tree(tmp_path, "app.py")
    os.mkfifo(tmp_path / "pipe")
    targets = discover([tmp_path])
    assert targets.files == ("app.py",)
    assert targets.excluded[0].reason == "not a regular file"


def test_explicit_files_are_relative_to_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path, "src/a.py", "src/b.py", "docs/c.md")
    monkeypatch.chdir(tmp_path)
    targets = discover([Path("src/b.py"), Path("src/a.py")])
    assert targets.root == tmp_path.resolve()
    assert targets.files == ("src/a.py", "src/b.py")
    assert targets.explicit


def test_paths_with_spaces_unicode_and_newlines(tmp_path: Path) -> None:
    tree(tmp_path, "with space/ünïcödé.py", "new\nline.py")
    assert discover([tmp_path]).files == ("new\nline.py", "with space/ünïcödé.py")


# -- the configuration's paths and .gitignore ----------------------------------------------------


def git_init(root: Path, *tracked: str) -> None:
    env = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull, "PATH": os.environ["PATH"]}
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, env=env)
    if tracked:
        subprocess.run(["git", "add", "-f", *tracked], cwd=root, check=True, env=env)


def test_gitignore_is_respected_with_gits_precedence(tmp_path: Path) -> None:
    git_init(tmp_path)
    tree(tmp_path, "app.py", "build/gen.py", "logs/a.log", "logs/keep.log", "sub/local.tmp", "sub/x.py")
    (tmp_path / ".gitignore").write_text("build/\n*.log\n!keep.log\n")
    (tmp_path / "sub" / ".gitignore").write_text("*.tmp\n")
    assert discover([tmp_path]).files == (".gitignore", "app.py", "logs/keep.log", "sub/.gitignore", "sub/x.py")
    everything = discover([tmp_path], PathRules(gitignore=False)).files
    assert "build/gen.py" in everything and "sub/local.tmp" in everything


def test_a_deeper_gitignore_overrides_a_shallower_one(tmp_path: Path) -> None:
    git_init(tmp_path)
    tree(tmp_path, "a/keep.tmp", "b/drop.tmp")
    (tmp_path / ".gitignore").write_text("*.tmp\n")
    (tmp_path / "a" / ".gitignore").write_text("!keep.tmp\n")
    assert discover([tmp_path]).files == (".gitignore", "a/.gitignore", "a/keep.tmp")


def test_tracked_files_are_scanned_even_when_a_gitignore_matches_them(tmp_path: Path) -> None:
    tree(tmp_path, "app.py", "vendor/forced.py", "vendor/ignored.py")
    (tmp_path / ".gitignore").write_text("vendor/\n")
    git_init(tmp_path, "vendor/forced.py", "app.py")
    files = discover([tmp_path]).files
    assert "vendor/forced.py" in files and "vendor/ignored.py" not in files


def test_gitignore_above_the_scan_root_counts_inside_a_repository(tmp_path: Path) -> None:
    tree(tmp_path, "svc/app.py", "svc/out/gen.py")
    git_init(tmp_path)
    (tmp_path / ".gitignore").write_text("out/\n")
    assert discover([tmp_path / "svc"]).files == ("app.py",)


def test_outside_a_git_repository_a_gitignore_hides_nothing(tmp_path: Path) -> None:
    # A .gitignore that arrives with the code under review (a tarball, no git) must not hide it.
    tree(tmp_path, "app.py", "evil.py")
    (tmp_path / ".gitignore").write_text("evil.py\n")
    assert discover([tmp_path]).files == (".gitignore", "app.py", "evil.py")


def submodule_repo(tmp_path: Path) -> Path:
    """app/ with two submodules, both ignored by a committed .gitignore: third_party/lib (checked
    out, holding a nested submodule that is not) and other (not initialised)."""
    nested = make_repo(tmp_path / "nested", {"n.py": "x = 1\n"})
    lib = make_repo(tmp_path / "lib", {"vendor.py": "x = 1\n", "deep/z.py": "x = 1\n"})
    git(lib, "-c", "protocol.file.allow=always", "submodule", "add", "--quiet", str(nested), "inner")
    git(lib, "commit", "--quiet", "--message", "nested")
    other = make_repo(tmp_path / "other", {"q.py": "x = 1\n"})
    app = make_repo(tmp_path / "app", {"app.py": "x = 1\n"})
    git(app, "-c", "protocol.file.allow=always", "submodule", "add", "--quiet", str(lib), "third_party/lib")
    git(app, "-c", "protocol.file.allow=always", "submodule", "add", "--quiet", str(other), "other")
    (app / ".gitignore").write_text("third_party/\nother/\n")
    git(app, "add", ".gitignore")
    git(app, "commit", "--quiet", "--message", "submodules")
    git(app, "submodule", "deinit", "--quiet", "other")
    return app


@pytest.mark.slow
def test_submodule_files_are_tracked_content_a_gitignore_cannot_hide(tmp_path: Path) -> None:
    app = submodule_repo(tmp_path)
    targets = discover([app])
    assert targets.files == (
        ".gitignore",
        ".gitmodules",
        "app.py",
        "third_party/lib/.gitmodules",
        "third_party/lib/deep/z.py",
        "third_party/lib/vendor.py",
    )
    # Not checked out: listed (lost coverage), never silently skipped, at any depth.
    assert {s.path: s.reason for s in targets.excluded} == {
        "other": SUBMODULE_NOT_CHECKED_OUT,
        "third_party/lib/inner": SUBMODULE_NOT_CHECKED_OUT,
    }
    assert all(left_out_by_content(s) for s in targets.excluded)


@pytest.mark.slow
def test_a_submodule_initialised_but_not_checked_out_is_listed(tmp_path: Path) -> None:
    # `git ls-files --recurse-submodules` leaves such a submodule out without a word.
    app = submodule_repo(tmp_path)
    clone = tmp_path / "clone"
    git(tmp_path, "-c", "protocol.file.allow=always", "clone", "--quiet", str(app), str(clone))
    git(clone, "submodule", "init", "--quiet")
    targets = discover([clone])
    assert targets.files == (".gitignore", ".gitmodules", "app.py")
    assert [s.path for s in targets.excluded] == ["other", "third_party/lib"]


@pytest.mark.slow
def test_a_submodule_left_out_by_the_configuration_is_not_listed(tmp_path: Path) -> None:
    app = submodule_repo(tmp_path)
    targets = discover([app], PathRules(exclude=("other/", "inner/")))
    assert targets.excluded == ()


def test_include_and_exclude_use_gitignore_patterns(tmp_path: Path) -> None:
    tree(tmp_path, "src/app.py", "src/vendor/lib.py", "src/keep/x.py", "tests/fixtures/bad.py", "setup.py")
    rules = PathRules(include=("src/", "setup.py"), exclude=("vendor/", "tests/fixtures/"))
    assert discover([tmp_path], rules).files == ("setup.py", "src/app.py", "src/keep/x.py")


def test_named_files_skip_only_the_configuration_and_say_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path, "app.py", "tests/fixtures/bad.py", "build/gen.py")
    (tmp_path / ".gitignore").write_text("build/\n")
    monkeypatch.chdir(tmp_path)
    targets = discover(
        [Path("app.py"), Path("tests/fixtures/bad.py"), Path("build/gen.py")], PathRules(exclude=("tests/fixtures/",))
    )
    assert targets.files == ("app.py", "build/gen.py")
    assert [(s.path, s.reason) for s in targets.excluded] == [
        ("tests/fixtures/bad.py", "excluded by the configuration's paths.exclude")
    ]


def test_an_explicit_root_keeps_paths_relative_to_it(tmp_path: Path) -> None:
    tree(tmp_path, "staged/src/a.py", "staged/b.py")
    targets = discover([tmp_path / "staged" / "src" / "a.py"], root=tmp_path / "staged")
    assert targets.root == (tmp_path / "staged").resolve() and targets.files == ("src/a.py",)


def test_files_over_the_size_limit_are_excluded_with_the_reason(tmp_path: Path) -> None:
    from gatekeeper.config import PathRules

    (tmp_path / "small.py").write_text("x = 1\n")
    (tmp_path / "dump.json").write_text("[" + "1,\n" * 400 + "1]\n")
    targets = discover([tmp_path], PathRules(max_file_bytes=1000))
    assert targets.files == ("small.py",)
    [(path, reason)] = [(s.path, s.reason) for s in targets.excluded]
    assert path == "dump.json" and reason.startswith("larger than 1000 bytes (")
    assert "dump.json" in discover([tmp_path]).files


def test_minified_files_are_excluded_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "app.min.js").write_text("var a=1;" * 2000)
    (tmp_path / "long.py").write_text("x = 1\n" * 3000)
    targets = discover([tmp_path])
    assert targets.files == ("long.py",)
    assert targets.excluded[0].path == "app.min.js"
    assert targets.excluded[0].reason.startswith("minified or generated")


def test_binary_content_is_never_taken_for_minified_code(tmp_path: Path) -> None:
    """A PNG or an archive holds long runs of bytes without a newline: it is not code, so it goes to
    the scanners (the secrets scanner says it is binary) instead of being lost coverage."""
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\xab" * 20_000)
    (tmp_path / "utf16.txt").write_bytes("x".join(["a"] * 12_000).encode("utf-16"))
    (tmp_path / "mixed.js").write_bytes(b"var a=1;" * 2000 + b"\x00")  # NUL after the first 8 KiB
    targets = discover([tmp_path])
    assert targets.files == ("logo.png",)
    assert {s.path for s in targets.excluded} == {"mixed.js", "utf16.txt"}
    assert all(s.reason.startswith("minified or generated") for s in targets.excluded)


def test_a_binary_over_the_size_limit_says_it_is_binary(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00" + b"\x01" * 2000)
    (tmp_path / "dump.sql").write_text("INSERT INTO t VALUES (1);\n" * 100)
    reasons = {s.path: s.reason for s in discover([tmp_path], PathRules(max_file_bytes=1000)).excluded}
    assert reasons["logo.png"] == "larger than 1000 bytes (2009; paths.max_file_bytes), binary content"
    assert reasons["dump.sql"] == "larger than 1000 bytes (2600; paths.max_file_bytes)"
    assert all(left_out_by_content(SkippedFile(p, r)) for p, r in reasons.items())


def test_size_limit_applies_to_named_files_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gatekeeper.config import PathRules

    (tmp_path / "big.py").write_text("x = 1\n" * 1000)
    monkeypatch.chdir(tmp_path)
    targets = discover([Path("big.py")], PathRules(max_file_bytes=100))
    assert targets.files == () and targets.excluded[0].path == "big.py"
