from __future__ import annotations

import os
from pathlib import Path

import pytest

from gatekeeper.errors import GatekeeperError
from gatekeeper.targets import discover


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
