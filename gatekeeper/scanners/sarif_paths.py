"""Where a SARIF location is in the scan root.

A tool ran somewhere else (a CI runner's checkout, a container): its URIs are re-rooted here.

- A URI relative to a `uriBaseId` is relative to that base; a base the run defines in
  `originalUriBaseIds` (itself possibly relative to another) that resolves to an absolute `file:`
  URI inside the scan root is used as it is, and one elsewhere (the tool's own checkout, `%SRCROOT%`
  on another machine) or not defined at all is taken to be the scan root.
- A relative URI with no base is relative to the scan root (run the tool from there).
- An absolute `file:` URI must be inside the scan root.

Anything else (a path outside the root, `..` climbing out of it, another URI scheme, a file the tree
does not hold) is `Outside`: reported with the result, never dropped.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


class Outside(Exception):
    """A location that is not a file of the scan root (the message says where it is instead)."""


class Resolver:
    def __init__(self, root: Path, bases: dict[str, Any]) -> None:
        self.root = root.resolve()
        self.given = Path(root).absolute()
        self.bases = bases

    def result(self, location: dict[str, Any]) -> str:
        """The path, relative to the root, of a result's file; Outside if it is not under the root."""
        return self._resolve(location)

    def missing(self, path: str) -> Outside:
        return Outside(
            f"{path}, which is not a file in the scan root {self.root}: the log describes another tree "
            "or an older state of this one"
        )

    def artifact(self, location: dict[str, Any]) -> str | None:
        """An artifact's path relative to the root; None when it is not under it (not claimed)."""
        try:
            return self.result(location)
        except Outside:
            return None

    def _resolve(self, location: dict[str, Any]) -> str:
        uri = str(location.get("uri", ""))
        parts = urlsplit(uri)
        if parts.scheme:
            return self._absolute(uri, parts.scheme, parts.netloc, parts.path)
        relative = unquote(parts.path)
        if relative.startswith("/"):
            return self._absolute(uri, "file", "", relative)
        base = self._base(location.get("uriBaseId"), set())
        if base.startswith("/"):
            return self._absolute(uri, "file", "", posixpath.join(base, relative))
        return self._inside(posixpath.join(base, relative), uri)

    def _absolute(self, uri: str, scheme: str, host: str, path: str) -> str:
        if scheme.lower() != "file" or host not in ("", "localhost"):
            raise Outside(f"{uri[:200]}, not a file of the scan root")
        absolute = Path(posixpath.normpath(unquote(path)))
        for root in (self.root, self.given):  # the root as resolved, or as named (a link to it)
            if absolute.is_relative_to(root) and absolute != root:
                return absolute.relative_to(root).as_posix()
        raise Outside(f"{uri[:200]}, outside the scan root {self.root}")

    def _inside(self, path: str, uri: str) -> str:
        normal = posixpath.normpath(path)
        if normal == "." or normal.startswith("../") or normal == "..":
            raise Outside(f"{uri[:200]}, outside the scan root {self.root}")
        return normal

    def _base(self, name: Any, seen: set[str]) -> str:
        """An absolute path (with "/"), or a path relative to the scan root ("" for the root itself)."""
        if not isinstance(name, str) or name in seen:
            return ""
        seen.add(name)
        entry = self.bases.get(name)
        if not isinstance(entry, dict):
            return ""  # %SRCROOT% and other bases the run leaves undefined: the tool's root, re-rooted here
        uri = str(entry.get("uri", ""))
        parts = urlsplit(uri)
        if parts.scheme:
            absolute = posixpath.normpath(unquote(parts.path))
            inside = parts.scheme.lower() == "file" and any(
                Path(absolute).is_relative_to(r) for r in (self.root, self.given)
            )
            # A base elsewhere is the tool's checkout on its own machine: re-rooted here.
            return absolute if inside else ""
        parent = self._base(entry.get("uriBaseId"), seen)
        return posixpath.join(parent, unquote(parts.path)) if parent or parts.path else ""
