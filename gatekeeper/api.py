"""gatekeeper's Python API: scan, judge and render from a program (a bot that gates many
repositories, a platform service), with exactly what `gatekeeper scan` does — the CLI is built on
these functions.

Stable under semantic versioning (`API_VERSION`): within a major version, what is exported here
keeps its names, parameters and meaning; new keyword parameters and new attributes may be added.
Everything else in the package is internal. Errors are raised as `GatekeeperError`, whose text is
the one line the CLI prints.

    from gatekeeper import api

    result = api.scan(["services/payments"], fail_on="medium")
    print(result.verdict.status, len(result.blocking))
    Path("report.sarif").write_text(api.render(result, "sarif"))

A runnable example that gates a list of repositories: examples/api/gate_repositories.py.
"""

from __future__ import annotations

import dataclasses
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from gatekeeper import config as config_module
from gatekeeper import engine
from gatekeeper.commands.events import aborting, delivery_problems, open_stream
from gatekeeper.commands.request import build_request, cache_dir_of, effective_policy, load_baseline
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Finding
from gatekeeper.gate import EXIT_ERROR, Verdict, verdict
from gatekeeper.policy.staged import staged_tree
from gatekeeper.progress import Event as ProgressEvent
from gatekeeper.progress import Progress
from gatekeeper.reports import FORMATS, renderer
from gatekeeper.result import ScanResult as Report
from gatekeeper.settings.model import Config
from gatekeeper.settings.policy import Policy
from gatekeeper.shard import Shard
from gatekeeper.targets import scan_root

API_VERSION = "1.0"

__all__ = [
    "API_VERSION",
    "FORMATS",
    "Config",
    "GatekeeperError",
    "Policy",
    "Progress",
    "ProgressEvent",
    "Report",
    "ScanResult",
    "Verdict",
    "load_policy",
    "render",
    "scan",
]


@dataclass(frozen=True)
class ScanResult:
    """One scan, judged: what was found (`report`), the decision (`verdict`) and the policy it was
    judged against."""

    report: Report
    verdict: Verdict
    policy: Policy
    undelivered: tuple[str, ...] = ()
    """With `events`: one line per destination that missed events (they were spooled; `gatekeeper
    events flush` sends them again); empty when every event went out."""
    events_required: bool = False
    """The policy's `events.required`: undelivered events then make the scan an error."""

    @property
    def exit_code(self) -> int:
        """0 passed, 1 the policy was violated, 2 the scan is incomplete or failed, or events the
        policy requires were not delivered (as the CLI)."""
        return EXIT_ERROR if self.undelivered and self.events_required else self.verdict.exit_code

    @property
    def passed(self) -> bool:
        return self.verdict.passed

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(self.report.findings)

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """The findings that fail the gate."""
        failing = set(self.verdict.blocking)
        return tuple(f for f in self.report.findings if f.fingerprint in failing)


def load_policy(root: str | Path = ".", config_file: str | Path | None = None) -> Config:
    """The configuration a scan of `root` uses: `config_file`, else `.gatekeeper.yml` or
    `[tool.gatekeeper]` in pyproject.toml there, with every base it `extends:`; the built-in
    defaults when there is none."""
    return config_module.load(Path(root).resolve(), Path(config_file) if config_file is not None else None)


def scan(
    paths: Sequence[str | Path] = (),
    *,
    config: Config | None = None,
    config_file: str | Path | None = None,
    scanners: Sequence[str] = (),
    fail_on: str | None = None,
    allow_partial: bool = False,
    timeout: float | None = None,
    jobs: int | None = None,
    baseline: str | Path | None = None,
    diff_base: str | None = None,
    staged: bool = False,
    advisories: str | None = None,
    advisories_max_age: int | None = None,
    skip_invalid_advisories: bool = False,
    requirements: Sequence[str | Path] = (),
    go_stdlib: bool = False,
    imports: Sequence[str | Path] = (),
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    reports: Sequence[str | Path] = (),
    shard: str | None = None,
    events: Sequence[str] = (),
    progress: Progress | None = None,
) -> ScanResult:
    """Scan `paths` (a directory, default the working directory, or files) and judge the result.

    `config`: a configuration from `load_policy` (default: the one at the scan root, as the CLI).
    The other parameters are `gatekeeper scan`'s options of the same names; `reports` are files
    the caller will write reports to (left out of the scan); `shard` is `K/N`, this worker's part of
    a sharded scan (docs/sharding.md); `events` are destinations OCSF events
    are streamed to as the scan runs, besides the policy's (docs/siem.md: delivery is bounded in
    time; what is not delivered is spooled and listed in `undelivered`); `progress` is called with a
    `ProgressEvent` (its `stage`, `scanner`, counts and a plain `text`) as the scan is planned and
    as each scanner starts and finishes."""
    given = tuple(Path(p) for p in paths)
    if staged and diff_base:
        raise GatekeeperError("staged and diff_base cannot be combined: a staged scan reads the staged files whole")
    with staged_tree(Path.cwd(), given) if staged else nullcontext() as tree:
        if config is None:
            root = tree.repo if tree else scan_root(given)
            config = config_module.load(root, Path(config_file) if config_file is not None else None)
        policy = effective_policy(config, fail_on, allow_partial)
        request = build_request(
            config,
            policy,
            given,
            tuple(scanners),
            timeout,
            jobs,
            dependencies={
                "advisories": advisories,
                "max_age_days": advisories_max_age,
                "skip_invalid_advisories": skip_invalid_advisories,
                "requirements": tuple(str(p) for p in requirements),
                **({"go_stdlib": True} if go_stdlib else {}),  # else the config's scanners.dependencies.go_stdlib
                "keep_index": use_cache,  # no cache reuses nothing, the advisory index included
            },
            baseline=load_baseline(config, Path(baseline) if baseline is not None else None),
            diff_base=diff_base,
            cache_dir=cache_dir_of(Path(cache_dir) if cache_dir is not None else None) if use_cache else None,
            imports=tuple(Path(p) for p in imports),
        )
        part = Shard.parse(shard) if shard is not None else None
        request = dataclasses.replace(request, outputs=tuple(Path(p) for p in reports), staged=tree, shard=part)
        if tree is not None:
            label = "staged changes" + (f" in {' '.join(p.as_posix() for p in given)}" if given else "")
            request = dataclasses.replace(request, target_label=label)
        stream = open_stream(config, policy, events, request.root or scan_root(given))
        with aborting(stream):
            report = engine.run(request, progress=progress, listener=stream)
    outcome = verdict(report, policy)
    if stream is None:
        return ScanResult(report, outcome, policy)
    stream.finished(report, outcome, policy)
    problems = delivery_problems(stream, stream.close())
    return ScanResult(report, outcome, policy, tuple(problems), config.events.required)


def render(result: ScanResult, format: str) -> str:
    """The report `format` (one of `FORMATS`: json, sarif, html, junit, cyclonedx, oscal, ocsf,
    markdown, github, console) of a scan, as text."""
    if format not in FORMATS:
        raise GatekeeperError(f"unknown report format '{format}' (known: {', '.join(FORMATS)})")
    return renderer(format)(result.report, result.verdict, result.policy)
