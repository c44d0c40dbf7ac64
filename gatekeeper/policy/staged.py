"""`--staged`: scan what is about to be committed, not what is in the working tree.

The staged content of each added, copied, modified or renamed file is written from the index
into a temporary tree at its repository-relative path; the scan runs on that tree, so findings
carry repository-relative paths and line numbers of the staged text. (Unstaged edits in the
working tree are not what the commit will contain, so they are not scanned.)
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from gatekeeper.errors import GatekeeperError
from gatekeeper.policy import git
from gatekeeper.scanners.base import SkippedFile

WHAT = "--staged"
_REGULAR = (b"100644", b"100755")


@dataclass(frozen=True)
class StagedTree:
    repo: Path
    """The repository's top level (where the configuration is read)."""
    root: Path
    """The temporary tree holding the staged content."""
    files: tuple[str, ...]
    """Staged files written to `root` (repository-relative POSIX paths)."""
    skipped: tuple[SkippedFile, ...]
    """Staged entries that are not regular files (symbolic links, submodules)."""


@contextmanager
def staged_tree(start: Path, paths: Sequence[Path] = ()) -> Iterator[StagedTree]:
    repo = git.toplevel(start, WHAT)
    specs = [_pathspec(p, repo) for p in paths]
    names = git.run(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--", *specs], repo, what=WHAT)
    wanted = {os.fsdecode(n) for n in names.split(b"\0") if n}
    entries = _index_entries(repo, wanted)
    with tempfile.TemporaryDirectory(prefix="gatekeeper-staged-") as temp:
        root = Path(temp)
        regular = [(path, sha) for path, (mode, sha) in sorted(entries.items()) if mode in _REGULAR]
        skipped = tuple(
            SkippedFile(
                path,
                "staged symbolic link (its target is scanned where it is staged)"
                if mode == b"120000"
                else "staged submodule (scan it in its own repository)",
            )
            for path, (mode, _sha) in sorted(entries.items())
            if mode not in _REGULAR
        )
        for (path, _sha), content in zip(regular, _blobs(repo, [sha for _, sha in regular])):
            target = (root / path).resolve()
            if not target.is_relative_to(root.resolve()):
                raise GatekeeperError(f"{WHAT}: refusing staged path outside the repository: {path}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        yield StagedTree(repo, root, tuple(path for path, _ in regular), skipped)


def _pathspec(path: Path, repo: Path) -> str:
    # Resolved like git resolves its own top level (a symlinked /tmp must not look like "outside").
    absolute = path.resolve() if path.is_dir() else path.absolute().parent.resolve() / path.name
    try:
        relative = absolute.relative_to(repo.resolve())
    except ValueError:
        raise GatekeeperError(f"{WHAT}: {path} is outside the repository {repo}") from None
    return ":(literal)" + (relative.as_posix() if relative.parts else ".")


def _index_entries(repo: Path, wanted: set[str]) -> dict[str, tuple[bytes, str]]:
    if not wanted:
        return {}
    out = git.run(["ls-files", "-s", "-z"], repo, what=WHAT)
    entries: dict[str, tuple[bytes, str]] = {}
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, sha, stage = meta.split(b" ")
        path = os.fsdecode(raw_path)
        if path in wanted and stage == b"0":
            entries[path] = (mode, sha.decode())
    return entries


def _blobs(repo: Path, shas: Sequence[str]) -> list[bytes]:
    """Each blob's content, in order, from one `git cat-file --batch`."""
    if not shas:
        return []
    out = git.run(["cat-file", "--batch"], repo, what=WHAT, input="".join(f"{s}\n" for s in shas).encode())
    contents: list[bytes] = []
    position = 0
    for sha in shas:
        end = out.index(b"\n", position)
        header = out[position:end].split(b" ")
        if len(header) != 3 or header[0].decode() != sha:
            raise GatekeeperError(f"{WHAT}: git cat-file returned an unexpected record for {sha}")
        size = int(header[2])
        contents.append(out[end + 1 : end + 1 + size])
        position = end + 1 + size + 1
    return contents
