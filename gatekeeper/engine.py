"""run(request) -> ScanResult: discover targets, run the scanners concurrently, merge, fingerprint."""

from __future__ import annotations

import os
import subprocess
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol, Sequence

from gatekeeper import __version__, compliance, corroboration, testcode
from gatekeeper import policy as policy_stage
from gatekeeper import shard as shards
from gatekeeper.cache import ResultCache
from gatekeeper.config import PathRules, Policy
from gatekeeper.coverage import account, sibling_groups
from gatekeeper.dedup import Families, lead_order, load_families, merge_duplicates
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Finding, LineReader, assign_fingerprints
from gatekeeper.incremental import Merge, cached_scan
from gatekeeper.policy.baseline import Baseline
from gatekeeper.policy.diff import changed_lines
from gatekeeper.policy.staged import StagedTree
from gatekeeper.progress import Event, Progress, Stage
from gatekeeper.redact import Redactor
from gatekeeper.result import ChangeScope, ScanMetadata, ScanResult
from gatekeeper.rulepack import RulePack, UserPack, default_rules_dir
from gatekeeper.scanners import build_scanners
from gatekeeper.scanners.base import ScanContext, Scanner, ScannerFailure, ScannerResult, SkippedFile
from gatekeeper.scanners.tools import stop_running_tools
from gatekeeper.targets import Targets, discover, is_binary_content, is_minified, left_out_by_content

SNIPPET_MAX_LINES = 3
DEFAULT_TIMEOUT = 900.0


class ScanListener(Protocol):
    """Told of the scan as it runs (gatekeeper/events streams it to a SIEM): the scanners about to
    run, then each one's whole result (fresh and reused, disabled rules dropped) as it finishes,
    before dedup, redaction and the policy stage. Called from the scanners' threads."""

    def scan_started(self, scanners: Mapping[str, Scanner], targets: Targets) -> None: ...

    def scanner_finished(self, result: ScannerResult, handled: Sequence[str]) -> None: ...


@dataclass(frozen=True)
class ScanRequest:
    paths: tuple[Path, ...] = ()
    scanners: tuple[str, ...] | None = None
    """Names of the scanners to run; None runs them all."""
    timeout: float = DEFAULT_TIMEOUT
    """Seconds each scanner may take before it is killed (and the scan is incomplete), unless its
    own `timeout` option (config `scanners.<name>.timeout`) says otherwise."""
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    rules_dir: Path | None = None
    rule_packs: tuple[UserPack, ...] = ()
    """The policy's own semgrep rules (`rules.packs`), run with the bundled pack."""
    scanner_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    path_rules: PathRules = PathRules()
    """The configuration's include/exclude and .gitignore handling (gatekeeper/targets.py)."""
    root: Path | None = None
    """The scan root for explicitly named files (a --staged tree); default: derived from `paths`."""
    target_label: str | None = None
    """How reports name the target when `paths` are not what the user named (--staged)."""
    disabled_rules: frozenset[str] = frozenset()
    """Rule ids (ours or a scanner's own) whose findings are dropped before dedup."""
    policy: Policy = Policy()
    """Inline-suppression rules, scopes and waivers for the policy stage (gatekeeper/policy)."""
    baseline: Baseline | None = None
    diff_base: str | None = None
    """Report only findings on lines changed since the merge-base of HEAD and this ref."""
    today: date | None = None
    """The date waivers are judged on (default: today, UTC)."""
    cache_dir: Path | None = None
    """Where results are reused from (gatekeeper/incremental.py); None scans everything afresh."""
    outputs: tuple[Path, ...] = ()
    """The reports this run writes (-o): not scanned as the project's files (gatekeeper/targets.py)."""
    frameworks: tuple[Path, ...] = ()
    """Extra compliance framework directories (config `compliance.frameworks`), absolute."""
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(timezone.utc), compare=False)
    """The time of the scan: its timestamps, the advisory data's age and (unless `today`) the date
    waivers are judged on. The CLI fixes it from SOURCE_DATE_EPOCH, for reproducible reports."""
    shard: shards.Shard | None = None
    """`--shard K/N`: scan the K-th of N parts of the tree (gatekeeper/shard.py)."""
    staged: StagedTree | None = None
    """`--staged`: scan the staged content written to this tree (its `paths` and `root` are then
    the staged files and the tree); the result says so, and lists the staged entries not scanned."""


def run(request: ScanRequest, progress: Progress | None = None, listener: ScanListener | None = None) -> ScanResult:
    staged = request.staged
    if staged is not None:
        request = replace(
            request, paths=tuple(staged.root / f for f in staged.files) or (staged.root,), root=staged.root
        )
    notify = progress or (lambda _message: None)
    started = _iso(request.clock())
    cache = ResultCache(request.cache_dir) if request.cache_dir else None
    rules = RulePack(request.rules_dir or default_rules_dir(), cache, request.rule_packs)
    rules.check()
    # Loaded before scanning: a broken catalog or mapping fails the run at once, not after it.
    bundle = compliance.load(rules.root, request.frameworks)
    available = build_scanners(rules)
    scanners = _select(available, request.scanners, request.scanner_options)
    targets = full = discover(request.paths, request.path_rules, request.root, request.outputs)
    part: shards.ShardInfo | None = None
    if request.shard:
        targets, part = _shard_of(full, request.shard, scanners)
    # Before scanning: an unknown ref or a shallow clone fails at once, not after minutes of scanning.
    changed = changed_lines(targets.root, request.diff_base) if request.diff_base else None
    notify(Event(Stage.PLANNED, files=len(targets.files), scanners=tuple(scanners)))
    if listener is not None:
        listener.scan_started(scanners, targets)
    stage = _ScanStage(request, rules, bundle.mapping, scanners, targets, notify, listener, full)
    scanned = cached_scan(
        stage,
        cache,
        # A timeout decides whether a result exists, never what it is (failed results are not stored).
        salt=[rules.digest, {name: _without(request.scanner_options.get(name, {}), "timeout") for name in scanners}],
        options=request.scanner_options,
        # The mapping is part of what is reused: extra framework files are outside the rule pack digest.
        settings=(sorted(request.disabled_rules), list(scanners), bundle.digest, part and part.label),
    )
    outcomes, redactor, now = scanned.outcomes, scanned.redactor, stage.now
    today = request.today or now.date()
    # After dedup: a line two scanners reported is left out only when neither rule matters there.
    reported, test_code = testcode.apply(
        scanned.findings,
        request.path_rules.tests,
        testcode.production_only_rules(rules.root, rules.semgrep_rules),
        targets.files,
    )
    judged = policy_stage.apply(
        reported,
        # Waiver reasons, owners and tickets reach every report (WaiverState, `suppression`).
        redactor.policy(request.policy),
        LineReader(targets.root),
        today=today,
        baseline=request.baseline,
        changed=changed,
        scrub=redactor.scrub,
    )
    return ScanResult(
        metadata=ScanMetadata(
            gatekeeper_version=__version__,
            target=request.target_label or _display_target(request.paths),
            commit=_git_commit(targets.root),
            started_at=started,
            finished_at=_iso(request.clock()),
            rule_pack_digest=rules.digest,
            rule_packs=rules.attribution,
            root_in_repo=_git_prefix(targets.root),
        ),
        findings=judged.findings,
        outside_changes=judged.outside,
        scanners=tuple(redactor.outcome(replace(o, findings=())) for o in outcomes),
        files=targets.files,
        excluded=tuple(sorted(targets.excluded + (staged.skipped if staged else ()), key=lambda s: s.path)),
        waivers=judged.waivers,
        baseline=judged.baseline,
        changes=ChangeScope("staged", files=len(staged.files)) if staged else judged.changes,
        coverage=replace(account(targets.root, targets.files, outcomes, available), test_code=test_code),
        compliance=bundle,
        shard=replace(part, today=today.isoformat()) if part else None,
    )


class _ScanStage:
    """The scan stage that gatekeeper/incremental.py's `cached_scan` wraps: the scanners run in
    parallel on what must be scanned afresh, each result completed, then the findings finished."""

    def __init__(
        self,
        request: ScanRequest,
        rules: RulePack,
        mapping: compliance.Mapping,
        scanners: dict[str, Scanner],
        targets: Targets,
        notify: Progress,
        listener: ScanListener | None = None,
        full: Targets | None = None,
    ) -> None:
        self.request, self.rules, self.mapping, self.notify = request, rules, mapping, notify
        self.listener = listener
        self.scanners, self.targets, self.root = scanners, targets, targets.root
        # Under --shard, a scanner whose findings may rest on files anywhere reads the whole tree.
        self.full = full or targets
        self.handled = {name: _handled(s, self._targets_of(s)) for name, s in scanners.items()}
        self._now: datetime | None = None

    def _targets_of(self, scanner: Scanner) -> Targets:
        return self.full if scanner.shard_whole else self.targets

    @property
    def now(self) -> datetime:
        """The time the scanners finished (read by `complete`, which `cached_scan` always calls)."""
        if self._now is None:
            raise RuntimeError("the scan stage has not completed")
        return self._now

    def scan(self, todo: Mapping[str, list[str] | None], merge: Merge) -> dict[str, ScannerResult | None]:
        with (
            tempfile.TemporaryDirectory(prefix="gatekeeper-") as workdir,
            ThreadPoolExecutor(len(self.scanners)) as pool,
        ):
            futures = {
                name: pool.submit(
                    _run_one,
                    scanner,
                    self._targets_of(scanner),
                    self.handled[name],
                    todo[name],
                    self.request,
                    self.rules,
                    Path(workdir),
                    self.notify,
                )
                for name, scanner in self.scanners.items()
            }
            for name, future in futures.items():
                future.add_done_callback(partial(self._finished, name, merge))
            try:
                return {name: futures[name].result() for name in sorted(futures)}
            except BaseException:
                # Interrupted (Ctrl-C, SIGTERM): stop the scanners' processes, those a scanner starts
                # meanwhile included, rather than wait for them to finish.
                while not all(future.done() for future in futures.values()):
                    stop_running_tools()
                    wait(futures.values(), timeout=0.1)
                raise

    def _finished(self, name: str, merge: Merge, future: Future[ScannerResult | None]) -> None:
        if self.listener is None or future.cancelled() or future.exception() is not None:
            return
        result = merge(name, future.result())
        kept = tuple(f for f in result.findings if not _disabled(f, self.request.disabled_rules))
        self.listener.scanner_finished(replace(result, findings=kept), self.handled[name])

    def complete(self, merged: Mapping[str, ScannerResult]) -> list[ScannerResult]:
        now = self._now = self.request.clock()
        return [
            self.scanners[name].annotate(_lost_by_content(self._own(result), self.scanners[name], self.targets), now)
            for name, result in merged.items()
        ]

    def _own(self, result: ScannerResult) -> ScannerResult:
        """A whole-tree scanner's result kept to this shard's files (the result itself unsharded)."""
        part = self.request.shard
        if part is None or not self.scanners[result.scanner].shard_whole:
            return result
        return shards.restrict(result, frozenset(self.targets.files), frozenset(self.full.files), part.k == 1)

    def finish(self, outcomes: Sequence[ScannerResult], redactor: Redactor) -> list[Finding]:
        disabled = self.request.disabled_rules
        raw = [f for outcome in outcomes for f in outcome.findings if not _disabled(f, disabled)]
        # bandit's pattern-level findings that our taint rules did not confirm (gatekeeper/corroboration.py).
        semgrep_scanned = next((o.scanned for o in outcomes if o.scanner == "semgrep"), ())
        cleared = next((o.cleared for o in outcomes if o.scanner == "taint"), ())
        judge = corroboration.build(self.rules.root, self.rules.semgrep_rules, disabled, semgrep_scanned, cleared)
        distinct = [frozenset((name, other)) for name, s in self.scanners.items() for other in s.distinct_from]
        return _finalise(
            raw,
            self.root,
            lead_order({name: s.leads_over for name, s in self.scanners.items()}),
            self.mapping,
            redactor=redactor,
            judge=judge.judge,
            distinct=distinct,
            families=load_families(self.rules.root),
        )


def _shard_of(
    targets: Targets, part: shards.Shard, scanners: Mapping[str, Scanner]
) -> tuple[Targets, shards.ShardInfo]:
    """The shard's own files (and files left out) of the whole tree, and what its result records."""
    groups = [g for s in scanners.values() for g in s.shard_groups(targets.root, _handled(s, targets))]
    groups += sibling_groups(targets.root, targets.files)  # a manifest counts as read through its lock file
    mine = shards.plan(targets.root, targets.files, groups, part.n)[part.k - 1]
    info = shards.ShardInfo(
        part.k,
        part.n,
        shards.tree_digest(targets.files, (s.path for s in targets.excluded)),
        len(targets.files),
        tuple(sorted(name for name, s in scanners.items() if s.shard_whole)),
    )
    own = replace(
        targets,
        files=tuple(f for f in targets.files if f in mine),
        excluded=tuple(s for s in targets.excluded if shards.owner(s.path, part.n) == part.k),
    )
    return own, info


def _handled(scanner: Scanner, targets: Targets) -> list[str]:
    """The files `scanner` reads: those it handles, and minified ones too when it reads them."""
    minified = [s.path for s in targets.excluded if scanner.reads_minified and is_minified(s)]
    return sorted(path for path in (*targets.files, *minified) if scanner.handles(path))


def _lost_by_content(result: ScannerResult, scanner: Scanner, targets: Targets) -> ScannerResult:
    """A file left out for its size or a minified line is lost coverage for each scanner that would
    have read it, not a silent pass: otherwise one long comment line takes any code out of the
    gate. Files are left out deliberately with `paths.exclude` (policy, reviewed as such)."""
    lost = tuple(
        SkippedFile(s.path, f"not scanned: {s.reason}")
        for s in targets.excluded
        if left_out_by_content(s) and scanner.handles(s.path) and not _no_loss(scanner, s)
    )
    return replace(result, skipped=tuple(sorted(result.skipped + lost, key=lambda s: s.path))) if lost else result


def _no_loss(scanner: Scanner, excluded: SkippedFile) -> bool:
    """Whether a file left out for its content is no loss to `scanner`: it reads minified text
    itself, or reads text only and the file is binary."""
    return (scanner.reads_minified and is_minified(excluded)) or (scanner.text_only and is_binary_content(excluded))


def _without(options: Mapping[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in options.items() if k != key}


def _disabled(finding: Finding, disabled: frozenset[str]) -> bool:
    return bool(disabled) and (finding.rule_id in disabled or any(rule in disabled for _, rule in finding.source_rules))


def _select(
    available: dict[str, Scanner], wanted: Sequence[str] | None, options: Mapping[str, Mapping[str, Any]]
) -> dict[str, Scanner]:
    if wanted is not None:
        unknown = sorted(set(wanted) - set(available))
        if unknown:
            raise GatekeeperError(f"unknown scanner '{unknown[0]}' (known: {', '.join(available)})")
        if not wanted:
            raise GatekeeperError("no scanner selected")
    chosen = {name: scanner for name, scanner in available.items() if wanted is None or name in wanted}
    # A scanner these options give nothing to do (the SARIF importer without a file) is not run.
    idle = {name: scanner.idle(options.get(name, {})) for name, scanner in chosen.items()}
    running = {name: scanner for name, scanner in chosen.items() if not idle[name]}
    if not running:
        raise GatekeeperError(next(iter(idle.values())))
    return running


def _run_one(
    scanner: Scanner,
    targets: Targets,
    handled: list[str],
    files: list[str] | None,
    request: ScanRequest,
    rules: RulePack,
    workdir: Path,
    notify: Progress,
) -> ScannerResult | None:
    """Scan `files` (of the `handled` ones; None: all reused). Every failure of one scanner is
    recorded against it; the others carry on."""
    if files is None or (not files and handled):
        notify(Event(Stage.REUSED, scanner.name, files=len(handled)))
        return None if files is None else ScannerResult(scanner.name, "")
    own_dir = workdir / scanner.name
    own_dir.mkdir()
    options = request.scanner_options.get(scanner.name, {})
    context = ScanContext(
        root=targets.root,
        files=tuple(handled),
        rules_dir=rules.root,
        workdir=own_dir,
        timeout=float(options.get("timeout", request.timeout)),
        jobs=request.jobs,
        options=options,
        max_file_bytes=request.path_rules.max_file_bytes,
        scope=targets.files,
        named_files=targets.explicit,
    )
    notify(Event(Stage.RUNNING, scanner.name, files=len(files)))
    try:
        result = scanner.scan(context, files)
    except ScannerFailure as exc:
        result = ScannerResult(scanner.name, _version_or_unknown(scanner), errors=(str(exc),))
    except Exception as exc:  # a bug in a scanner must not turn into a pass, nor a traceback
        result = ScannerResult(
            scanner.name,
            _version_or_unknown(scanner),
            errors=(f"{scanner.name} crashed: {type(exc).__name__}: {' '.join(str(exc).split())}",),
        )
    notify(
        Event(Stage.FINISHED, scanner.name, files=len(files), findings=len(result.findings), failed=bool(result.errors))
    )
    return result


def _version_or_unknown(scanner: Scanner) -> str:
    try:
        return scanner.version()
    except Exception:
        return "unavailable"


def _finalise(
    findings: list[Finding],
    root: Path,
    scanner_order: list[str],
    mapping: compliance.Mapping,
    redactor: Redactor,
    judge: Callable[[list[Finding]], list[Finding]] = list,
    distinct: Sequence[frozenset[str]] = (),
    families: Families | None = None,
) -> list[Finding]:
    lines = LineReader(root)
    merged = judge(merge_duplicates(findings, scanner_order, distinct, families))
    with_snippets = [f if f.snippet else replace(f, snippet=_snippet(lines, f)) for f in merged]
    # Every finding, whoever reported it, loses its secrets here; fingerprints hash redacted lines
    # (an unkeyed hash of a line holding a card number is brute-forced from the masked number).
    redacted = redactor.findings(with_snippets)
    fingerprinted = sorted(assign_fingerprints(redacted, redactor.lines(lines)), key=lambda f: f.sort_key)
    # Mapping after dedup: a merged finding's controls come from all its scanners' CWE ids.
    return mapping.apply(fingerprinted)


def _snippet(lines: LineReader, finding: Finding) -> str:
    loc = finding.location
    last = min(loc.end_line, loc.start_line + SNIPPET_MAX_LINES - 1)
    return "\n".join(lines(loc.path, n) for n in range(loc.start_line, last + 1)).rstrip()


def _display_target(paths: Sequence[Path]) -> str:
    if not paths:
        return "."
    return " ".join(p.as_posix() for p in paths)


def _git_commit(root: Path) -> str | None:
    return _git(root, "--verify", "--quiet", "HEAD") or None


def _git_prefix(root: Path) -> str | None:
    """`services/api/` for a scan root inside a repository, "" at its top, None outside one."""
    return _git(root, "--show-prefix")


def _git(root: Path, *arguments: str) -> str | None:
    """`git rev-parse ARGUMENTS` in `root`: its output, or None when it fails."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "rev-parse", *arguments],
            capture_output=True,
            text=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
