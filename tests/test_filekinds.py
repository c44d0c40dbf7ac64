"""What a file is as evidence: one table for routing rules and for coverage accounting."""

from __future__ import annotations

from pathlib import Path

import pytest

from gatekeeper.filekinds import BY_ID, classify, known_semgrep_language, semgrep_language_kinds


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("app.py", "python"),
        ("gui.pyw", "python"),
        ("web/server.js", "javascript"),
        ("web/src/App.tsx", "javascript"),
        ("src/main/java/Pay.java", "java"),
        ("src/main/kotlin/Pay.kt", "java"),
        ("cmd/api/main.go", "go"),
        ("Api/Controllers/Pay.cs", "csharp"),
        ("deploy.sh", "shell"),
        ("requirements.txt", "pypi-requirements"),
        ("requirements/prod.txt", "pypi-requirements"),
        ("poetry.lock", "pypi-lock"),
        ("pyproject.toml", "pypi-manifest"),
        ("web/package-lock.json", "npm-lock"),
        ("web/yarn.lock", "npm-lock"),
        ("web/package.json", "npm-manifest"),
        ("pom.xml", "maven-manifest"),
        ("build.gradle.kts", "gradle-build"),
        ("go.mod", "go-manifest"),
        ("Gemfile.lock", "rubygems-manifest"),
        ("Cargo.toml", "cargo-manifest"),
        ("infra/main.tf", "terraform"),
        ("Dockerfile", "dockerfile"),
        ("docker/Dockerfile.prod", "dockerfile"),
        ("docker-compose.yml", "compose"),
        (".github/workflows/ci.yml", "github-actions"),
        ("Jenkinsfile", "ci-definition"),
        (".gitlab-ci.yml", "ci-definition"),
        ("kustomization.yaml", "kustomize"),
        ("cookbooks/web/recipes/default.rb", "chef"),
        ("manifests/site.pp", "puppet"),
        ("infra/network.bicep", "azure-template"),
        ("etc/nginx/nginx.conf", "nginx"),
    ],
)
def test_kind_by_name(tmp_path: Path, path: str, kind: str) -> None:
    found = classify(tmp_path, path)
    assert found is not None and found.id == kind


@pytest.mark.parametrize("path", ["README.md", "docs/logo.png", "data/rates.csv", "LICENSE", "app.yaml"])
def test_documentation_and_data_are_no_kind(tmp_path: Path, path: str) -> None:
    (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / path).write_text("name: value\n")
    assert classify(tmp_path, path) is None


def test_yaml_is_told_apart_by_its_content(tmp_path: Path) -> None:
    (tmp_path / "deploy.yaml").write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n")
    (tmp_path / "stack.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n"
    )
    (tmp_path / "azuredeploy.json").write_text(
        '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"}'
    )
    assert [classify(tmp_path, p).id for p in ("deploy.yaml", "stack.yaml", "azuredeploy.json")] == [  # type: ignore[union-attr]
        "kubernetes",
        "cloudformation",
        "azure-template",
    ]


def test_a_cloudformation_template_is_known_by_its_resource_types_alone(tmp_path: Path) -> None:
    (tmp_path / "min.json").write_text('{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}')
    (tmp_path / "sam.yaml").write_text("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n")
    (tmp_path / "notes.yaml").write_text("text: the Type AWS::S3::Bucket is a bucket\n")
    assert [getattr(classify(tmp_path, p), "id", None) for p in ("min.json", "sam.yaml", "notes.yaml")] == [
        "cloudformation",
        "cloudformation",
        None,
    ]


def test_helm_templates_only_inside_a_chart(tmp_path: Path) -> None:
    (tmp_path / "chart" / "templates").mkdir(parents=True)
    (tmp_path / "chart" / "Chart.yaml").write_text("apiVersion: v2\nname: api\n")
    (tmp_path / "chart" / "templates" / "deployment.yaml").write_text("kind: Deployment\n{{ .Values.x }}\n")
    (tmp_path / "chart" / "values.yaml").write_text("replicas: 2\n")
    (tmp_path / "site" / "templates").mkdir(parents=True)
    (tmp_path / "site" / "templates" / "page.yaml").write_text("title: home\n")
    assert classify(tmp_path, "chart/templates/deployment.yaml").id == "helm"  # type: ignore[union-attr]
    assert classify(tmp_path, "chart/values.yaml").id == "helm"  # type: ignore[union-attr]
    assert classify(tmp_path, "site/templates/page.yaml") is None


def test_a_script_without_extension_is_code_by_its_shebang(tmp_path: Path) -> None:
    (tmp_path / "deploy").write_text("#!/usr/bin/env python3\nprint('hi')\n")
    (tmp_path / "notes").write_text("just text\n")
    assert classify(tmp_path, "deploy").id == "python"  # type: ignore[union-attr]
    assert classify(tmp_path, "notes") is None


def test_semgrep_languages_route_to_kinds() -> None:
    assert [k.id for k in semgrep_language_kinds("python")] == ["python"]
    assert {k.id for k in semgrep_language_kinds("yaml")} == {"github-actions", "compose", "kubernetes"}
    assert all(
        known_semgrep_language(name) for name in ("python", "hcl", "yaml", "dockerfile", "generic", "regex", "ts")
    )
    assert not known_semgrep_language("cobol")


def test_every_label_counts_in_the_plural() -> None:
    assert BY_ID["javascript"].plural(3) == "3 JavaScript/TypeScript files"
    assert BY_ID["npm-lock"].plural(1) == "1 npm lock file"
