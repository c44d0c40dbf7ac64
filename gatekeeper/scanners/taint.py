"""Python taint across functions and modules (gatekeeper/taint, docs/taint.md).

semgrep follows request data inside one function; this scanner follows it through the project's
own helpers: a parameter a helper passes to a sink, request data a helper returns, a helper that
validates. Each module's summary depends on its text alone and is cached by content (a warm scan
with one file edited summarises that file again, nothing else); the whole result is cached by
every file's content, as a cross-file scanner's must be. Findings reuse the bundled semgrep rule
of their weakness class (id, CWE, severity, fix), so they merge with that rule's own findings
and bandit's on the same line, and map to the same controls.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from gatekeeper import __version__
from gatekeeper.cache import ResultCache, digest, file_digest
from gatekeeper.findings import Confidence, Finding, Location, Severity
from gatekeeper.rulepack import LEVEL_SEVERITY, RulePack
from gatekeeper.scanners.base import (
    TIMEOUT_OPTION,
    ClearedSink,
    ScanContext,
    Scanner,
    ScannerResult,
    SkippedFile,
)
from gatekeeper.taint.local import summarise
from gatekeeper.taint.solve import Flow, Project

SUMMARY_FORMAT = 2  # 2: guards in labels, `predicates` per function


class TaintScanner(Scanner):
    name = "taint"
    description = "Python: request data followed through the project's own functions and modules"
    kinds = frozenset({"python"})
    per_file = False  # a helper in one module decides findings in another
    shard_whole = True
    text_only = True
    options = MappingProxyType(
        {
            "timeout": TIMEOUT_OPTION,
            "sanitizers": {
                "type": "array",
                "items": {"type": "string", "pattern": r"^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$"},
                "x-expected": "a list of module.function names whose result is safe to use, or that validate their argument",
            },
        }
    )

    @classmethod
    def create(cls, rules: RulePack) -> TaintScanner:
        return cls(rules)

    def __init__(self, rules: RulePack) -> None:
        self.rules = rules

    def version(self) -> str:
        return f"{__version__} (python {sys.version_info.major}.{sys.version_info.minor})"

    def handles(self, path: str) -> bool:
        return path.endswith(".py")

    def cache_identity(self, options: Mapping[str, Any], root: Path) -> Any | None:
        # Python's own parser decides what parses; gatekeeper's code digest is in every key already.
        return ["taint", sys.version_info[:2]]

    def scan(self, context: ScanContext, files: Sequence[str]) -> ScannerResult:
        started = time.monotonic()
        summaries: dict[str, dict[str, Any]] = {}
        skipped: list[SkippedFile] = []
        # Imported here: the incremental module imports the scanners. Once per scan: it stats every
        # file of the package (on Django, per module, that was most of a cold scan's time).
        from gatekeeper.incremental import code_digest

        identity = [SUMMARY_FORMAT, code_digest(), list(sys.version_info[:2])]
        for path in files:
            summary = self._summary(context.root / path, path, identity)
            if "error" in summary:
                skipped.append(SkippedFile(path, f"taint: {summary['error']}"))
            else:
                summaries[path] = summary
        project = Project(summaries, context.options.get("sanitizers", ()))
        flows = project.flows()
        return ScannerResult(
            scanner=self.name,
            version=self.version(),
            findings=tuple(f for f in (self._finding(flow) for flow in flows) if f is not None),
            scanned=tuple(sorted(summaries)),
            skipped=tuple(skipped),
            units=(("functions summarised", sum(len(s["functions"]) for s in summaries.values())),),
            # In the order of the sinks in the files, as `gatekeeper merge` unites the shards'.
            cleared=tuple(
                sorted(
                    ClearedSink(
                        c.path,
                        int(c.sink["line"]),
                        int(c.sink["end_line"]),
                        str(c.sink["category"]),
                        c.sanitiser,
                        c.defined,
                        c.declared,
                    )
                    for c in project.cleared()
                )
            ),
            duration=time.monotonic() - started,
        )

    def _summary(self, file: Path, path: str, identity: list[Any]) -> dict[str, Any]:
        """The module's summary, from the cache when a file with these bytes was summarised before."""
        cache: ResultCache | None = self.rules.cache
        content = file_digest(file)
        if content is None:
            return {"error": "could not be read"}
        key = digest(["taint-summary", *identity, content])
        cached = cache.get(key) if cache is not None else None
        if isinstance(cached, dict):
            return cached
        try:
            text = file.read_bytes()
        except OSError as exc:
            return {"error": f"could not be read: {exc.strerror or exc}"}
        summary = summarise(text, path)
        if cache is not None:
            cache.put(key, summary)
        return summary

    def _rule(self, category: str, sink: str) -> Mapping[str, Any] | None:
        """The bundled python taint rule of a weakness class (the one naming the sink's module,
        e.g. yaml or pickle, when the class has several): the finding's id, CWE, text and fix."""
        rules = [
            r
            for r in self.rules.semgrep_rules
            if (r.get("metadata") or {}).get("category") == category
            and r.get("mode") == "taint"
            and "python" in r.get("languages", ())
        ]
        module = sink.split(".")[0]
        return next((r for r in rules if module in str(r["id"]).split("-")), rules[0] if rules else None)

    def _finding(self, flow: Flow) -> Finding | None:
        rule = self._rule(str(flow.sink["category"]), str(flow.sink["name"]))
        if rule is None:
            return None
        meta = rule.get("metadata") or {}
        severity = (
            Severity.parse(meta["severity"])
            if meta.get("severity")
            else LEVEL_SEVERITY.get(rule.get("severity", ""), Severity.MEDIUM)
        )
        chain = " -> ".join(f"{name}()" for name in flow.chain)
        message = (
            f"{' '.join(str(rule.get('message', '')).split())} Request data ({flow.source}) reaches "
            f"{flow.sink['name']}() through {chain}."
        )
        return Finding(
            rule_id=str(rule["id"]),
            title=str(meta.get("title") or rule["id"]),
            message=message,
            severity=severity,
            confidence=Confidence.parse(meta.get("confidence")),
            location=Location(
                path=flow.path,
                start_line=int(flow.sink["line"]),
                start_column=int(flow.sink["col"]),
                end_line=int(flow.sink["end_line"]),
                end_column=int(flow.sink["end_col"]),
            ),
            scanners=(self.name,),
            source_rules=((self.name, str(rule["id"])),),
            cwe=tuple(_as_list(meta.get("cwe"))),
            owasp=tuple(_as_list(meta.get("owasp"))),
            remediation=" ".join(str(meta.get("remediation", "")).split()),
            references=tuple(_as_list(meta.get("references"))),
            properties=(("trace", flow.chain),),
        )


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
