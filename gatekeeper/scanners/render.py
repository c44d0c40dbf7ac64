"""Helm charts and Kustomize overlays: rendered with their own tool, then checked with the
Kubernetes rules of the semgrep pack.

A chart's templates are Go templates over YAML: read as they are, no YAML rule sees what the
cluster will run, so they are never scanned raw. Where `helm` (for a chart: a directory with a
`Chart.yaml`) or `kustomize`/`kubectl` (for a `kustomization.yaml`) is on PATH, the scanner renders
the directory and hands the manifests to semgrep; each finding points at the file it came from
(the template a `# Source:` line names, or the kustomization) and at the template line that wrote
the flagged key. Where the tool is missing, the files are handed back as *not covered*, with the
reason (`helm not on PATH`), and coverage accounting counts them as files nothing here can analyse.
A render that fails is lost coverage for every file of the chart or overlay.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from gatekeeper import __version__
from gatekeeper.findings import Finding, Location
from gatekeeper.rulepack import RulePack
from gatekeeper.scanners.base import TIMEOUT_OPTION, ScanContext, Scanner, ScannerFailure, ScannerResult, SkippedFile
from gatekeeper.scanners.semgrep import SemgrepScanner
from gatekeeper.scanners.tools import find_executable, last_line, run_tool

KUSTOMIZATIONS = ("kustomization.yaml", "kustomization.yml", "Kustomization")
RULE_PREFIX = "k8s-"
_SOURCE = re.compile(r"^# Source: (\S.*?)\s*$")


@dataclass(frozen=True)
class Unit:
    """One thing to render: a chart or an overlay directory, and the files of it handed over."""

    kind: str
    """`helm` or `kustomize` (gatekeeper/filekinds.py)."""
    directory: PurePosixPath
    files: tuple[str, ...]


def _tool(kind: str) -> list[str] | None:
    """The command that renders a unit of `kind`, or None when no such tool is installed."""
    candidates = (
        (("helm", ["template", "gatekeeper"]),)
        if kind == "helm"
        else (("kustomize", ["build"]), ("kubectl", ["kustomize"]))
    )
    for name, arguments in candidates:
        try:
            return [find_executable(name), *arguments]
        except ScannerFailure:
            continue
    return None


def _missing(kind: str) -> str:
    return "helm not on PATH" if kind == "helm" else "neither kustomize nor kubectl on PATH"


class RenderScanner(Scanner):
    name = "render"
    description = "Helm charts and Kustomize overlays, rendered and checked with the Kubernetes rules"
    kinds = frozenset({"helm", "kustomize"})
    options = MappingProxyType({"timeout": TIMEOUT_OPTION})
    per_file = False  # a chart renders from all its files
    shard_whole = True  # an overlay reads its bases wherever they are

    def shard_groups(self, root: Path, files: Sequence[str]) -> list[Sequence[str]]:
        return [unit.files for unit in _units(root, files)]

    @classmethod
    def create(cls, rules: RulePack) -> RenderScanner:
        return cls(rules)

    def __init__(self, rules: RulePack) -> None:
        self.rules = rules

    def version(self) -> str:
        return __version__

    def analysed_kinds(self) -> frozenset[str]:
        """Only the kinds whose tool is installed: without it, nothing here can analyse a chart."""
        return frozenset(kind for kind in self.kinds if _tool(kind) is not None)

    def handles(self, path: str) -> bool:
        pure = PurePosixPath(path)
        return (
            pure.name == "Chart.yaml"
            or pure.name in KUSTOMIZATIONS
            or "templates" in pure.parts[:-1]
            or (pure.name.startswith("values") and pure.suffix in (".yaml", ".yml"))
        )

    def scan(self, context: ScanContext, files: Sequence[str]) -> ScannerResult:
        started = time.monotonic()
        findings: list[Finding] = []
        scanned: list[str] = []
        skipped: list[SkippedFile] = []
        not_covered: list[SkippedFile] = []
        for number, unit in enumerate(_units(context.root, files)):
            command = _tool(unit.kind)
            if command is None:
                reason = f"not covered: {_missing(unit.kind)}, so {unit.directory.as_posix() or '.'} was not rendered"
                not_covered += [SkippedFile(path, reason) for path in unit.files]
                continue
            remaining = context.timeout - (time.monotonic() - started)
            if remaining <= 0:
                raise ScannerFailure(f"render timed out after {context.timeout:g}s")
            rendered = _render(command, unit, context, remaining)
            if isinstance(rendered, str):
                skipped += [SkippedFile(path, rendered) for path in unit.files]
                continue
            found, lost = self._check(unit, rendered, context, number, started)
            findings += found
            skipped += lost
            lost_paths = {s.path for s in lost}
            scanned += [path for path in unit.files if path not in lost_paths]
        return ScannerResult(
            scanner=self.name,
            version=self.version(),
            findings=tuple(sorted(findings, key=lambda f: f.sort_key)),
            scanned=tuple(sorted(scanned)),
            skipped=tuple(sorted(skipped, key=lambda s: s.path)),
            not_applicable=tuple(sorted(not_covered, key=lambda s: s.path)),
            duration=time.monotonic() - started,
        )

    def _check(
        self, unit: Unit, rendered: dict[str, str], context: ScanContext, number: int, started: float
    ) -> tuple[list[Finding], list[SkippedFile]]:
        """The Kubernetes rules over one unit's manifests, each finding moved to its source."""
        out = context.workdir / f"rendered-{number}"
        out.mkdir(parents=True)
        sources: dict[str, str] = {}
        for index, (source, text) in enumerate(sorted(rendered.items())):
            name = f"{index}.yaml"
            (out / name).write_text(text, encoding="utf-8")
            sources[name] = source
        work = context.workdir / f"semgrep-{number}"
        work.mkdir()
        inner = ScanContext(
            root=out,
            files=tuple(sources),
            rules_dir=context.rules_dir,
            workdir=work,
            timeout=max(1.0, context.timeout - (time.monotonic() - started)),
            jobs=context.jobs,
        )
        result = SemgrepScanner(self.rules).scan(inner, list(sources))
        if result.errors:
            raise ScannerFailure(f"render: {result.errors[0]}")
        lost = [
            SkippedFile(sources[s.path], f"render: the rendered manifest is lost: {s.reason}") for s in result.skipped
        ]
        handed = set(unit.files)
        found = []
        for finding in result.findings:
            source = sources[finding.location.path]
            if finding.rule_id.startswith(RULE_PREFIX) and source in handed:
                found.append(_moved(finding, source, rendered[source], context.root, unit.kind))
        return found, lost


def _units(root: Path, files: Sequence[str]) -> list[Unit]:
    """Group the handed files by the chart (its outermost Chart.yaml) or overlay they belong to."""
    groups: dict[tuple[str, PurePosixPath], list[str]] = {}
    for path in files:
        pure = PurePosixPath(path)
        if pure.name in KUSTOMIZATIONS and (root / path).is_file():
            groups.setdefault(("kustomize", pure.parent), []).append(path)
            continue
        charts = [parent for parent in pure.parents if (root / parent / "Chart.yaml").is_file()]
        if charts:
            groups.setdefault(("helm", charts[-1]), []).append(path)
    return [Unit(kind, directory, tuple(sorted(paths))) for (kind, directory), paths in sorted(groups.items())]


def _render(command: list[str], unit: Unit, context: ScanContext, timeout: float) -> dict[str, str] | str:
    """{source file: its rendered manifests}, or why the unit could not be rendered."""
    target = str(context.root / unit.directory)
    home = context.workdir / "tool-home"
    env = {
        **os.environ,
        "HELM_CACHE_HOME": str(home / "cache"),
        "HELM_CONFIG_HOME": str(home / "config"),
        "HELM_DATA_HOME": str(home / "data"),
        "KUBECONFIG": str(home / "kubeconfig"),
    }
    tool = Path(command[0]).name
    proc = run_tool(tool, [*command, target], timeout=timeout, env=env, cwd=context.root, workdir=context.workdir)
    if proc.returncode != 0:
        # The tool's last line names the template and the problem; it may quote a value, so it is cut short.
        return f"render: {tool} exited with code {proc.returncode}: {last_line(proc.stderr)[:200]}"
    if unit.kind == "kustomize":
        return {unit.files[0]: proc.stdout}
    return _by_source(proc.stdout, unit.directory)


def _by_source(output: str, chart: PurePosixPath) -> dict[str, str]:
    """helm's output, split by the `# Source: <chart>/templates/x.yaml` line each document starts with."""
    rendered: dict[str, list[str]] = {}
    current: str | None = None
    for line in output.splitlines():
        match = _SOURCE.match(line)
        if match:
            inside = PurePosixPath(match.group(1)).parts[1:]  # helm names the chart, not its directory
            current = (chart / PurePosixPath(*inside)).as_posix() if inside else None
            rendered.setdefault(current or "", []).append("---")
            continue
        if current is not None:
            rendered[current].append(line)
    return {source: "\n".join(lines) + "\n" for source, lines in rendered.items() if source}


def _moved(finding: Finding, source: str, rendered: str, root: Path, kind: str) -> Finding:
    line = _source_line(rendered, finding.location.start_line, root / source)
    how = "helm template" if kind == "helm" else "kustomize build"
    return replace(
        finding,
        location=Location(path=source, start_line=line, end_line=line),
        message=f"{finding.message} (in the manifests {how} renders from this file)",
        scanners=("render",),
        source_rules=(("render", finding.rule_id),),
        snippet="",
    )


def _source_line(rendered: str, line: int, source: Path) -> int:
    """The line of the template that wrote rendered `line`: the same text, else the same key at the
    same occurrence, else the first line (a key the template does not spell out, e.g. from a helper)."""
    lines = rendered.splitlines()
    if not 0 < line <= len(lines):
        return 1
    try:
        template = source.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 1
    wanted = lines[line - 1].strip()
    for number, text in enumerate(template, start=1):
        if text.strip() == wanted:
            return number
    key = _key(wanted)
    if not key:
        return 1
    occurrence = sum(1 for text in lines[: line - 1] if _key(text.strip()) == key)
    matches = [number for number, text in enumerate(template, start=1) if _key(text.strip()) == key]
    return matches[min(occurrence, len(matches) - 1)] if matches else 1


def _key(text: str) -> str:
    match = re.match(r"^(?:-\s+)?([\w.-]+)\s*:", text)
    return match.group(1) if match else ""
