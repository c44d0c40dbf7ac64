"""What GitHub code scanning accepts of a SARIF upload, and how the SARIF writer stays within it.

GitHub's limits (docs: "SARIF support for code scanning", upload limits): at most 20 runs per file,
25,000 results per run, 10 MB per file gzipped; and since 2025 a file with two runs of one tool
and category is refused. So each scanner gets a run of its own (its own category), a scanner that
ran gets its run even without results (an empty run closes the alerts it fixed), and when a limit
is met the most severe results are kept, with a note in the run and on stderr.
"""

from __future__ import annotations

import gzip
from typing import Any, Callable, Mapping, Sequence

from gatekeeper import jsontext
from gatekeeper.findings import Finding
from gatekeeper.reports import sanitise

MAX_RUNS = 20
MAX_RESULTS = 25_000
MAX_GZIP_BYTES = 10 * 1024 * 1024
OTHER_TOOLS = "other"
"""The run that holds the findings of the tools past the twentieth (imported SARIF files' tools)."""


def tool_of(finding: Finding) -> str:
    """The run a finding goes to: its leading scanner (a finding merged across scanners leads with
    the one whose rule names it), or `sarif/<tool>` for an imported tool's finding."""
    return finding.scanners[0] if finding.scanners else "gatekeeper"


def by_tool(ran: Sequence[str], findings: Sequence[Finding]) -> list[tuple[str, list[int]]]:
    """(tool, indices into `findings`) for each run, in name order: one per scanner that ran and per
    tool a finding names; past MAX_RUNS, the tools with the fewest findings share one run."""
    groups: dict[str, list[int]] = {name: [] for name in ran}
    for index, finding in enumerate(findings):
        groups.setdefault(tool_of(finding), []).append(index)
    if len(groups) > MAX_RUNS:
        # gatekeeper's own scanners keep their runs; then the imported tools with most findings.
        ranked = sorted(groups, key=lambda name: (name not in ran, -len(groups[name]), name))
        kept = {name: groups[name] for name in ranked[: MAX_RUNS - 1]}
        kept[OTHER_TOOLS] = sorted(i for name in ranked[MAX_RUNS - 1 :] for i in groups[name])
        groups = kept
    return [(name, groups[name]) for name in sorted(groups)]


def most_severe(
    findings: Sequence[Finding], indices: Sequence[int], limit: int, suppressed: Callable[[Finding], bool]
) -> list[int]:
    """At most `limit` of `indices`: unsuppressed before suppressed, most severe first; in their order."""
    if len(indices) <= limit:
        return list(indices)
    ranked = sorted(indices, key=lambda i: (suppressed(findings[i]), -findings[i].severity, i))
    return sorted(ranked[: max(limit, 0)])


def gzipped_size(document: Mapping[str, Any]) -> int:
    """The size GitHub counts: the file as `render` writes it, gzipped. Computed only when the text
    itself is over the limit (a smaller text cannot be larger gzipped)."""
    text = sanitise.json_text(jsontext.dumps(document)).encode("utf-8", "surrogateescape")
    if len(text) <= MAX_GZIP_BYTES:
        return len(text)
    return len(gzip.compress(text, compresslevel=6, mtime=0))


def truncation_message(included: int, total: int) -> str:
    return (
        f"SARIF run truncated to {included} of {total} results (GitHub code scanning accepts {MAX_RESULTS} "
        f"per run and {MAX_GZIP_BYTES // (1024 * 1024)} MB gzipped per file); the most severe were kept, "
        "the JSON report has them all"
    )
