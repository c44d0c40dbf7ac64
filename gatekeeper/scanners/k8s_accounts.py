"""Kubernetes checks that need more than one document: whether a pod on a named service account
gets that account's API token.

A pod spec that leaves `automountServiceAccountToken` unset takes its ServiceAccount's setting,
and a ServiceAccount mounts its token unless it says `false`. The semgrep rule
`k8s-sa-token-automount` sees one document: pods on the default account, or asking for the token.
This scanner reads every manifest in scope together and reports a pod on a *named* account unless
some ServiceAccount of that name (in its namespace, when both say one) switches automounting off,
under the same rule id, at the `serviceAccountName` line.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import yaml

from gatekeeper import __version__
from gatekeeper.filekinds import classify
from gatekeeper.findings import Confidence, Finding, Location, Severity
from gatekeeper.rulepack import RulePack
from gatekeeper.scanners.base import (
    ScanContext,
    Scanner,
    ScannerFailure,
    ScannerResult,
    SkippedFile,
)
from gatekeeper.scanners.cfn_template import LineLoader, Located

RULE_ID = "k8s-sa-token-automount"
_POD_SPEC_PATHS = {
    "Pod": ("spec",),
    "PodTemplate": ("template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
_TEMPLATED = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job")


@dataclass(frozen=True)
class PodOnAccount:
    path: str
    line: int
    workload: str
    account: str
    namespace: str | None


class KubernetesScanner(Scanner):
    name = "kubernetes"
    description = "Kubernetes checks across documents: service account tokens of named accounts"
    kinds = frozenset({"kubernetes"})
    per_file = False  # a ServiceAccount in one file decides a pod in another
    shard_whole = True
    text_only = True

    @classmethod
    def create(cls, rules: RulePack) -> KubernetesScanner:
        return cls(rules)

    def __init__(self, rules: RulePack) -> None:
        self.rules = rules

    def version(self) -> str:
        return __version__

    def handles(self, path: str) -> bool:
        return PurePosixPath(path).suffix in (".yaml", ".yml")

    def scan(self, context: ScanContext, files: Sequence[str]) -> ScannerResult:
        started = time.monotonic()
        scanned: list[str] = []
        skipped: list[SkippedFile] = []
        pods: list[PodOnAccount] = []
        opted_out: set[tuple[str, str | None]] = set()
        for path in files:
            if time.monotonic() - started > context.timeout:
                raise ScannerFailure(f"kubernetes timed out after {context.timeout:g}s")
            kind = classify(context.root, path)
            if kind is None or kind.id != "kubernetes":
                continue
            try:
                documents = _documents((context.root / path).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                skipped.append(SkippedFile(path, f"kubernetes: cannot be read: {type(exc).__name__}"))
                continue
            except yaml.MarkedYAMLError as exc:
                line = exc.problem_mark.line + 1 if exc.problem_mark is not None else 0
                skipped.append(SkippedFile(path, f"kubernetes: cannot parse YAML at line {line}: {exc.problem}"))
                continue
            except (yaml.YAMLError, RecursionError) as exc:
                skipped.append(SkippedFile(path, f"kubernetes: cannot parse YAML: {type(exc).__name__}"))
                continue
            scanned.append(path)
            for document in documents:
                opted_out |= _opted_out(document)
                pods += _pods_on_named_accounts(document, path)
        exposed = [
            pod
            for pod in pods
            if (pod.account, pod.namespace) not in opted_out
            and (pod.account, None) not in opted_out
            and not (pod.namespace is None and any(name == pod.account for name, _ in opted_out))
        ]
        meta = self._rule_metadata() if exposed else {}
        findings = [_finding(pod, meta) for pod in exposed]
        return ScannerResult(
            scanner=self.name,
            version=self.version(),
            findings=tuple(sorted(findings, key=lambda f: f.sort_key)),
            scanned=tuple(sorted(scanned)),
            skipped=tuple(sorted(skipped, key=lambda s: s.path)),
            duration=time.monotonic() - started,
        )

    def _rule_metadata(self) -> Mapping[str, Any]:
        """The semgrep rule's metadata: one weakness, one description, whichever scanner saw it."""
        for rule in self.rules.semgrep_rules:
            if rule.get("id") == RULE_ID:
                return dict(rule.get("metadata") or {})
        raise ScannerFailure(f"kubernetes: the rule pack has no {RULE_ID} rule to report under")


def _documents(text: str) -> list[Any]:
    return [d for d in yaml.load_all(text, Loader=LineLoader) if isinstance(d, Located)]


def _opted_out(document: Located) -> set[tuple[str, str | None]]:
    """(name, namespace) of a ServiceAccount that does not mount its token."""
    metadata = document.get("metadata")
    if document.get("kind") != "ServiceAccount" or not isinstance(metadata, dict):
        return set()
    if document.get("automountServiceAccountToken") is not False or not isinstance(metadata.get("name"), str):
        return set()
    namespace = metadata.get("namespace")
    return {(metadata["name"], namespace if isinstance(namespace, str) else None)}


def _pod_spec(document: Located) -> Located | None:
    kind = document.get("kind")
    path = _POD_SPEC_PATHS.get(str(kind)) or (("spec", "template", "spec") if kind in _TEMPLATED else None)
    node: Any = document
    for key in path or ():
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, Located) and path else None


def _pods_on_named_accounts(document: Located, path: str) -> Iterator[PodOnAccount]:
    spec = _pod_spec(document)
    if spec is None or "automountServiceAccountToken" in spec:
        return  # the pod decides for itself (true is the semgrep rule's finding)
    key = "serviceAccountName" if "serviceAccountName" in spec else "serviceAccount"
    account = spec.get(key)
    if not isinstance(account, str) or account == "default":
        return  # the default account is the semgrep rule's finding
    found = document.get("metadata")
    metadata: dict[str, Any] = found if isinstance(found, dict) else {}
    namespace = metadata.get("namespace") if isinstance(metadata.get("namespace"), str) else None
    workload = f"{document.get('kind')}/{metadata.get('name', '?')}"
    yield PodOnAccount(path, spec.line_of(key), workload, account, namespace)


def _finding(pod: PodOnAccount, meta: Mapping[str, Any]) -> Finding:
    return Finding(
        rule_id=RULE_ID,
        title=str(meta.get("title") or RULE_ID),
        message=(
            f"{pod.workload} runs on service account '{pod.account}' and does not set "
            "automountServiceAccountToken: false, and no ServiceAccount of that name in the scanned "
            "manifests switches automounting off: every container gets the account's API token."
        ),
        severity=Severity.parse(str(meta.get("severity", "low"))),
        confidence=Confidence.parse(meta.get("confidence")),
        location=Location(path=pod.path, start_line=pod.line, end_line=pod.line),
        scanners=("kubernetes",),
        source_rules=(("kubernetes", RULE_ID),),
        cwe=tuple(meta.get("cwe") or ()),
        owasp=tuple(meta.get("owasp") or ()),
        remediation=" ".join(str(meta.get("remediation", "")).split()),
        references=tuple(meta.get("references") or ()),
        properties=(("resource", pod.workload),),
    )
