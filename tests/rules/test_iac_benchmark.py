"""benchmarks/iac.py beyond Terraform: how it names the resource of a Kubernetes, CloudFormation or
Dockerfile finding on both sides, and that its fixture trees say what they claim (the gate finds the
planted weaknesses in the insecure trees and nothing in the hardened ones)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("iac_benchmark", REPO / "benchmarks" / "iac.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("iac_benchmark", module)
    spec.loader.exec_module(module)
    return module


iac = _module()
GATE = [sys.executable, "-m", "gatekeeper"]
PLATFORMS = {platform.name: platform for platform in iac.PLATFORMS}


def _finding(path: str, line: int, **properties: Any) -> dict[str, Any]:
    return {"location": {"path": path, "start_line": line}, "properties": list(properties.items())}


def test_kubernetes_resources_are_kind_and_name_on_both_sides(tmp_path: Path) -> None:
    (tmp_path / "app.yaml").write_text(
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n---\n"
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: pay\nspec:\n  replicas: 1\n")
    assert iac.k8s_gate_resource(tmp_path, _finding("app.yaml", 3)) == "ServiceAccount/api"
    assert iac.k8s_gate_resource(tmp_path, _finding("app.yaml", 12)) == "Deployment/api"
    assert iac.k8s_checkov_resource({"resource": "Deployment.pay.api"}) == "Deployment/api"
    assert iac.k8s_checkov_resource({"resource": "ClusterRole.default.deployer"}) == "ClusterRole/deployer"


def test_cloudformation_resources_are_type_and_logical_id() -> None:
    finding = _finding("t.yaml", 9, resource="Queue (AWS::SQS::Queue)")
    assert iac.cfn_gate_resource(Path("."), finding) == "AWS::SQS::Queue.Queue"
    # a template parameter has no type: it stays its own name (Checkov never names it)
    assert iac.cfn_gate_resource(Path("."), _finding("t.yaml", 3, resource="DbPassword")) == "DbPassword"


def test_dockerfile_resources_are_the_instruction_line(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(
        "# build\nFROM python:3.12\nRUN apt-get update \\\n    # comment inside\n    && apt-get install -y curl\n"
        "USER root\n")
    # a finding on a continuation line belongs to the RUN that starts on line 3
    assert iac.docker_gate_resource(tmp_path, _finding("Dockerfile", 5)) == "Dockerfile:3"
    assert iac.docker_gate_resource(tmp_path, _finding("Dockerfile", 6)) == "Dockerfile:6"
    instruction = {"resource": "/Dockerfile.USER", "file_path": "/Dockerfile", "file_line_range": [6, 6]}
    whole_file = {"resource": "/Dockerfile.", "file_path": "/Dockerfile", "file_line_range": [1, 6]}
    assert iac.docker_checkov_resource(instruction) == "Dockerfile:6"
    assert iac.docker_checkov_resource(whole_file) == "Dockerfile"


def test_a_whole_file_weakness_matches_a_gate_finding_anywhere_in_the_file() -> None:
    gate = {("api/Dockerfile:2", "docker-missing-healthcheck"), ("api/Dockerfile:8", "docker-add-local-file")}
    checkov = {("api/Dockerfile", "CKV_DOCKER_2"), ("api/Dockerfile:9", "CKV_DOCKER_4"), ("api/Dockerfile", "CKV_DOCKER_3")}
    wanted, matched = iac.compare(iac.docker_expand(gate), checkov, iac.CHECKOV_DOCKERFILE)
    assert len(wanted) == 3
    # the ADD Checkov names is on another line than the gate's: not the same resource
    assert matched == {("api/Dockerfile", ("docker-missing-healthcheck",))}


def test_one_weakness_raised_under_several_checkov_ids_counts_once() -> None:
    checkov = {("ClusterRole/deployer", ckv) for ckv in ("CKV_K8S_49", "CKV_K8S_155", "CKV_K8S_158")}
    wanted, matched = iac.compare({("ClusterRole/deployer", "k8s-rbac-wildcard")}, checkov, iac.CHECKOV_KUBERNETES)
    assert wanted == matched == {("ClusterRole/deployer", ("k8s-rbac-wildcard",))}


@pytest.mark.parametrize(("name", "expected"), [
    ("kubernetes", {("Deployment/payments-api", "k8s-runtime-socket-mount"), ("DaemonSet/node-agent", "k8s-host-namespace"),
                    ("ClusterRole/deployer", "k8s-rbac-wildcard"), ("CronJob/settlement", "k8s-low-uid")}),
    ("cloudformation-yaml", {("AWS::S3::Bucket.ReceiptsBucket", "cfn-s3-public-acl"),
                             ("AWS::IAM::Role.ApiRole", "cfn-iam-wildcard-action")}),
    ("cloudformation-json", {("AWS::EC2::Volume.ScratchVolume", "cfn-ebs-unencrypted"),
                             ("AWS::EC2::LaunchTemplate.WorkerTemplate", "cfn-ec2-imdsv1")}),
    ("dockerfile", {("worker/Dockerfile:9", "docker-sudo"), ("api/Dockerfile:8", "docker-add-local-file")}),
])
def test_fixture_trees_hold_what_they_claim(name: str, expected: set[tuple[str, str]]) -> None:
    platform = PLATFORMS[name]
    tree = iac.FIXTURES / name
    insecure = iac.gate_pairs(GATE, tree / "insecure", platform.scanners, platform.gate_resource)
    assert expected <= insecure
    assert iac.gate_pairs(GATE, tree / "secure", platform.scanners, platform.gate_resource) == set()
