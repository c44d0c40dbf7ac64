"""The container recipe (Dockerfile at the root): gatekeeper's own scan of it passes (and would catch
the regressions it guards against), its shape is the one docs/container.md promises, and, given a
base image a container engine already has (GATEKEEPER_TEST_IMAGE_BASE), it builds and runs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import system_tools
from tests.adapters.conftest import ROOT, installed_bin, make_repo

DOCKERFILE = ROOT / "Dockerfile"
IMAGE_BASE_ENV = "GATEKEEPER_TEST_IMAGE_BASE"


def scan(dockerfile_text: str, tmp_path: Path) -> tuple[int, dict[str, object]]:
    repo = make_repo(tmp_path / "image", {"Dockerfile": dockerfile_text})
    report = tmp_path / "report.json"
    proc = subprocess.run(
        [str(installed_bin() / "gatekeeper"), "scan", ".", "-o", f"json={report}"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "GATEKEEPER_CACHE_DIR": str(tmp_path / "cache")},
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    return proc.returncode, json.loads(report.read_text(encoding="utf-8"))


def rules(report: dict[str, object]) -> set[str]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return {str(f["rule_id"]).rsplit(".", 1)[-1] for f in findings}


def test_gatekeepers_own_scan_of_the_dockerfile_passes(tmp_path: Path) -> None:
    code, report = scan(DOCKERFILE.read_text(encoding="utf-8"), tmp_path)
    assert code == 0
    assert rules(report) == set()  # not even a low finding


@pytest.mark.parametrize(
    ("edit", "rule"),
    [
        (lambda t: t.replace("USER 10001\n", ""), "docker-runs-as-root"),
        (
            lambda t: re.sub(r"@sha256:[0-9a-f]{64}", "", t).replace(":3.12-slim-bookworm", ""),
            "docker-base-image-unpinned",
        ),
        (lambda t: t.replace('"git=${GIT_VERSION}"', "git"), "docker-unpinned-package"),
    ],
    ids=["root", "unpinned-base", "unpinned-package"],
)
def test_the_scan_would_catch_a_regression(tmp_path: Path, edit: object, rule: str) -> None:
    assert callable(edit)
    changed = edit(DOCKERFILE.read_text(encoding="utf-8"))
    assert changed != DOCKERFILE.read_text(encoding="utf-8")
    _code, report = scan(changed, tmp_path)
    assert rule in rules(report)


def stages(text: str) -> list[list[str]]:
    """The Dockerfile's instructions (continuations joined), split at each FROM."""
    lines = re.sub(r"\\\n\s*", " ", text).splitlines()
    instructions = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    result: list[list[str]] = [[]]
    for instruction in instructions:
        if instruction.upper().startswith("FROM "):
            result.append([])
        result[-1].append(instruction)
    return result


def test_the_recipe_is_pinned_multi_stage_non_root_and_compiler_free() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    _preamble, build, advisories, final = stages(text)
    pinned = r"FROM (docker\.io/library/python:3\.12-slim-bookworm@sha256:[0-9a-f]{64})"
    build_base = re.fullmatch(pinned + " AS build", build[0])
    final_base = re.fullmatch(pinned, final[0])
    assert build_base and final_base and build_base.group(1) == final_base.group(1)  # one base, by digest
    assert any("bash install/install.sh /opt/gatekeeper" in i for i in build)
    assert advisories[0] == "FROM build AS advisories" and any("advisories update" in i for i in advisories)
    assert 'ARG ADVISORIES_URL=""' in advisories  # the snapshot is optional: off by default
    assert any(i.startswith("COPY --from=build /opt/gatekeeper ") for i in final)
    installed = " ".join(i for i in final if "apt-get install" in i)
    assert not re.search(r"\b(gcc|g\+\+|clang|make|build-essential|python3-dev|libc6-dev)\b", installed)
    assert final.index("USER 10001") < final.index('ENTRYPOINT ["gatekeeper"]')
    assert final[-2:] == ['ENTRYPOINT ["gatekeeper"]', 'CMD ["scan", "."]']


def test_the_image_builds_and_runs_gatekeeper_version(tmp_path: Path) -> None:
    """Opt-in: the build needs a base image the engine has and PyPI for the lock's wheels, so it
    runs where GATEKEEPER_TEST_IMAGE_BASE names one (see docs/container.md). buildah with chroot
    isolation builds and runs without a daemon, an OCI runtime or cgroups."""
    base = os.environ.get(IMAGE_BASE_ENV)
    if not base:
        pytest.skip(f"{IMAGE_BASE_ENV} is not set (a base image with Python 3.10+ the container engine already has)")
    buildah = system_tools.tool("buildah", install="apt-get install buildah")
    tag = "localhost/gatekeeper-test:latest"
    context = tmp_path / "context"
    shutil.copytree(ROOT, context, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info"))
    recipe = context / "Dockerfile"
    recipe.write_text(re.sub(r"FROM \S+@sha256:[0-9a-f]{64}", f"FROM {base}", recipe.read_text(encoding="utf-8")))

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([buildah, *argv], capture_output=True, text=True, stdin=subprocess.DEVNULL)

    build = run("bud", "--isolation=chroot", "-t", tag, str(context))
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    container = run("from", tag).stdout.strip()
    try:
        version = run("run", "--isolation=chroot", container, "--", "gatekeeper", "--version")
        assert version.returncode == 0 and version.stdout.startswith("gatekeeper "), version.stdout + version.stderr
        assert run("run", "--isolation=chroot", container, "--", "id", "-u").stdout.strip() == "10001"
    finally:
        run("rm", container)
    config = json.loads(run("inspect", "--type", "image", tag).stdout)["OCIv1"]["config"]
    assert config["User"] == "10001" and config["Entrypoint"] == ["gatekeeper"]
