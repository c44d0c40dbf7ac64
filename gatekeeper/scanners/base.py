"""The small interface every scanner implements, and the result it hands back."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from gatekeeper.findings import Finding

if TYPE_CHECKING:
    from gatekeeper.rulepack import RulePack


@dataclass(frozen=True)
class SkippedFile:
    """A file a scanner should have covered but did not, and why: lost coverage is evidence too."""

    path: str
    reason: str


@dataclass(frozen=True)
class ScanContext:
    """What a scanner needs to know about one scan; it never sees policy or controls."""

    root: Path
    files: tuple[str, ...]
    """Candidate files (POSIX paths relative to `root`); each scanner picks those it handles."""
    rules_dir: Path
    workdir: Path
    """A private, empty directory for the scanner's state (settings, logs, temporary output)."""
    timeout: float
    jobs: int = 1
    options: Mapping[str, Any] = field(default_factory=dict)
    max_file_bytes: int | None = None
    """The policy's `paths.max_file_bytes`: no larger file reaches a scanner (targets.py), so a tool
    with a lower size limit of its own is given this one; None: no limit beyond discovery's."""
    scope: tuple[str, ...] = ()
    """Every file in the scan's scope, handled or not: a scanner that reads no file of the tree
    itself (the SARIF importer) claims, and reports findings in, only these."""
    named_files: bool = False
    """Whether the scope is files the user named (or staged) rather than a tree: a file outside it
    then need not exist in the root (a `--staged` tree holds the staged files only)."""


@dataclass(frozen=True)
class Component:
    """A third-party package the scan found declared (the inventory PCI DSS 6.3.2 asks for)."""

    name: str
    version: str | None
    """The exact version pinned; None when the manifest does not pin one."""
    purl: str
    path: str
    """The manifest that declares it (POSIX, relative to the scan root)."""
    line: int
    group: str = ""
    """Where in the manifest: "" for main dependencies, else e.g. `optional:socks`, `dev`."""
    depends_on: tuple[str, ...] = ()
    """The purls of the components this one requires, where the lock file records it (the SBOM's graph)."""
    unpinned_reason: str = ""
    """Why it has no version (e.g. a Maven version that needs a parent POM not in the tree)."""


@dataclass(frozen=True, order=True)
class ClearedSink:
    """A sink request data reaches only through a sanitiser, as the taint scanner found it: other
    scanners' findings of its class (`metadata.category`) there are not confirmed (corroboration.py).
    `sanitiser` as the call names it, `defined` where the project defines it (`app/checks.py:12`;
    "" for a library function), `declared` when `scanners.taint.sanitizers` names it."""

    path: str
    start_line: int
    end_line: int
    category: str
    sanitiser: str
    defined: str
    declared: bool


@dataclass(frozen=True)
class ScannerResult:
    scanner: str
    version: str
    findings: tuple[Finding, ...] = ()
    errors: tuple[str, ...] = ()
    scanned: tuple[str, ...] = ()
    skipped: tuple[SkippedFile, ...] = ()
    duration: float = 0.0
    inventory: tuple[Component, ...] = ()
    """Components found (dependency scanners), so an SBOM is a pure function of the result."""
    provenance: tuple[tuple[str, str], ...] = ()
    """The data the findings rest on, e.g. the advisory database's date and digest (evidence)."""
    units: tuple[tuple[str, int], ...] = ()
    """What else it examined, counted: `("Terraform resources", 12)` (evidence beside the files)."""
    not_applicable: tuple[SkippedFile, ...] = ()
    """Files handed over that the scanner deliberately does not read (binary formats, lock files),
    with the reason: coverage by design, recorded so that nothing is left out silently."""
    cleared: tuple[ClearedSink, ...] = ()
    """Sinks found reached by request data only through a sanitiser (the taint scanner's)."""
    sensitive: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    """Raw secret and card-number values found. Never serialised: the engine scrubs them from every
    finding (gatekeeper.redact) and drops them before the result leaves the engine."""

    @property
    def complete(self) -> bool:
        return not self.errors and not self.skipped

    def to_dict(self) -> dict[str, Any]:
        """Everything but the findings (which the JSON report keeps apart) and the raw secrets."""
        return {
            "name": self.scanner,
            "version": self.version,
            "status": self.status,
            "errors": list(self.errors),
            "files_scanned": len(self.scanned),
            "scanned": list(self.scanned),
            "skipped": [asdict(s) for s in self.skipped],
            # Handed over but deliberately not read (binary files, unrendered templates).
            "not_applicable": [asdict(s) for s in self.not_applicable],
            # The data the findings rest on, e.g. the advisory database's date, digest and age.
            "provenance": dict(self.provenance),
            # What else it examined, counted (e.g. Terraform resources), beside the files.
            "units": dict(self.units),
            # The components found (the SBOM's content), so `gatekeeper report` can render one.
            "inventory": [asdict(c) for c in self.inventory],
            # Sinks request data reaches only through a sanitiser: why findings there do not block.
            **({"cleared": [asdict(c) for c in self.cleared]} if self.cleared else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScannerResult:
        return cls(
            scanner=data["name"],
            version=data["version"],
            errors=tuple(data["errors"]),
            scanned=tuple(data["scanned"]),
            skipped=tuple(SkippedFile(**s) for s in data["skipped"]),
            not_applicable=tuple(SkippedFile(**s) for s in data.get("not_applicable", ())),
            inventory=tuple(
                Component(**{**c, "depends_on": tuple(c.get("depends_on", ()))}) for c in data.get("inventory", ())
            ),
            provenance=tuple((str(k), str(v)) for k, v in data.get("provenance", {}).items()),
            units=tuple((str(k), int(v)) for k, v in data.get("units", {}).items()),
            cleared=tuple(ClearedSink(**c) for c in data.get("cleared", ())),
        )

    @property
    def status(self) -> str:
        """As reports show it: `error` (the scanner failed), `partial` (files lost), else `ok`."""
        return "error" if self.errors else "partial" if self.skipped else "ok"


class ScannerFailure(Exception):
    """The scanner as a whole failed (missing, killed, timed out, unreadable output)."""


TIMEOUT_OPTION: Mapping[str, Any] = {"type": "number", "minimum": 1, "x-expected": "a number of seconds (at least 1)"}
"""The schema of `scanners.<name>.timeout`, for a scanner that runs a tool the engine may time out."""


class Scanner(ABC):
    """One scanner. Its class declares everything the rest of gatekeeper derives from the registry
    (gatekeeper/scanners/registry.py): the config schema, `--scanner`, `init`'s starter file, the
    scanners an evidence source may name, the SBOM's inventory."""

    name: str
    """Stable identifier used in reports, config and `--scanner`."""

    description: str = ""
    """One line for `init`'s starter file and `--scanner`'s help: what it analyses."""

    options: Mapping[str, Any] = MappingProxyType({})
    """JSON-schema properties of its `scanners.<name>:` options, besides `enabled` (the registry
    builds the config schema's fragment from them; the engine hands the values in ScanContext)."""

    inventory: bool = False
    """Whether its results carry an inventory of components (ScannerResult.inventory), which the
    CycloneDX SBOM lists and whose advisories it attaches."""

    @classmethod
    def create(cls, rules: RulePack) -> Scanner:
        """The scanner for one scan, from the scan's rule pack (most need nothing from it)."""
        return cls()

    per_file: bool = True
    """Whether a finding in a file depends only on that file (then results are cached per file)."""

    distinct_from: frozenset[str] = frozenset()
    """Scanners whose findings this one's never duplicate by CWE alone: the other half of one set of
    checks (the terraform scanner's complement the semgrep Terraform rules), so two findings on one
    resource block are two weaknesses even when they share a CWE. `same_as` metadata still merges."""

    leads_over: frozenset[str] = frozenset()
    """Scanners whose findings this one's lead when dedup merges them (its rule id, title and fix are
    shown): the secrets scanner names the kind of credential that bandit calls a "password string"."""

    kinds: frozenset[str] = frozenset()
    """The file kinds (gatekeeper/filekinds.py) this scanner analyses as code, dependency or
    configuration evidence: coverage accounting counts a file as covered only when a scanner that
    analyses its kind reported it scanned."""

    def analysed_kinds(self) -> frozenset[str]:
        return self.kinds

    text_only: bool = False
    """Whether it reads text only (binary content is not applicable to it): a binary file left out
    for its size is then no coverage it lost. A code scanner is handed binary content in a file
    it handles and must account for it, so a NUL byte cannot take code out of the gate."""

    reports_sensitive: bool = False
    """Whether its results may carry raw secret values (`ScannerResult.sensitive`), which redact every
    other scanner's text too: findings streamed as the scan runs (gatekeeper/events) wait for it."""

    reads_minified: bool = False
    """Whether it reads minified or generated text (a line over targets.MINIFIED_LINE): line-wise
    patterns do (secrets in a bundle or a generated SVG are real); parsers of code do not, and lose
    that coverage (engine._lost_by_content)."""

    shard_whole: bool = False
    """Whether a finding in one file may depend on files anywhere in the tree (taint through imports,
    a requirements include): under `scan --shard` it then reads every file it handles on every
    shard, and each shard keeps the part of its result on its own files (gatekeeper/shard.py)."""

    def shard_groups(self, root: Path, files: Sequence[str]) -> list[Sequence[str]]:
        """Files (of those it handles) that must land on one shard together, such as a Terraform
        module's directory; every other file may land on any shard by itself."""
        return []

    def idle(self, options: Mapping[str, Any]) -> str:
        """Why these options give it nothing to do ("" when they do): an idle scanner is not run,
        since its run would be evidence of nothing (the SARIF importer with no file to import).
        A selection of idle scanners only is an error, with this reason."""
        return ""

    def cache_identity(self, options: Mapping[str, Any], root: Path) -> Any | None:
        """What, besides gatekeeper's code, the rules and the files, decides this scanner's results
        (its tool and version, its data); None means its results are never reused."""
        return None

    def inputs(self, root: Path, files: Sequence[str]) -> list[str]:
        """Every file (relative to `root`) whose content decides the result of scanning `files`;
        a whole-scanner cache entry is keyed by all of them."""
        return list(files)

    def annotate(self, result: ScannerResult, now: datetime) -> ScannerResult:
        """The result (fresh or reused from the cache) with what depends on the time of this scan."""
        return result

    @abstractmethod
    def version(self) -> str:
        """The tool's version; raises ScannerFailure when the tool is unavailable."""

    @abstractmethod
    def handles(self, path: str) -> bool:
        """Whether this scanner can say anything about the file at `path`."""

    @abstractmethod
    def scan(self, context: ScanContext, files: Sequence[str]) -> ScannerResult:
        """Scan `files` (those of `context.files` it handles); raises ScannerFailure on failure."""


def by_directory(files: Sequence[str]) -> list[Sequence[str]]:
    """`files` grouped by their directory (a Terraform module, a manifest beside its lock file)."""
    groups: dict[str, list[str]] = {}
    for path in files:
        groups.setdefault(path.rpartition("/")[0], []).append(path)
    return list(groups.values())


def relative_path(path: str, root: Path) -> str:
    """A tool's path (absolute, or relative to `root` where we ran it) as POSIX relative to `root`."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            return candidate.as_posix()
    return candidate.as_posix().removeprefix("./")
