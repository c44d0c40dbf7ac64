"""One SARIF file to import: read, checked and attributed before any result in it is believed.

A file that is missing, unreadable, not JSON, not SARIF 2.1.0 (gatekeeper/schemas/sarif-import.schema.json:
the objects and properties gatekeeper reads, constrained as the specification constrains them), holds
no run, or whose run says it did not complete (`invocations[].executionSuccessful: false`) is a
SarifError: the import is lost coverage, never an import of nothing (docs/imports.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from gatekeeper.scanners.tools import MAX_OUTPUT_BYTES

MAX_SARIF_BYTES = MAX_OUTPUT_BYTES
"""The largest SARIF file imported: the same limit as a scanner's own report."""


class SarifError(Exception):
    """What is wrong with one SARIF file, in words that follow its name."""


@dataclass(frozen=True)
class SarifFile:
    label: str
    """How messages and the evidence name it: relative to the scan root when inside it, else as given."""
    sha256: str
    document: dict[str, Any]
    modified: datetime
    """The file's modification time (UTC)."""

    @property
    def runs(self) -> list[dict[str, Any]]:
        return list(self.document.get("runs") or [])

    @property
    def produced(self) -> tuple[datetime, str]:
        """When the results were produced, and what says so: the latest `endTimeUtc` of any
        invocation, else the file's modification time (a copy can make it younger, never older)."""
        ends = [
            parse_time(i["endTimeUtc"]) for run in self.runs for i in run.get("invocations") or () if "endTimeUtc" in i
        ]
        known = [end for end in ends if end is not None]
        return (max(known), "endTimeUtc") if known else (self.modified, "mtime")

    def tools(self) -> list[str]:
        """`name version` of each run's tool, in order (a file may hold several runs)."""
        return list(dict.fromkeys(tool_name(run) for run in self.runs))


def load(path: Path, label: str) -> SarifFile:
    """The file, read and validated; SarifError naming the problem otherwise."""
    try:
        size = path.stat().st_size
        if size > MAX_SARIF_BYTES:
            raise SarifError(f"{size:,} bytes, more than gatekeeper imports ({MAX_SARIF_BYTES:,})")
        data = path.read_bytes()
        modified = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    except FileNotFoundError:
        raise SarifError("no such file") from None
    except IsADirectoryError:
        raise SarifError("a directory, not a SARIF file") from None
    except OSError as exc:
        raise SarifError(f"cannot be read: {exc.strerror or exc}") from None
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SarifError("not UTF-8 text, so not a SARIF file") from None
    except json.JSONDecodeError as exc:
        raise SarifError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise SarifError("not valid JSON: nested too deeply") from None
    try:
        problem = schema_problem(document)
    except RecursionError:
        raise SarifError("nested too deeply to validate") from None
    if problem:
        raise SarifError(f"not a valid SARIF 2.1.0 log: {problem}")
    sarif = SarifFile(label, hashlib.sha256(data).hexdigest(), document, modified)
    if not sarif.runs:
        raise SarifError("holds no run: it says nothing about any file")
    for number, run in enumerate(sarif.runs, 1):
        for invocation in run.get("invocations") or ():
            if invocation["executionSuccessful"] is False:
                raise SarifError(
                    f"run {number} ({tool_name(run)}) reports executionSuccessful: false: the tool did not "
                    "complete, so its results are not the whole answer"
                )
        for index, invocation in enumerate(run.get("invocations") or ()):
            if "endTimeUtc" in invocation and parse_time(invocation["endTimeUtc"]) is None:
                raise SarifError(
                    f"run {number}: invocations[{index}].endTimeUtc '{str(invocation['endTimeUtc'])[:40]}' "
                    "is not a date and time (RFC 3339)"
                )
    return sarif


def schema_problem(document: Any) -> str:
    """The first thing that keeps `document` from being the SARIF gatekeeper reads; "" when it is."""
    import fastjsonschema  # type: ignore[import-untyped,unused-ignore]  # only when a file is imported

    try:
        _validator()(document)
    except fastjsonschema.JsonSchemaValueException as exc:
        message = " ".join(str(exc.message).split())[:300]
        # `data.runs[0].level must be …` / `data must contain …`: named as the document's own path.
        return (
            message.removeprefix("data.")
            if message.startswith("data.")
            else "the document" + message.removeprefix("data")
        )
    return ""


@lru_cache(maxsize=1)
def _validator() -> Callable[[Any], Any]:
    """The schema compiled to Python (fastjsonschema): a 10,000-result log validates in well under a
    second, where jsonschema's interpreter took ten."""
    import fastjsonschema  # type: ignore[import-untyped,unused-ignore]

    text = resources.files("gatekeeper").joinpath("schemas/sarif-import.schema.json").read_text(encoding="utf-8")
    validate: Callable[[Any], Any] = fastjsonschema.compile(json.loads(text))
    return validate


def parse_time(text: Any) -> datetime | None:
    """An RFC 3339 time (SARIF's `date-time`), in UTC; None if it is not one."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)  # SARIF times are UTC
    return moment.astimezone(timezone.utc)


def tool_name(run: dict[str, Any]) -> str:
    driver = run["tool"]["driver"]
    version = driver.get("semanticVersion") or driver.get("version") or ""
    return f"{driver['name']} {version}".strip()
