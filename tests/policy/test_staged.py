"""gatekeeper.policy.staged: the index's content materialised, in a real git repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gatekeeper.errors import GatekeeperError
from gatekeeper.policy.staged import staged_tree
from tests.policy.helpers import commit_all, git, init_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = init_repo(tmp_path / "repo")
    (repo / "src").mkdir()
    (repo / "src" / "app.py").write_text("committed\n")
    (repo / "README").write_text("readme\n")
    commit_all(repo)
    return repo


def test_staged_content_not_the_working_tree_is_written(repo: Path) -> None:
    (repo / "src" / "app.py").write_text("staged\n")
    git(repo, "add", "src/app.py")
    (repo / "src" / "app.py").write_text("unstaged edit on top\n")
    (repo / "src" / "new.py").write_text("new and staged\n")
    git(repo, "add", "src/new.py")
    (repo / "untracked.py").write_text("not staged\n")
    (repo / "README").unlink()
    git(repo, "add", "README")  # a staged deletion: nothing to scan
    with staged_tree(repo / "src") as tree:
        assert tree.repo == repo.resolve()
        assert tree.files == ("src/app.py", "src/new.py")
        assert (tree.root / "src" / "app.py").read_text() == "staged\n"
        assert (tree.root / "src" / "new.py").read_text() == "new and staged\n"
        assert not (tree.root / "untracked.py").exists()
        root = tree.root
    assert not root.exists()


def test_paths_restrict_to_the_staged_files_under_them(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "src" / "app.py").write_text("staged\n")
    (repo / "README").write_text("staged too\n")
    git(repo, "add", "-A")
    monkeypatch.chdir(repo / "src")
    with staged_tree(Path.cwd(), [Path(".")]) as tree:
        assert tree.files == ("src/app.py",)
    with pytest.raises(GatekeeperError, match="is outside the repository"), staged_tree(repo, [repo.parent]):
        pass


def test_symbolic_links_are_listed_not_followed(repo: Path) -> None:
    os.symlink("/etc/passwd", repo / "link")
    git(repo, "add", "link")
    with staged_tree(repo) as tree:
        assert tree.files == ()
        assert [(s.path, s.reason.split(" (")[0]) for s in tree.skipped] == [("link", "staged symbolic link")]


def test_nothing_staged_is_an_empty_tree(repo: Path) -> None:
    with staged_tree(repo) as tree:
        assert tree.files == () and tree.skipped == () and list(tree.root.iterdir()) == []


def test_outside_a_repository_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GatekeeperError, match=r"^--staged needs a git repository"), staged_tree(tmp_path):
        pass
