"""Service account tokens of named accounts: a pod that leaves automounting to its ServiceAccount
is reported unless some ServiceAccount of that name in scope switches it off."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from gatekeeper.rulepack import RulePack, default_rules_dir
from gatekeeper.scanners import build_scanners
from gatekeeper.scanners.base import ScanContext, ScannerResult
from gatekeeper.scanners.k8s_accounts import RULE_ID, KubernetesScanner
from tests.conftest import run_cli

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: payments
spec:
  template:
    spec:
      serviceAccountName: api
      containers:
        - name: api
          image: registry.example.com/api:1.0
"""
ACCOUNT_OFF = """\
apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: payments
automountServiceAccountToken: false
"""


def scan(root: Path, files: dict[str, str]) -> ScannerResult:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    workdir = root.parent / f"{root.name}-work"
    workdir.mkdir(exist_ok=True)
    handed = tuple(sorted(files))
    context = ScanContext(root=root, files=handed, rules_dir=default_rules_dir(), workdir=workdir, timeout=600)
    return KubernetesScanner(RulePack(default_rules_dir())).scan(context, handed)


def hits(result: ScannerResult) -> set[tuple[str, str, int]]:
    return {(f.rule_id, f.location.path, f.location.start_line) for f in result.findings}


def test_a_pod_on_a_named_account_with_no_opt_out_is_reported(tmp_path: Path) -> None:
    result = scan(tmp_path, {"deploy.yaml": DEPLOYMENT})
    assert hits(result) == {(RULE_ID, "deploy.yaml", 9)}
    (finding,) = result.findings
    assert "Deployment/api" in finding.message and "'api'" in finding.message
    assert finding.cwe and finding.remediation and finding.scanners == ("kubernetes",)
    assert result.scanned == ("deploy.yaml",) and result.complete


def test_the_accounts_opt_out_counts_in_the_same_file_or_another(tmp_path: Path) -> None:
    assert hits(scan(tmp_path / "same", {"all.yaml": ACCOUNT_OFF + "---\n" + DEPLOYMENT})) == set()
    assert hits(scan(tmp_path / "other", {"deploy.yaml": DEPLOYMENT, "sa/account.yml": ACCOUNT_OFF})) == set()


def test_an_opt_out_in_another_namespace_does_not_count(tmp_path: Path) -> None:
    other = ACCOUNT_OFF.replace("namespace: payments", "namespace: ledger")
    assert hits(scan(tmp_path, {"all.yaml": other + "---\n" + DEPLOYMENT})) == {(RULE_ID, "all.yaml", 16)}


def test_an_account_that_mounts_its_token_does_not_opt_out(tmp_path: Path) -> None:
    mounting = ACCOUNT_OFF.replace("automountServiceAccountToken: false", "automountServiceAccountToken: true")
    assert hits(scan(tmp_path, {"all.yaml": mounting + "---\n" + DEPLOYMENT})) == {(RULE_ID, "all.yaml", 16)}


def test_every_workload_kind_and_the_cronjob_template(tmp_path: Path) -> None:
    cronjob = """\
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly}
        spec:
          schedule: "0 2 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  serviceAccount: batch
                  containers: [{name: job, image: "registry.example.com/job:1.0"}]
        """
    pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccountName: tools\n  containers: []\n"
    assert hits(scan(tmp_path, {"cron.yaml": cronjob, "pod.yaml": pod})) == {
        (RULE_ID, "cron.yaml", 10),
        (RULE_ID, "pod.yaml", 5),
    }


def test_what_the_semgrep_rule_or_the_pod_decides_is_left_alone(tmp_path: Path) -> None:
    pod_off = DEPLOYMENT.replace(
        "      serviceAccountName: api\n", "      serviceAccountName: api\n      automountServiceAccountToken: false\n"
    )
    default = DEPLOYMENT.replace("serviceAccountName: api", "serviceAccountName: default")
    none = DEPLOYMENT.replace("      serviceAccountName: api\n", "")
    not_k8s = "services:\n  api: {image: x}\n"
    assert (
        hits(scan(tmp_path, {"a.yaml": pod_off, "b.yaml": default, "c.yaml": none, "compose.yaml": not_k8s})) == set()
    )


def test_a_manifest_that_cannot_be_parsed_is_lost_coverage(tmp_path: Path) -> None:
    result = scan(tmp_path, {"bad.yaml": "apiVersion: v1\nkind: Pod\nspec: [unclosed\n"})
    assert [s.path for s in result.skipped] == ["bad.yaml"]
    assert result.skipped[0].reason.startswith("kubernetes: cannot parse YAML at line 4")


def test_the_scanner_is_registered() -> None:
    assert isinstance(build_scanners(RulePack(default_rules_dir()))["kubernetes"], KubernetesScanner)


def test_through_the_cli_the_finding_maps_to_controls(tmp_path: Path) -> None:
    (tmp_path / "deploy.yaml").write_text(DEPLOYMENT)
    proc = run_cli(
        "scan", str(tmp_path), "--format", "json", "--no-cache", "--scanner", "kubernetes", "--fail-on", "low"
    )
    assert proc.returncode == 1, proc.stderr
    (finding,) = json.loads(proc.stdout)["findings"]
    assert finding["rule_id"] == RULE_ID and finding["controls"]
