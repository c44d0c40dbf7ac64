"""Helm charts and Kustomize overlays: without their tool they are reported as not covered, with
the reason; with it (here a stand-in script named `helm`/`kustomize` that prints fixed manifests,
FAKE_* below: the wiring is what is tested, not helm) their rendered manifests are checked with the
Kubernetes rules and the findings point at the template that wrote them."""

from __future__ import annotations

import json
import sys
from pathlib import Path, PurePosixPath

from gatekeeper.scanners.render import (
    RenderScanner,
    Unit,
    _by_source,
    _source_line,
    _units,
)
from tests.conftest import run_cli

TEMPLATE = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "demo.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          securityContext:
            privileged: {{ .Values.privileged }}
"""
# What `helm template` prints for the chart above with privileged: true (a fixed answer: the fake).
RENDERED = """\
---
# Source: demo/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: gatekeeper-demo
  namespace: payments
spec:
  template:
    spec:
      automountServiceAccountToken: false
      containers:
        - name: web
          image: "registry.example.com/web:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
          securityContext:
            privileged: true
"""
FAKE_HELM = f"#!/bin/sh\n# FAKE helm for tests: prints fixed manifests whatever the chart\nprintf '%s' '{RENDERED}'\n"
FAKE_HELM_FAILING = (
    "#!/bin/sh\necho 'Error: template: demo/templates/deployment.yaml:4: function \"include\" failed' >&2\nexit 1\n"
)
KUSTOMIZED = RENDERED.replace("# Source: demo/templates/deployment.yaml\n", "")
FAKE_KUSTOMIZE = f"#!/bin/sh\n# FAKE kustomize for tests: prints fixed manifests\nprintf '%s' '{KUSTOMIZED}'\n"


def chart(root: Path) -> Path:
    (root / "deploy" / "demo" / "templates").mkdir(parents=True)
    (root / "deploy" / "demo" / "Chart.yaml").write_text("apiVersion: v2\nname: demo\nversion: 0.1.0\n")
    (root / "deploy" / "demo" / "values.yaml").write_text("image: {repository: web, tag: '1.0'}\nprivileged: true\n")
    (root / "deploy" / "demo" / "templates" / "deployment.yaml").write_text(TEMPLATE)
    return root


def tools(tmp_path: Path, **scripts: str) -> dict[str, str]:
    """A PATH of the interpreter's directory (semgrep) and a directory holding only `scripts`."""
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir(parents=True)
    for name, body in scripts.items():
        (bin_dir / name).write_text(body)
        (bin_dir / name).chmod(0o755)
    return {"PATH": f"{bin_dir}:{Path(sys.executable).parent}"}


def scan(root: Path, env: dict[str, str]) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    proc = run_cli(
        "scan", str(root), "--format", "json", "--no-cache", "--scanner", "render", "--scanner", "semgrep", env=env
    )
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else {}, proc.stderr


def test_without_helm_a_chart_is_not_covered_with_the_reason(tmp_path: Path) -> None:
    root = chart(tmp_path / "repo")
    code, report, _ = scan(root, tools(tmp_path))
    kinds = {k["kind"]: k for k in report["scan"]["coverage"]["kinds"]}
    files = ["deploy/demo/Chart.yaml", "deploy/demo/templates/deployment.yaml", "deploy/demo/values.yaml"]
    assert kinds["helm"]["analysed"] == 0 and kinds["helm"]["not_covered"] == files
    assert kinds["helm"]["unsupported"] == files
    assert report["verdict"]["partial_coverage"] == "3 Helm chart files"
    render = next(s for s in report["scan"]["scanners"] if s["name"] == "render")
    reasons = {s["path"]: s["reason"] for s in render["not_applicable"]}
    assert set(reasons) == set(files)
    assert all(r == "not covered: helm not on PATH, so deploy/demo was not rendered" for r in reasons.values())
    # never scanned raw: no Kubernetes finding on the unrendered template
    assert not [f for f in report["findings"] if f["location"]["path"].endswith("deployment.yaml")]
    assert code == 0


def test_with_helm_the_rendered_manifests_are_checked_and_point_at_the_template(tmp_path: Path) -> None:
    root = chart(tmp_path / "repo")
    code, report, stderr = scan(root, tools(tmp_path, helm=FAKE_HELM))
    assert code == 1, stderr
    found = {(f["rule_id"], f["location"]["path"], f["location"]["start_line"]) for f in report["findings"]}
    template = "deploy/demo/templates/deployment.yaml"
    assert ("k8s-privileged-container", template, 12) in found  # `privileged: {{ ... }}`
    assert ("k8s-writable-root-filesystem", template, 10) in found  # the `image:` line
    assert all(path == template for _, path, _ in found)
    privileged = next(f for f in report["findings"] if f["rule_id"] == "k8s-privileged-container")
    assert privileged["scanners"] == ["render"] and "helm template" in privileged["message"]
    kinds = {k["kind"]: k for k in report["scan"]["coverage"]["kinds"]}
    assert kinds["helm"]["analysed"] == 3 and kinds["helm"]["analysers"] == ["render"]
    assert report["verdict"]["partial_coverage"] == ""


def test_a_chart_helm_cannot_render_is_lost_coverage(tmp_path: Path) -> None:
    root = chart(tmp_path / "repo")
    code, report, stderr = scan(root, tools(tmp_path, helm=FAKE_HELM_FAILING))
    assert code == 2
    render = next(s for s in report["scan"]["scanners"] if s["name"] == "render")
    assert render["status"] == "partial" and len(render["skipped"]) == 3
    assert render["skipped"][0]["reason"].startswith("render: helm exited with code 1: Error: template:")
    assert "render" in stderr


def test_a_kustomize_overlay_is_rendered_when_kustomize_is_installed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "overlays" / "prod").mkdir(parents=True)
    (root / "overlays" / "prod" / "kustomization.yaml").write_text("resources: [../../base]\nnamespace: payments\n")
    code, report, _ = scan(root, tools(tmp_path))
    kinds = {k["kind"]: k for k in report["scan"]["coverage"]["kinds"]}
    assert kinds["kustomize"]["unsupported"] == ["overlays/prod/kustomization.yaml"] and code == 0
    code, report, stderr = scan(root, tools(tmp_path / "with", kustomize=FAKE_KUSTOMIZE))
    assert code == 1, stderr
    found = {(f["rule_id"], f["location"]["path"]) for f in report["findings"]}
    assert ("k8s-privileged-container", "overlays/prod/kustomization.yaml") in found


# --- units -------------------------------------------------------------------------------------


def test_files_are_grouped_by_their_outermost_chart_and_their_overlay(tmp_path: Path) -> None:
    root = chart(tmp_path)
    (root / "deploy" / "demo" / "charts" / "db" / "templates").mkdir(parents=True)
    (root / "deploy" / "demo" / "charts" / "db" / "Chart.yaml").write_text("name: db\n")
    (root / "k" / "kustomization.yaml").parent.mkdir()
    (root / "k" / "kustomization.yaml").write_text("resources: []\n")
    files = [
        "deploy/demo/templates/deployment.yaml",
        "deploy/demo/charts/db/Chart.yaml",
        "k/kustomization.yaml",
        "elsewhere/values.yaml",
    ]
    assert _units(root, files) == [
        Unit(
            "helm",
            PurePosixPath("deploy/demo"),
            ("deploy/demo/charts/db/Chart.yaml", "deploy/demo/templates/deployment.yaml"),
        ),
        Unit("kustomize", PurePosixPath("k"), ("k/kustomization.yaml",)),
    ]


def test_helm_output_is_split_by_source_template() -> None:
    output = RENDERED + "---\n# Source: demo/charts/db/templates/svc.yaml\nkind: Service\n"
    split = _by_source(output, PurePosixPath("deploy/demo"))
    assert set(split) == {"deploy/demo/templates/deployment.yaml", "deploy/demo/charts/db/templates/svc.yaml"}
    assert "privileged: true" in split["deploy/demo/templates/deployment.yaml"]


def test_a_rendered_line_is_traced_to_its_template_line(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    rendered = _by_source(RENDERED, PurePosixPath("c"))["c/templates/deployment.yaml"].splitlines()
    line = next(i for i, text in enumerate(rendered, start=1) if "privileged" in text)
    assert _source_line("\n".join(rendered), line, tmp_path / "t.yaml") == 12
    kind = next(i for i, text in enumerate(rendered, start=1) if text.startswith("kind:"))
    assert _source_line("\n".join(rendered), kind, tmp_path / "t.yaml") == 2  # the same text
    assert _source_line("\n".join(rendered), 999, tmp_path / "t.yaml") == 1


def test_the_scanner_claims_chart_and_overlay_files_only() -> None:
    scanner = RenderScanner.__new__(RenderScanner)
    assert (
        scanner.handles("c/Chart.yaml")
        and scanner.handles("c/templates/x.yaml")
        and scanner.handles("c/values-prod.yaml")
    )
    assert scanner.handles("o/kustomization.yaml") and not scanner.handles("k8s/deployment.yaml")
