"""Any SARIF producer as a scanner: results of CodeQL, Checkov, Trivy, Semgrep Pro or a vendor's tool
imported into gatekeeper's findings (`gatekeeper scan --import FILE`, `imports:` in the policy).

It reads no file of the tree itself (`handles` nothing): each SARIF file is read, validated and
attributed (gatekeeper/scanners/sarif_file.py), and its results become findings
(gatekeeper/scanners/sarif_results.py) that dedup, redaction, mapping and the gate treat like any
other. What it claims as analysed is what each run names, its artifacts and its results' files, in
the scan's scope; nothing else. A file that cannot be trusted, is older than `max_age_days`, or holds a
result gatekeeper cannot place is an error naming the file: lost coverage, exit 2, never a pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from gatekeeper.filekinds import BY_ID
from gatekeeper.findings import Finding
from gatekeeper.scanners.base import ScanContext, Scanner, ScannerResult, SkippedFile
from gatekeeper.scanners.sarif_file import SarifError, SarifFile, load, parse_time
from gatekeeper.scanners.sarif_paths import Resolver
from gatekeeper.scanners.sarif_results import Converted, ResultError, RunReader

DEFAULT_MAX_AGE_DAYS = 7
"""A week: a nightly CodeQL or vendor scan is at most a day old; one older than a week no longer
describes the code that is being merged."""
UNLIMITED = "unlimited"
FILES_OPTION = "files"
"""`ScanContext.options` key the CLI fills from `--import` and `imports:`: a list of
`{"path": absolute path, "given": as the user wrote it}`."""


class SarifScanner(Scanner):
    name = "sarif"
    description = "results imported from other tools' SARIF files (--import FILE, imports:)"
    # An imported run may name files of any kind; it is credited with those it names, no others.
    kinds = frozenset(BY_ID)
    per_file = False
    shard_whole = True  # one imported file reports on the whole tree
    options = MappingProxyType(
        {
            "max_age_days": {
                "anyOf": [{"type": "integer", "minimum": 0}, {"const": UNLIMITED}],
                "x-expected": "a whole number of days (0 or more) or 'unlimited'",
            },
        }
    )

    def version(self) -> str:
        return "SARIF 2.1.0"

    def handles(self, path: str) -> bool:
        return False  # it reads SARIF files, not the tree: it can never be the analyser a file lacks

    def idle(self, options: Mapping[str, Any]) -> str:
        if options.get(FILES_OPTION):
            return ""
        return "sarif: no SARIF file to import (give --import FILE, or list files under imports: in the policy)"

    def scan(self, context: ScanContext, files: Sequence[str]) -> ScannerResult:
        root = context.root.resolve()
        scope = frozenset(context.scope)
        findings: list[Finding] = []
        named: set[str] = set()
        errors: list[str] = []
        skipped: list[SkippedFile] = []
        # Recorded first: the age check (annotate, on the scan's clock) reads it from the result.
        provenance: list[tuple[str, str]] = [
            ("max_age_days", str(context.options.get("max_age_days", DEFAULT_MAX_AGE_DAYS)))
        ]
        # One file named twice (the config and --import) is imported once: its results would not merge.
        entries: dict[Path, Mapping[str, Any]] = {}
        for given in context.options.get(FILES_OPTION) or ():
            entries.setdefault(Path(str(given["path"])).resolve(), given)
        for number, entry in enumerate(entries.values(), 1):
            path = Path(str(entry["path"]))
            label = _label(path, str(entry.get("given", path)), root)
            try:
                sarif = load(path, label)
            except SarifError as exc:
                errors.append(f"sarif: {label}: {exc}")
                continue
            produced, basis = sarif.produced
            provenance += [
                (f"import_{number}_file", label),
                (f"import_{number}_sha256", sarif.sha256),
                (f"import_{number}_tools", ", ".join(sarif.tools())),
                (f"import_{number}_produced", f"{_iso(produced)} ({basis})"),
            ]
            attribution = {"sarif_file": label, "sarif_sha256": sarif.sha256}
            try:
                converted = _convert(sarif, root, scope, attribution, context.named_files)
            except ResultError as exc:
                errors.append(f"sarif: {label}: {exc}")
                continue
            findings += converted.findings
            named |= converted.named
            skipped += [SkippedFile(path, f"{label}: {reason}") for path, reason in sorted(converted.lost.items())]
            errors += [f"sarif: {label}: {problem}" for problem in converted.problems]
            provenance += [(f"import_{number}_results", str(len(converted.findings)))]
            if converted.outside_scope:
                provenance += [
                    (
                        f"import_{number}_outside_scope",
                        f"{converted.outside_scope} result(s) in files outside this scan's scope",
                    )
                ]
        return ScannerResult(
            self.name,
            self.version(),
            findings=tuple(findings),
            errors=tuple(errors),
            scanned=tuple(sorted(named - {s.path for s in skipped})),
            skipped=tuple(skipped),
            provenance=tuple(provenance),
        )

    def annotate(self, result: ScannerResult, now: datetime) -> ScannerResult:
        """Each file's age on the day of this scan; older than the policy's `max_age_days` is an error."""
        limit = _max_age(result)
        stale: list[str] = []
        ages: list[tuple[str, str]] = []
        recorded = dict(result.provenance)
        for key, value in result.provenance:
            if not key.endswith("_produced"):
                continue
            prefix = key.removesuffix("_produced")
            produced = parse_time(value.split(" ")[0])
            if produced is None:
                continue
            age = (now - produced).total_seconds() / 86400
            ages.append((f"{prefix}_age_days", str(max(0, int(age)))))
            if limit is not None and age > limit:
                stale.append(
                    f"sarif: {recorded[prefix + '_file']}: stale: produced {value}, {age:.1f} days before this scan, "
                    f"more than scanners.sarif.max_age_days ({limit}): run the tool again"
                )
        return replace(result, provenance=result.provenance + tuple(ages), errors=result.errors + tuple(stale))


def _convert(
    sarif: SarifFile, root: Path, scope: frozenset[str], attribution: dict[str, str], named_files: bool
) -> Converted:
    whole = Converted()
    for run in sarif.runs:
        resolver = Resolver(root, dict(run.get("originalUriBaseIds") or {}))
        driver = run["tool"]["driver"]
        tool = {
            "sarif_tool": str(driver["name"]),
            "sarif_tool_version": str(driver.get("semanticVersion") or driver.get("version") or ""),
        }
        converted = RunReader(run, resolver, scope, {**attribution, **tool}, named_files).convert()
        whole.findings += converted.findings
        whole.named |= converted.named
        whole.outside_scope += converted.outside_scope
        whole.lost.update(converted.lost)
        whole.problems += converted.problems
    return whole


def _max_age(result: ScannerResult) -> int | None:
    value = dict(result.provenance).get("max_age_days", str(DEFAULT_MAX_AGE_DAYS))
    return None if value == UNLIMITED else int(value)


def _label(path: Path, given: str, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return given


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
