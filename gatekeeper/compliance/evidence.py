"""What an evidence source ran and examined: the state of its scanners (complete, lost coverage,
failed, not run) and the files, components and units it examined for a control. A control's
status (gatekeeper/compliance/status.py) rests on these."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Iterable

from gatekeeper.compliance.mapping import EvidenceSource
from gatekeeper.coverage import summary as coverage_summary
from gatekeeper.filekinds import ANY, DEPENDENCIES, describe_selectors
from gatekeeper.result import ScanResult
from gatekeeper.scanners.base import ScannerResult


class SourceStateKind(str, Enum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"
    """Ran, but lost files: what it could not read is unknown."""
    FAILED = "failed"
    NOT_RUN = "not_run"

    @property
    def label(self) -> str:
        return {"complete": "complete", "incomplete": "lost coverage", "failed": "failed", "not_run": "not run"}[
            self.value
        ]


@dataclass(frozen=True)
class SourceState:
    source: EvidenceSource
    state: SourceStateKind
    detail: str
    ran: tuple[tuple[str, str], ...]
    """(scanner, version) of the source's scanners that ran."""
    brief: str = ""
    """The problem in a few words (`semgrep failed`, `terraform was not run`); "" when complete."""

    @property
    def complete(self) -> bool:
        return self.state is SourceStateKind.COMPLETE


@dataclass(frozen=True)
class Examined:
    """What one evidence source examined for one control: the positive evidence a pass rests on."""

    source: str
    selectors: tuple[str, ...]
    files: int
    """Relevant files its scanners analysed."""
    not_covered: tuple[str, ...] = ()
    """Relevant files nothing analysed."""
    not_covered_summary: str = ""
    """The same, counted by kind: `3 Java/Kotlin files, 1 Maven/Gradle build file`."""
    components: int | None = None
    """Third-party components examined (dependency sources only)."""
    unknown_versions: tuple[str, ...] = ()
    """Components whose version is unknown (unpinned, unresolved): `name (manifest)`."""
    units: tuple[tuple[str, int], ...] = ()
    """What else its scanners examined, counted: `("Terraform resources", 12)`."""
    elsewhere: int = 0
    """Relevant files only scanners outside this source analysed (an imported SARIF run): said so."""
    elsewhere_by: tuple[str, ...] = ()

    @property
    def relevant(self) -> bool:
        return bool(self.files or self.not_covered or self.components or self.elsewhere)

    @property
    def text(self) -> str:
        if not self.relevant:
            return f"no {describe_selectors(self.selectors)} in scope ({self.source})"
        what = f"{self.files} file{'s' if self.files != 1 else ''}"
        if self.components is not None:
            what += f", {self.components} component{'s' if self.components != 1 else ''}"
        what += "".join(f", {count} {unit}" for unit, count in self.units if count)
        if self.elsewhere:
            more = f"{self.elsewhere} more file{'s' if self.elsewhere != 1 else ''}"
            return f"examined {what} ({self.source}); {more} analysed by {', '.join(self.elsewhere_by)} only"
        return f"examined {what} ({self.source})"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source": self.source,
            "examines": list(self.selectors),
            "files": self.files,
            "components": self.components,
            "not_covered": list(self.not_covered),
            "unknown_versions": list(self.unknown_versions),
            "units": dict(self.units),
        }
        if self.elsewhere:  # only with an import: every other report stays as it was
            data["elsewhere"] = {"files": self.elsewhere, "analysers": list(self.elsewhere_by)}
        return data


def source_state(source: EvidenceSource, scanners: Iterable[ScannerResult]) -> SourceState:
    ran = {s.scanner: s for s in scanners}
    problems: list[str] = []
    briefs: list[str] = []
    kind = SourceStateKind.COMPLETE
    for name in source.scanners:
        outcome = ran.get(name)
        if outcome is None:
            problems.append(f"{name} was not run")
            briefs.append(f"{name} was not run")
            kind = _worst(kind, SourceStateKind.NOT_RUN)
        elif outcome.errors:
            problems.append(f"{name} failed: {outcome.errors[0]}")
            briefs.append(f"{name} failed")
            kind = _worst(kind, SourceStateKind.FAILED)
        elif outcome.skipped:
            first = outcome.skipped[0]
            problems.append(f"{name} could not scan {len(outcome.skipped)} file(s), e.g. {first.path} ({first.reason})")
            briefs.append(f"{name} could not scan {len(outcome.skipped)} file(s)")
            kind = _worst(kind, SourceStateKind.INCOMPLETE)
    versions = tuple((name, ran[name].version) for name in source.scanners if name in ran)
    if problems:
        detail = "; ".join(problems)
    else:
        # File counts show how much there was to look at: a clean run over no files is vacuous.
        detail = ", ".join(f"{name} {ran[name].version} ({len(ran[name].scanned)} files)" for name, _ in versions)
        detail += " ran completely"
    return SourceState(source, kind, detail, versions, "; ".join(briefs))


def _worst(a: SourceStateKind, b: SourceStateKind) -> SourceStateKind:
    order = (SourceStateKind.COMPLETE, SourceStateKind.INCOMPLETE, SourceStateKind.FAILED, SourceStateKind.NOT_RUN)
    return max(a, b, key=order.index)


_UNIT_KINDS = {"Terraform resources": ("terraform",)}
"""Which file kinds a counted unit belongs to: a control that examines no Terraform does not count them."""


class Examiner:
    """What each evidence source examined, by the selectors a control asks for (memoised: every
    control of a framework asks the same few questions)."""

    def __init__(self, result: ScanResult) -> None:
        self.result = result
        self.ran = {s.scanner: s for s in result.scanners}
        self.memo: dict[tuple[str, tuple[str, ...]], Examined] = {}

    def __call__(self, source: EvidenceSource, selectors: tuple[str, ...]) -> Examined:
        key = (source.id, selectors)
        if key not in self.memo:
            self.memo[key] = self._examine(source, selectors)
        return self.memo[key]

    def _examine(self, source: EvidenceSource, selectors: tuple[str, ...]) -> Examined:
        outcomes = [self.ran[name] for name in source.scanners if name in self.ran]
        if ANY in selectors:
            files = len({path for outcome in outcomes for path in outcome.scanned})
            return Examined(source.id, selectors, files)
        kinds = self.result.coverage.matching(selectors)
        files = sum(k.analysed for k in kinds if set(k.analysers) & set(source.scanners))
        not_covered = tuple(path for k in kinds for path in k.not_covered)
        components: int | None = None
        unknown: tuple[str, ...] = ()
        if DEPENDENCIES in selectors:
            inventory = [c for outcome in outcomes for c in outcome.inventory]
            components = len(inventory)
            if source.id == "dependencies":
                unknown = tuple(f"{c.name} ({c.path})" for c in inventory if c.version is None)
        # Counted units (Terraform resources) go with the kinds their scanner analyses.
        units = tuple(u for o in outcomes for u in o.units if any(k.kind in _UNIT_KINDS.get(u[0], ()) for k in kinds))
        # Kinds only other scanners analysed (an imported SARIF run names Java files): said, not hidden.
        outside = [k for k in kinds if k.analysed and not set(k.analysers) & set(source.scanners)]
        by = tuple(sorted({name for k in outside for name in k.analysers}))
        return Examined(
            source.id,
            selectors,
            files,
            not_covered,
            coverage_summary(kinds),
            components,
            unknown,
            units,
            sum(k.analysed for k in outside),
            by,
        )
