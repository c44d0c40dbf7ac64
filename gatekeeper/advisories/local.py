"""A local OSV database: a directory of OSV JSON/YAML records, an OSV export zip (PyPI `all.zip`),
or a directory that `gatekeeper advisories update` manages (its metadata file and one zip)."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from gatekeeper.advisories.index import AdvisoryIndex, open_index
from gatekeeper.advisories.interface import (
    AdvisoryError,
    AdvisorySource,
    PackageVersion,
    SourceIdentity,
    Vulnerability,
)
from gatekeeper.advisories.osv import merge, parse_timestamp

RECORD_SUFFIXES = (".json", ".yaml", ".yml")
METADATA_FILE = "gatekeeper-osv.json"
"""Written by `gatekeeper advisories update` next to the zip it downloaded; never an OSV record."""
METADATA_FORMAT = 1
_CHUNK = 1 << 20


class OsvLocation:
    """Where the records are, how to read them, and the digest that identifies their content."""

    def __init__(self, path: Path, display: str | None = None) -> None:
        self.path = path
        self.display = display or str(path)
        self.metadata: dict[str, Any] | None = None
        if path.is_dir():
            meta_file = path / METADATA_FILE
            if meta_file.is_file():
                self.metadata = _read_metadata(meta_file)
                self.archive: Path | None = path / self.metadata["archive"]
            else:
                self.archive = None
        elif path.is_file():
            self.archive = path
        elif path.exists():
            raise AdvisoryError(f"advisory database {self.display} is neither a directory nor a file")
        else:
            raise AdvisoryError(f"advisory database {self.display} does not exist")
        self._digest: str | None = None

    @property
    def managed(self) -> bool:
        return self.metadata is not None

    def digest(self) -> str:
        """sha256 of the zip, or of every record file's path and content in a directory."""
        if self._digest is None:
            if self.archive is not None:
                self._digest = "sha256:" + file_sha256(self.archive, self.display)
                expected = self.metadata.get("sha256") if self.metadata else None
                if expected and self._digest != f"sha256:{expected}":
                    raise AdvisoryError(
                        f"{self.archive}: content does not match the digest in {METADATA_FILE} "
                        "(changed or damaged since 'gatekeeper advisories update'; run it again)"
                    )
            else:
                digest = hashlib.sha256()
                for relative, path in self._record_files():
                    digest.update(relative.encode() + b"\0" + hashlib.sha256(_read(path, relative)).digest())
                self._digest = "sha256:" + digest.hexdigest()
        return self._digest

    def date(self) -> str | None:
        """The date `advisories update` recorded, if this is its directory."""
        return str(self.metadata["date"]) if self.metadata and self.metadata.get("date") else None

    def records(self) -> Iterator[tuple[str, bytes]]:
        """(origin, content) for every record file, in a stable order."""
        if self.archive is not None:
            yield from self._zip_records(self.archive)
            return
        for relative, path in self._record_files():
            origin = str(Path(self.display) / relative)
            yield origin, _read(path, origin)

    def _record_files(self) -> list[tuple[str, str]]:
        """(POSIX path relative to the database, full path) of every record file, sorted."""
        found = []
        top = os.fspath(self.path)
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            relative_dir = os.path.relpath(dirpath, top).replace(os.sep, "/")
            prefix = "" if relative_dir == "." else relative_dir + "/"
            for name in filenames:
                if name.endswith(RECORD_SUFFIXES) and not name.startswith(".") and name != METADATA_FILE:
                    found.append((prefix + name, os.path.join(dirpath, name)))
        return sorted(found)

    def _zip_records(self, archive: Path) -> Iterator[tuple[str, bytes]]:
        shown = self.display if archive == self.path else str(Path(self.display) / archive.name)
        try:
            with zipfile.ZipFile(archive) as bundle:
                members = sorted(
                    info.filename for info in bundle.infolist()
                    if not info.is_dir() and info.filename.endswith(RECORD_SUFFIXES)
                )
                if not members:
                    raise AdvisoryError(f"{shown}: the zip holds no OSV records (*.json, *.yaml)")
                for member in members:
                    origin = f"{shown}:{member}"
                    yield origin, bundle.read(member)
        # zlib.error: a damaged member (bad deflate data); NotImplementedError: an unknown compression method.
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, NotImplementedError) as exc:
            raise AdvisoryError(f"{shown}: not a readable zip ({exc})") from None
        except OSError as exc:
            raise AdvisoryError(f"{shown}: cannot read ({exc.strerror or exc})") from None


def file_sha256(path: Path, display: str | None = None) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise AdvisoryError(f"{display or path}: cannot read ({exc.strerror or exc})") from None
    return digest.hexdigest()


def _read(path: str, shown: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise AdvisoryError(f"{shown}: cannot read ({exc.strerror or exc})") from None


def _read_metadata(meta_file: Path) -> dict[str, Any]:
    try:
        data = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AdvisoryError(f"{meta_file}: unreadable ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != METADATA_FORMAT:
        raise AdvisoryError(f"{meta_file}: not a gatekeeper advisory metadata file (format {METADATA_FORMAT})")
    archive = data.get("archive")
    if not isinstance(archive, str) or "/" in archive or "\\" in archive or archive.startswith("."):
        raise AdvisoryError(f"{meta_file}: 'archive' must name a zip file in the same directory")
    if not isinstance(data.get("sha256"), str):
        raise AdvisoryError(f"{meta_file}: missing 'sha256'")
    return data


class LocalOsvSource(AdvisorySource):
    """Matches against a local OSV database through its index (built once per digest, then reused)."""

    def __init__(
        self,
        path: Path,
        *,
        display: str | None = None,
        cache_dir: Path | None = None,
        skip_invalid: bool = False,
        keep_index: bool = True,
    ) -> None:
        self.location = OsvLocation(path, display)
        self.index: AdvisoryIndex = open_index(self.location, cache_dir, skip_invalid=skip_invalid, persist=keep_index)
        self._identity = SourceIdentity(
            kind="osv-local",
            location=self.location.display,
            date=self.location.date() or self.index.newest_modified,
            digest=self.location.digest(),
            records=self.index.records,
            skipped_records=self.index.problems,
        )

    @property
    def identity(self) -> SourceIdentity:
        return self._identity

    def query(self, packages: Iterable[PackageVersion]) -> Mapping[PackageVersion, list[Vulnerability]]:
        wanted = sorted(set(packages))
        candidates = self.index.advisories_for({p.name for p in wanted})
        return {
            package: merge(package, [a for a in candidates.get(package.name, []) if a.affects(package)])
            for package in wanted
        }

    def close(self) -> None:
        self.index.close()


def check_age(identity: SourceIdentity, max_age_days: int | None, now: datetime | None = None) -> None:
    """Older data than the policy allows is an error that names the data's date, never a quiet pass."""
    if max_age_days is None:
        return
    if not identity.date:
        raise AdvisoryError(
            f"advisory database {identity.location} has no date (no update metadata, no 'modified' in its records), "
            f"so max_age_days={max_age_days} cannot be checked"
        )
    moment = parse_timestamp(identity.date)
    if moment is None:
        raise AdvisoryError(f"advisory database {identity.location} has an unreadable date '{identity.date}'")
    age = ((now or datetime.now(timezone.utc)) - moment).days
    if age > max_age_days:
        raise AdvisoryError(
            f"advisory database {identity.location} is stale: its data is from {identity.date[:10]}, "
            f"{age} days old (max_age_days is {max_age_days}); run 'gatekeeper advisories update' "
            "or point --advisories at fresher data"
        )
