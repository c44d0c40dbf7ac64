"""Files written whole or not at all: every report, cache entry, advisory index and metadata file."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


def write_atomically(path: Path, content: str | bytes, *, durable: bool = True, private: bool = False) -> None:
    """Readers (and a killed run) see the old file or the new one, never half of one.

    `durable`: fsync before the rename (reports, downloaded data); a cache entry can do without.
    `private`: keep mkstemp's 0600; otherwise the permissions a plain open() would give, so a
    report stays readable to the CI user who publishes it."""
    if _is_stream(path):
        # /dev/stdout, a pipe: nothing to replace (and replacing the device node, as root, would
        # break it for every other process), so the content is written into it.
        with open(path, "wb") as stream:
            stream.write(content.encode("utf-8") if isinstance(content, str) else content)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where a directory should be: say so, not "File exists"
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path.parent)) from None
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if not private:
                os.fchmod(handle.fileno(), 0o666 & ~_umask())
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:  # also when interrupted
        Path(temp).unlink(missing_ok=True)
        raise


def _is_stream(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
