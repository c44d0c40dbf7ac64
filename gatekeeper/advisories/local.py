"""A local OSV database of any ecosystems: a directory of OSV JSON/YAML records and OSV export zips
(each ecosystem's `all.zip`) in any layout, one export zip, or a directory that `gatekeeper
advisories update` / `import` manages (per ecosystem, a subdirectory with its metadata file and one
zip). Every record names its ecosystem; the index keys records by (ecosystem, package)."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
import zlib
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from gatekeeper.advisories.index import AdvisoryIndex, open_index
from gatekeeper.advisories.interface import (
    AdvisoryError,
    AdvisorySource,
    EcosystemData,
    PackageVersion,
    SourceIdentity,
    Vulnerability,
)
from gatekeeper.advisories.osv import merge, parse_timestamp

RECORD_SUFFIXES = (".json", ".yaml", ".yml")
METADATA_FILE = "gatekeeper-osv.json"
"""Written by `gatekeeper advisories update` next to the zip it downloaded; never an OSV record."""
METADATA_FORMAT = 1
MAX_RECORD_BYTES = 32 << 20
"""The most one record (a file or a zip member) may hold. The largest real PyPI record is tens of KB,
the largest in any OSV ecosystem a few MB: a bigger one is a zip bomb or the wrong file, never read."""
MAX_ARCHIVE_BYTES = 2 << 30
"""The most a zip's records may inflate to in all. OSV's all.zip for every ecosystem inflates to some
hundreds of MB (PyPI's alone to tens of MB); a 4 MB zip that inflates to 4 GiB must not be read."""
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
        self._walked: tuple[list[tuple[str, str]], list[tuple[str, str]]] | None = None
        self.zips: list[tuple[str, Path]] = []
        """(relative path, file) of each export zip inside a directory database (found by the walk)."""
        self.managed_parts: dict[str, dict[str, Any]] = {}
        """Metadata of each managed subdirectory (one per ecosystem `advisories update` fetched)."""

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
                records, outside = self._walk()
                for relative, target in outside:  # so that the index, which lists them, follows them
                    digest.update(relative.encode() + b"\0->" + target.encode() + b"\0")
                for relative, path in records:
                    shown = str(Path(self.display) / relative)
                    digest.update(relative.encode() + b"\0" + hashlib.sha256(_read(path, shown)).digest())
                for relative, archive in sorted(self.zips):
                    shown = str(Path(self.display) / relative)
                    sha = file_sha256(archive, shown)
                    part = self.managed_parts.get(relative.rsplit("/", 1)[0]) if "/" in relative else None
                    if part is not None and part.get("sha256") != sha:
                        raise AdvisoryError(
                            f"{shown}: content does not match the digest in {METADATA_FILE} "
                            "(changed or damaged since 'gatekeeper advisories update'; run it again)"
                        )
                    digest.update(relative.encode() + b"\0zip\0" + bytes.fromhex(sha))
                self._digest = "sha256:" + digest.hexdigest()
        return self._digest

    def date(self) -> str | None:
        """The date `advisories update` recorded, if this is its directory."""
        return str(self.metadata["date"]) if self.metadata and self.metadata.get("date") else None

    def managed_ecosystems(self) -> dict[str, tuple[str | None, str]]:
        """(date, `sha256:` of its zip) that `advisories update` / `import` recorded for each ecosystem
        it installed in this store."""
        parts = [self.metadata] if self.metadata else []
        if self.archive is None:
            self._walk()
        parts += list(self.managed_parts.values())
        return {
            str(p["ecosystem"]): (str(p["date"]) if p.get("date") else None, f"sha256:{p['sha256']}")
            for p in parts
            if p.get("ecosystem")
        }

    def records(self) -> Iterator[tuple[str, bytes]]:
        """(origin, content) for every record file, in a stable order."""
        if self.archive is not None:
            yield from self._zip_records(self.archive)
            return
        for relative, path in self._record_files():
            origin = str(Path(self.display) / relative)
            yield origin, _read(path, origin)
        for relative, archive in sorted(self.zips):
            yield from self._zip_records(archive, str(Path(self.display) / relative))

    def links_out(self) -> list[str]:
        """One problem line for each link (to a directory or a record) that leads out of the database."""
        if self.archive is not None:
            return []
        return [
            f"{Path(self.display) / relative}: a link to {target}, outside the advisory database: not read "
            "(copy the records in, or point --advisories at the directory the link leads to)"
            for relative, target in self._walk()[1]
        ]

    def _record_files(self) -> list[tuple[str, str]]:
        """(POSIX path relative to the database, full path) of every record file, sorted."""
        return self._walk()[0]

    def _walk(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The record files, each once, and the links that lead out of the database, both sorted.

        Links are followed while they stay inside the database (a package directory linked under
        another name, say); a file reached by two paths is read once, under one of them, the same
        on every run (directories are walked in sorted order). A link out is never followed and never
        dropped silently: `links_out`."""
        if self._walked is None:
            self._walked = self._walk_tree()
        return self._walked

    def _walk_tree(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        top = os.fspath(self.path)
        real_top = os.path.realpath(top)
        found: dict[str, tuple[str, str]] = {}
        outside: list[tuple[str, str]] = []
        walked: set[str] = set()
        for dirpath, dirnames, filenames in os.walk(top, followlinks=True):
            walked.add(os.path.realpath(dirpath))
            relative_dir = os.path.relpath(dirpath, top).replace(os.sep, "/")
            prefix = "" if relative_dir == "." else relative_dir + "/"
            kept = []
            for name in sorted(d for d in dirnames if not d.startswith(".")):
                real = os.path.realpath(os.path.join(dirpath, name))
                if not _within(real, real_top):
                    outside.append((prefix + name, real))
                elif real not in walked:  # a link back up, or to a directory already walked: a loop or a repeat
                    walked.add(real)
                    kept.append(name)
            dirnames[:] = kept
            if METADATA_FILE in filenames and dirpath != top:
                # A directory `advisories update` manages: its one verified zip, nothing else in it.
                metadata = _read_metadata(Path(dirpath) / METADATA_FILE)
                self.managed_parts[prefix.rstrip("/")] = metadata
                self.zips.append((prefix + metadata["archive"], Path(dirpath) / metadata["archive"]))
                dirnames[:] = []
                continue
            for name in filenames:
                if name.endswith(".zip") and not name.startswith("."):
                    full = os.path.join(dirpath, name)
                    if _within(os.path.realpath(full), real_top):
                        self.zips.append((prefix + name, Path(full)))
                    else:
                        outside.append((prefix + name, os.path.realpath(full)))
                    continue
                if name.endswith(RECORD_SUFFIXES) and not name.startswith(".") and name != METADATA_FILE:
                    full = os.path.join(dirpath, name)
                    real = os.path.realpath(full)
                    if not _within(real, real_top):
                        outside.append((prefix + name, real))
                    elif real not in found or prefix + name < found[real][0]:
                        found[real] = (prefix + name, full)
        return sorted(found.values()), sorted(outside)

    def _zip_records(self, archive: Path, shown: str | None = None) -> Iterator[tuple[str, bytes]]:
        shown = shown or (self.display if archive == self.path else str(Path(self.display) / archive.name))
        try:
            with zipfile.ZipFile(archive) as bundle:
                members = sorted(
                    (
                        info
                        for info in bundle.infolist()
                        if not info.is_dir() and info.filename.endswith(RECORD_SUFFIXES)
                    ),
                    key=lambda info: info.filename,
                )
                if not members:
                    raise AdvisoryError(f"{shown}: the zip holds no OSV records (*.json, *.yaml)")
                _check_declared_sizes(shown, members)
                inflated = 0
                for info in members:
                    origin = f"{shown}:{info.filename}"
                    raw = _inflate(bundle, info, origin)
                    inflated += len(raw)
                    if inflated > MAX_ARCHIVE_BYTES:  # the headers said less: they lied
                        raise AdvisoryError(_too_big_in_all(origin))
                    yield origin, raw
        # zlib.error: a damaged member (bad deflate data); NotImplementedError: an unknown compression method.
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, NotImplementedError) as exc:
            raise AdvisoryError(f"{shown}: not a readable zip ({exc})") from None
        except OSError as exc:
            raise AdvisoryError(f"{shown}: cannot read ({exc.strerror or exc})") from None


def _check_declared_sizes(shown: str, members: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb before inflating anything, from the sizes its central directory declares."""
    total = 0
    for info in members:
        if info.file_size > MAX_RECORD_BYTES:
            raise AdvisoryError(_too_big(f"{shown}:{info.filename}"))
        total += info.file_size
        if total > MAX_ARCHIVE_BYTES:
            raise AdvisoryError(_too_big_in_all(f"{shown}:{info.filename}"))


def _inflate(bundle: zipfile.ZipFile, info: zipfile.ZipInfo, origin: str) -> bytes:
    """A member's content, never more than MAX_RECORD_BYTES of it in memory whatever its header says."""
    with bundle.open(info) as handle:
        raw = handle.read(MAX_RECORD_BYTES + 1)
    if len(raw) > MAX_RECORD_BYTES:
        raise AdvisoryError(_too_big(origin))
    return raw


def _too_big(origin: str) -> str:
    return (
        f"{origin}: larger than the {_size(MAX_RECORD_BYTES)} an OSV record may hold "
        "(a zip bomb, or not an OSV record): not read"
    )


def _too_big_in_all(origin: str) -> str:
    return (
        f"{origin}: the zip's records reach more than {_size(MAX_ARCHIVE_BYTES)} uncompressed "
        "at this member, the most an advisory zip may hold (a zip bomb?): not read"
    )


def _size(size: int) -> str:
    return f"{size >> 30} GiB" if size >= 1 << 30 else f"{size >> 20} MiB"


def _within(real: str, real_top: str) -> bool:
    return real == real_top or real.startswith(real_top.rstrip(os.sep) + os.sep)


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
            raw = handle.read(MAX_RECORD_BYTES + 1)
    except OSError as exc:
        raise AdvisoryError(f"{shown}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > MAX_RECORD_BYTES:
        raise AdvisoryError(_too_big(shown))
    return raw


def _read_metadata(meta_file: Path) -> dict[str, Any]:
    try:
        data = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise AdvisoryError(f"{meta_file}: unreadable ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != METADATA_FORMAT:
        raise AdvisoryError(f"{meta_file}: not a gatekeeper advisory metadata file (format {METADATA_FORMAT})")
    archive = data.get("archive")
    if not isinstance(archive, str) or "/" in archive or "\\" in archive or archive.startswith("."):
        raise AdvisoryError(f"{meta_file}: 'archive' must name a zip file in the same directory")
    if not isinstance(data.get("sha256"), str):
        raise AdvisoryError(f"{meta_file}: missing 'sha256'")
    return data


def ecosystem_evidence(
    indexed: Mapping[str, Mapping[str, Any]], managed: Mapping[str, tuple[str | None, str]]
) -> tuple[EcosystemData, ...]:
    """Per ecosystem: the date and zip digest `update` recorded, else its newest record's date and a
    digest of its records; and how many records it has."""
    evidence = []
    for ecosystem, entry in sorted(indexed.items()):
        date, digest = managed.get(ecosystem, (None, entry["digest"]))
        evidence.append(EcosystemData(ecosystem, date or entry.get("newest_modified"), digest, entry["records"]))
    return tuple(evidence)


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
        max_age_days: int | None = None,
    ) -> None:
        """`max_age_days` applies to each ecosystem a query asks about (open_source checks the whole)."""
        self.location = OsvLocation(path, display)
        self.index: AdvisoryIndex = open_index(self.location, cache_dir, skip_invalid=skip_invalid, persist=keep_index)
        managed = self.location.managed_ecosystems()
        self._identity = SourceIdentity(
            kind="osv-local",
            location=self.location.display,
            # A store is as fresh as its oldest ecosystem `update` fetched (each is checked again when used).
            date=self.location.date()
            or min(filter(None, (d for d, _ in managed.values())), default=None)
            or self.index.newest_modified,
            digest=self.location.digest(),
            records=self.index.records,
            skipped_records=self.index.problems,
            ecosystems=ecosystem_evidence(self.index.ecosystems, managed),
        )
        self.max_age_days = max_age_days

    @property
    def identity(self) -> SourceIdentity:
        return self._identity

    def query(self, packages: Iterable[PackageVersion]) -> Mapping[PackageVersion, list[Vulnerability]]:
        wanted = sorted(set(packages))
        for ecosystem in sorted({p.ecosystem for p in wanted}):
            self.check_ecosystem(ecosystem)
        candidates = self.index.advisories_for({(p.ecosystem, p.name) for p in wanted})
        return {
            package: merge(
                package, [a for a in candidates.get((package.ecosystem, package.name), []) if a.affects(package)]
            )
            for package in wanted
        }

    def check_ecosystem(self, ecosystem: str) -> None:
        """Data for this ecosystem, fresh enough: else an error (no data is never a clean answer)."""
        evidence = {e.ecosystem: e for e in self._identity.ecosystems}.get(ecosystem)
        if evidence is None:
            held = ", ".join(e.ecosystem for e in self._identity.ecosystems) or "none"
            raise AdvisoryError(
                f"advisory database {self.location.display} holds no {ecosystem} advisories (it holds: {held}), "
                f"so the {ecosystem} dependencies cannot be audited: run 'gatekeeper advisories update "
                f"--ecosystem {ecosystem}', or 'gatekeeper advisories import' OSV's {ecosystem}/all.zip, "
                "or point --advisories at OSV records for it"
            )
        check_age(
            replace(self._identity, date=evidence.date, location=f"{self.location.display} ({ecosystem})"),
            self.max_age_days,
        )

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
