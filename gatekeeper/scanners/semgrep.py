"""semgrep with the bundled rule pack and the policy's own (rules.packs), fully offline."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, Callable, Mapping, Sequence

from gatekeeper.autofix import AUTOFIX, narrow
from gatekeeper.filekinds import classify
from gatekeeper.findings import Confidence, Finding, Location, Severity
from gatekeeper.rulepack import LEVEL_SEVERITY, RulePack
from gatekeeper.scanners import dockerfile, hcl_labels
from gatekeeper.scanners.base import (
    TIMEOUT_OPTION,
    ScanContext,
    Scanner,
    ScannerFailure,
    ScannerResult,
    SkippedFile,
    relative_path,
)
from gatekeeper.scanners.tools import argument_batches, executable_identity, find_executable, last_line, run_tool

MERGED_CONFIG = "gatekeeper-rules.yaml"
# semgrep's exit codes that still come with a complete JSON report (0 clean, 1 findings).
_OK_EXIT_CODES = (0, 1)
# semgrep ships two front ends to one engine (semgrep-core): the native osemgrep, which starts in
# about 0.3 s, and the Python one, which takes about 3 s to start and validate the pack. osemgrep
# still sits behind `--experimental`; tests/scanners/test_semgrep.py checks, on every labelled rule
# test file, that the two report the same findings, so an upgrade that makes them differ fails CI.
CLI_FLAGS = {"osemgrep": ("--experimental",), "pysemgrep": ()}
DEFAULT_CLI = "osemgrep"
# A larger OCaml minor heap (512k words, 4 MB; the default is 256k): 5% less CPU for semgrep on a
# large tree (Django 5.1.4: 73 -> 69 s) for about 4 MB more memory, the same on one file. (1M
# words saves 10% for 14 MB, too much of the memory budget.) A user's own OCAMLRUNPARAM wins.
SCAN_GC_SETTINGS = "s=512k"


def semgrep_environment(workdir: Path) -> dict[str, str]:
    """Offline and self-contained: no version check, no metrics, nothing written to ~."""
    env = dict(os.environ)
    env.update(
        SEMGREP_ENABLE_VERSION_CHECK="0",
        SEMGREP_SEND_METRICS="off",
        SEMGREP_SETTINGS_FILE=str(workdir / "settings.yml"),
        SEMGREP_LOG_FILE=str(workdir / "semgrep.log"),
        XDG_CACHE_HOME=str(workdir / "cache"),
        XDG_CONFIG_HOME=str(workdir / "config"),
    )
    return env


class SemgrepScanner(Scanner):
    name = "semgrep"
    description = "SAST and configuration: the bundled semgrep rules and your rules.packs"
    options = MappingProxyType(
        {
            "timeout": TIMEOUT_OPTION,
            "rule_timeout": {"type": "integer", "minimum": 1},
            "cli": {
                "enum": sorted(CLI_FLAGS),
                "x-expected": "osemgrep (the native front end, the default) or pysemgrep",
            },
        }
    )

    @classmethod
    def create(cls, rules: RulePack) -> SemgrepScanner:
        return cls(rules)

    def __init__(self, rules: RulePack) -> None:
        self.rules = rules

    def version(self) -> str:
        executable = find_executable("semgrep")
        with tempfile.TemporaryDirectory(prefix="gatekeeper-semgrep-") as workdir:
            proc = run_tool(
                self.name,
                [executable, *CLI_FLAGS[DEFAULT_CLI], "--version"],
                timeout=60,
                env=semgrep_environment(Path(workdir)),
                workdir=Path(workdir),
            )
        if proc.returncode != 0:
            raise ScannerFailure(f"semgrep --version failed: {last_line(proc.stderr)}")
        return last_line(proc.stdout)

    def handles(self, path: str) -> bool:
        return self.rules.semgrep_handles(path)

    def analysed_kinds(self) -> frozenset[str]:
        return self.rules.analysed_kinds

    def cache_identity(self, options: Mapping[str, Any], root: Path) -> Any | None:
        # semgrep OSS taint analysis is intra-file, so a file's findings depend on that file alone.
        return executable_identity("semgrep")

    def scan(self, context: ScanContext, files: Sequence[str]) -> ScannerResult:
        started = time.monotonic()
        if not files:
            return ScannerResult(self.name, self.version())
        executable = find_executable("semgrep")
        # A chart's templates are never read raw: the render scanner checks what they render to.
        charts = [path for path in files if _in_helm_chart(context.root, path)]
        files = [path for path in files if path not in charts]
        if not files:
            return ScannerResult(
                self.name, self.version(), not_applicable=tuple(SkippedFile(p, _CHART) for p in charts)
            )
        targets, aliases = _alias_unrecognised_names(files, context.workdir, context.root)
        reports = [
            _restore_paths(self._run(executable, batch, context), aliases) for batch in argument_batches(targets)
        ]
        errors: list[str] = []
        skipped: list[SkippedFile] = []
        findings: list[Finding] = []
        scanned: list[str] = []
        for report in reports:
            batch_errors, batch_skipped = _classify_errors(
                report.get("errors", []), context.root, self._place, self._rule_source
            )
            errors += batch_errors
            skipped += batch_skipped
            findings += [self._finding(r, context.root) for r in report.get("results", [])]
            scanned += [relative_path(p, context.root) for p in report.get("paths", {}).get("scanned", [])]
        templates = [s for s in skipped if _is_template(context.root / s.path)]
        skipped = [s for s in skipped if s not in templates]
        # scanned, skipped and not applicable share out the files handed over: a file semgrep
        # silently passed over (too large, no parser took it) is lost coverage, not a clean file.
        lost = {s.path for s in skipped} | {s.path for s in templates}
        reported = set(scanned) - lost
        scanned = [path for path in files if path in reported]
        accounted = set(scanned) | lost
        skipped += [SkippedFile(path, _unscanned_reason(context, path)) for path in files if path not in accounted]
        return ScannerResult(
            scanner=self.name,
            version=str(reports[0].get("version") or self.version()),
            findings=tuple(findings),
            errors=tuple(errors),
            scanned=tuple(sorted(scanned)),
            skipped=tuple(sorted(skipped, key=lambda s: s.path)),
            not_applicable=tuple(
                sorted(
                    [
                        SkippedFile(s.path, "template source (e.g. Helm): scan the rendered output instead")
                        for s in templates
                    ]
                    + [SkippedFile(path, _CHART) for path in charts],
                    key=lambda s: s.path,
                )
            ),
            duration=time.monotonic() - started,
        )

    def _run(self, executable: str, files: Sequence[str], context: ScanContext) -> dict[str, Any]:
        # The whole pack in one config file, in one process: semgrep starts and validates it once.
        config = context.workdir / MERGED_CONFIG
        if not config.exists():
            config.write_text(self.rules.merged_config, encoding="utf-8")
        argv = [
            executable,
            "scan",
            *CLI_FLAGS[str(context.options.get("cli", DEFAULT_CLI))],
            "--config",
            str(config),
            "--json",
            "--quiet",
            "--metrics=off",
            "--disable-version-check",
            "--no-git-ignore",
            # `# nosemgrep` is honoured by gatekeeper's policy stage, which lists every suppression
            # in the reports (gatekeeper/policy/suppressions.py); semgrep would drop them silently.
            "--disable-nosem",
            "--jobs",
            str(max(1, context.jobs)),
            "--timeout",
            str(int(context.options.get("rule_timeout", 30))),
            # After this many rules time out on one file semgrep skips the file's other rules; every
            # timeout is lost coverage either way (_classify_errors), this only bounds the wait.
            "--timeout-threshold",
            "3",
            # semgrep passes over files above 1 MB by default, below paths.max_file_bytes (5 MB):
            # it reads every file discovery kept (0: no limit of its own).
            "--max-target-bytes",
            str(context.max_file_bytes or 0),
            "--",
            *files,
        ]
        env = {"OCAMLRUNPARAM": SCAN_GC_SETTINGS, **semgrep_environment(context.workdir)}
        proc = run_tool(self.name, argv, timeout=context.timeout, env=env, cwd=context.root, workdir=context.workdir)
        report = _parse_report(proc.stdout, proc.returncode, proc.stderr)
        if proc.returncode not in _OK_EXIT_CODES and not report.get("errors"):
            raise ScannerFailure(f"semgrep exited with code {proc.returncode}: {last_line(proc.stderr)}")
        return report

    def _place(self, file: str, line: int) -> str:
        """Where a rule error is: in the merged pack, the rule and the file it comes from."""
        if Path(file).name != MERGED_CONFIG:
            return f"{file}:{line}"
        rule = self.rules.rule_at_line(line)
        return self._rule_source(rule) if rule in self.rules.rule_sources else f"rule pack line {line}"

    def _rule_source(self, rule: str | None) -> str:
        """The file a rule comes from (osemgrep names the rule of an error, not a line)."""
        rule = self.rules.normalise_rule_id(rule or "")
        source = self.rules.rule_sources.get(rule)
        return f"{source}: rule {rule}" if source else f"rule {rule}"

    def _finding(self, result: dict[str, Any], root: Path) -> Finding:
        rule_id = self.rules.normalise_rule_id(result["check_id"])
        extra = result.get("extra", {})
        meta = extra.get("metadata", {}) or {}
        start, end = result.get("start", {}), result.get("end", {})
        severity_text = meta.get("severity")
        severity = (
            Severity.parse(severity_text)
            if severity_text
            else LEVEL_SEVERITY.get(extra.get("severity", ""), Severity.MEDIUM)
        )
        return Finding(
            rule_id=rule_id,
            title=str(meta.get("title") or rule_id),
            message=" ".join(str(extra.get("message", "")).split()),
            severity=severity,
            confidence=Confidence.parse(meta.get("confidence")),
            location=Location(
                path=result["path"],
                start_line=int(start.get("line", 1)),
                start_column=int(start.get("col", 1)),
                end_line=int(end.get("line", 0)),
                end_column=int(end.get("col", 0)),
            ),
            scanners=(self.name,),
            source_rules=((self.name, rule_id),),
            cwe=tuple(_as_list(meta.get("cwe"))),
            owasp=tuple(_as_list(meta.get("owasp"))),
            remediation=" ".join(str(meta.get("remediation", "")).split()),
            references=tuple(_as_list(meta.get("references"))),
            properties=_properties(meta, _autofix(root / result["path"], extra, start, end)),
        )


def _properties(meta: dict[str, Any], fix: dict[str, Any] | None) -> tuple[tuple[str, Any], ...]:
    """What dedup needs of the rule's metadata (gatekeeper/dedup.py): the bandit tests it duplicates,
    whether its severity was judged in context; and the match's mechanical fix."""
    properties: dict[str, Any] = {}
    if meta.get("bandit"):
        properties["same_as"] = tuple(_as_list(meta.get("bandit")))  # dedup.SAME_AS
    if meta.get("severity-in-context") is True:
        properties["severity_in_context"] = True  # dedup.CONTEXT_SEVERITY
    if fix is not None:
        properties[AUTOFIX] = fix
    return tuple(sorted(properties.items()))


def _autofix(path: Path, extra: dict[str, Any], start: dict[str, Any], end: dict[str, Any]) -> dict[str, Any] | None:
    """The rule's rendered `fix:` for this match, narrowed to the bytes it changes (so it holds no
    text of the file but the change: a secret elsewhere in the match is never part of it)."""
    fix, first, last = extra.get("fix"), start.get("offset"), end.get("offset")
    if not isinstance(fix, str) or not isinstance(first, int) or not isinstance(last, int):
        return None
    try:
        with path.open("rb") as handle:
            handle.seek(first)
            original = handle.read(last - first)
    except OSError:
        return None
    return narrow(original, fix.encode("utf-8"), first)


def _unscanned_reason(context: ScanContext, path: str) -> str:
    """Why semgrep passed over a file it was handed without a word."""
    try:
        size = (context.root / path).stat().st_size
    except OSError:
        size = 0
    if context.max_file_bytes and size > context.max_file_bytes:
        return (
            f"semgrep: not scanned: larger than its --max-target-bytes limit, paths.max_file_bytes "
            f"({size:,} bytes > {context.max_file_bytes:,})"
        )
    return "semgrep: not scanned (no parser recognised the file)"


def _parse_report(stdout: str, returncode: int, stderr: str) -> dict[str, Any]:
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        raise ScannerFailure(
            f"semgrep exited with code {returncode} without a JSON report: {last_line(stderr or stdout)}"
        ) from None
    if not isinstance(report, dict) or not isinstance(report.get("results"), list):
        raise ScannerFailure(f"semgrep exited with code {returncode} with an unexpected report shape")
    return report


def _classify_errors(
    raw: list[dict[str, Any]], root: Path, place: Callable[[str, int], str], rule_source: Callable[[str], str]
) -> tuple[list[str], list[SkippedFile]]:
    """A file-level error is lost coverage for that file; anything else fails the scanner."""
    errors: list[str] = []
    skipped: list[SkippedFile] = []
    timed_out: dict[str, list[str]] = {}
    for error in raw:
        kind = error.get("type")
        kind = kind[0] if isinstance(kind, list) and kind else str(kind or "error")
        text = error.get("message") or ": ".join(filter(None, (error.get("short_msg"), error.get("long_msg"))))
        message = " ".join(str(text).split())[:300]
        spans = error.get("spans") or []
        if spans and not error.get("path") and spans[0].get("file"):
            message = f"{place(spans[0]['file'], int(spans[0].get('start', {}).get('line', 0)))}: {message}"
        elif error.get("rule_id") and not error.get("path"):
            message = f"{rule_source(str(error['rule_id']))}: {message}"
        if error.get("path"):
            path = relative_path(error["path"], root)
            if kind == "Timeout" and error.get("rule_id"):
                timed_out.setdefault(path, []).append(rule_source(str(error["rule_id"])))
                continue
            if kind == "PartialParsing" and dockerfile.is_dockerfile(path):
                message = _dockerfile_cause(root, path, spans) or message
            skipped.append(SkippedFile(path, f"semgrep: {kind}: {message}"))
        else:
            errors.append(f"semgrep: {kind}: {message}")
    # A rule over its time limit loses that rule's findings in the file: the file is lost coverage,
    # named with every rule that ran out of time there, so the slow rule can be found and fixed.
    for path, rules in timed_out.items():
        skipped.append(
            SkippedFile(
                path,
                f"semgrep: Timeout: {path}: {'; '.join(sorted(set(rules)))} ran over the "
                "per-rule time limit (scanners.semgrep.rule_timeout) on this file",
            )
        )
    # One file can fail several rules; keep one entry per file.
    unique = {s.path: s for s in reversed(skipped)}
    return errors, list(unique.values())


def _alias_unrecognised_names(files: Sequence[str], workdir: Path, root: Path) -> tuple[list[str], dict[str, str]]:
    """Hand semgrep a `N.Dockerfile` copy of a `Dockerfile.prod`, so the file is scanned, not skipped,
    and of a Dockerfile in a legacy syntax its parser stops at, normalised line for line
    (gatekeeper/scanners/dockerfile.py; Dockerfiles are small). A symbolic link (to a file in the
    tree: targets.py keeps no other) is handed over as a copy too: semgrep refuses a link given as
    a target, and fails the whole run over it."""
    targets: list[str] = []
    aliases: dict[str, str] = {}
    for path in files:
        normalised = _normalised_dockerfile(root / path) if dockerfile.is_dockerfile(path) else None
        # A .tf file with bare block labels: the same copy, labels quoted (scanners/hcl_labels.py).
        terraform = _normalised(root / path, hcl_labels.normalise) if path.endswith(".tf") else None
        if normalised is not None or dockerfile.is_dockerfile(path, dockerfile.OTHER_NAMES):
            alias = workdir / "aliases" / f"{len(aliases)}.Dockerfile"
        elif terraform is not None:
            alias, normalised = workdir / "aliases" / str(len(aliases)) / PurePosixPath(path).name, terraform
        elif (root / path).is_symlink():
            alias = workdir / "aliases" / str(len(aliases)) / PurePosixPath(path).name
        else:
            targets.append(path)
            continue
        alias.parent.mkdir(parents=True, exist_ok=True)
        if normalised is None:
            shutil.copyfile(root / path, alias)
        else:
            alias.write_bytes(normalised)
        aliases[str(alias)] = path
        targets.append(str(alias))
    return targets, aliases


def _normalised_dockerfile(path: Path) -> bytes | None:
    return _normalised(path, dockerfile.normalise)


def _normalised(path: Path, normalise: Callable[[str], str | None]) -> bytes | None:
    try:
        text = path.read_bytes().decode("utf-8", errors="surrogateescape")
    except OSError:
        return None  # semgrep reports the unreadable file itself
    normalised = normalise(text)
    return None if normalised is None else normalised.encode("utf-8", errors="surrogateescape")


def _dockerfile_cause(root: Path, path: str, spans: list[dict[str, Any]]) -> str | None:
    """What semgrep's PartialParsing in a Dockerfile really means: the line and the instruction it
    could not read (its own message quotes text from there on, or blames a word of it)."""
    if not spans:
        return None
    start, end = (int(spans[0].get(key, {}).get("line", 0)) for key in ("start", "end"))
    try:
        keyword = dockerfile.instruction_at((root / path).read_text(encoding="utf-8", errors="replace"), start)
    except OSError:
        keyword = ""
    what = f"the {keyword} instruction" if keyword else "the instruction"
    lost = f"line {start}" if end <= start else f"lines {start}-{end}"
    return f"{path}:{start}: semgrep's Dockerfile parser cannot read {what} there, so {lost} went unanalysed"


def _restore_paths(report: dict[str, Any], aliases: dict[str, str]) -> dict[str, Any]:
    if aliases:
        for item in (*report.get("results", []), *report.get("errors", [])):
            if item.get("path") in aliases:
                item["path"] = aliases[item["path"]]
        paths = report.get("paths", {})
        paths["scanned"] = [aliases.get(p, p) for p in paths.get("scanned", [])]
    return report


_CHART = "Helm chart file: checked in its rendered manifests (the render scanner)"


def _in_helm_chart(root: Path, path: str) -> bool:
    pure = PurePosixPath(path)
    if "templates" not in pure.parts[:-1] and not pure.name.startswith("values"):
        return False  # the cheap test first: only these can be a chart's (filekinds reads the tree)
    kind = classify(root, path)
    return kind is not None and kind.id == "helm"


def _is_template(path: Path) -> bool:
    """YAML with Go-template directives (an unrendered Helm chart) is not YAML until rendered."""
    if path.suffix not in (".yaml", ".yml"):
        return False
    try:
        return "{{" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]
