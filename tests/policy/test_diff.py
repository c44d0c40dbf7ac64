"""gatekeeper.policy.diff: the lines changed since the merge-base, in a real git repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from gatekeeper.errors import GatekeeperError
from gatekeeper.policy.diff import changed_lines, keep_changed, parse
from tests.policy.helpers import commit_all, git, init_repo, make


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = init_repo(tmp_path / "repo")
    (repo / "app.py").write_text("".join(f"line {n}\n" for n in range(1, 11)))
    (repo / "old.py").write_text("untouched\n")
    (repo / "gone.py").write_text("deleted soon\n")
    commit_all(repo, "base")
    git(repo, "checkout", "-q", "-b", "feature")
    return repo


def test_parse_reads_new_side_line_numbers() -> None:
    patch = (
        b"diff --git a/app.py b/app.py\n--- a/app.py\n+++ b/app.py\n"
        b"@@ -3 +3 @@\n-old\n+new\n@@ -7,0 +8,2 @@\n+a\n+b\n@@ -20,2 +21,0 @@\n-x\n-y\n"
        b"diff --git a/gone.py b/gone.py\n--- a/gone.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n"
        b'diff --git "a/sp ace\\303\\251.py" "b/sp ace\\303\\251.py"\n+++ "b/sp ace\\303\\251.py"\n@@ -0,0 +1 @@\n+z\n'
    )
    assert parse(patch) == {"app.py": frozenset({3, 8, 9}), "sp aceé.py": frozenset({1})}


def test_committed_staged_unstaged_and_untracked_changes_count(repo: Path) -> None:
    lines = (repo / "app.py").read_text().splitlines()
    lines[1] = "changed in a commit"
    (repo / "app.py").write_text("\n".join(lines) + "\n")
    (repo / "gone.py").unlink()
    commit_all(repo, "feature work")
    git(repo, "checkout", "-q", "main")
    (repo / "main-only.txt").write_text("x\n")
    git(repo, "add", "main-only.txt")
    git(repo, "commit", "-q", "-m", "main moves on")
    git(repo, "checkout", "-q", "feature")
    lines[5] = "changed, not committed"
    (repo / "app.py").write_text("\n".join(lines) + "\n")
    (repo / "new.py").write_text("brand new\n")

    changed = changed_lines(repo, "main")
    assert changed.merge_base == git(repo, "merge-base", "main", "HEAD").strip()
    # main's own later commit is not a change of this branch.
    assert dict(changed.files) == {"app.py": frozenset({2, 6}), "new.py": None}


def test_findings_on_changed_lines_are_kept_and_others_counted(repo: Path) -> None:
    (repo / "app.py").write_text("".join(f"line {n}\n" for n in range(1, 11)).replace("line 4\n", "line four\n"))
    changed = changed_lines(repo, "main")
    on_line = make(path="app.py", line=4)
    spanning = make(path="app.py", line=3, end_line=5, rule="r2")
    elsewhere = make(path="app.py", line=8, rule="r3")
    untouched_file = make(path="old.py", line=1, rule="r4")
    whole_file = make(path="app.py", line=0, rule="r5")
    kept, outside = keep_changed([on_line, spanning, elsewhere, untouched_file, whole_file], changed)
    assert kept == [on_line, spanning, whole_file] and outside == 2


def test_scan_root_below_the_top_level_gets_paths_relative_to_it(repo: Path) -> None:
    (repo / "svc").mkdir()
    (repo / "svc" / "api.py").write_text("a\n")
    commit_all(repo, "svc")
    (repo / "svc" / "api.py").write_text("a\nb\n")
    (repo / "app.py").write_text("changed outside the scan root\n")
    assert dict(changed_lines(repo / "svc", "main").files) == {"api.py": frozenset({1, 2})}


def test_unknown_ref_is_an_error_naming_it(repo: Path) -> None:
    with pytest.raises(GatekeeperError, match=r"^--diff-base: unknown revision 'origin/nope'"):
        changed_lines(repo, "origin/nope")
    with pytest.raises(GatekeeperError, match=r"is not a git revision"):
        changed_lines(repo, "--output=/tmp/x")


def test_unrelated_history_has_no_merge_base(repo: Path) -> None:
    git(repo, "checkout", "-q", "--orphan", "lonely")
    commit_all(repo, "orphan")
    with pytest.raises(GatekeeperError, match=r"have no merge-base \(a shallow clone\?"):
        changed_lines(repo, "main")


def test_outside_a_repository_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GatekeeperError, match=r"^--diff-base needs a git repository: .* is not inside one"):
        changed_lines(tmp_path, "main")
