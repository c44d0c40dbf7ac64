"""The adapters' YAML against the schemas CI systems use, with check-jsonschema's vendored copies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.adapters.conftest import ROOT

CASES = [
    ("vendor.github-actions", ROOT / "actions" / "action.yml"),
    ("vendor.github-workflows", ROOT / "actions" / "examples" / "gatekeeper.yml"),
    ("vendor.github-workflows", ROOT / "actions" / "examples" / "gatekeeper-sharded.yml"),
    ("vendor.travis", ROOT / "travis" / "gatekeeper.yml"),
    ("vendor.travis", ROOT / "travis" / "example.travis.yml"),
    ("vendor.travis", ROOT / "travis" / "example-sharded.travis.yml"),
]


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / "check-jsonschema"
    if not executable.exists():
        pytest.fail(f"check-jsonschema is not installed next to {sys.executable}: pip install -e '.[test]'")
    # Vendored schemas only: no download, no cache.
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [str(executable), "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(("schema", "path"), CASES, ids=[str(p.relative_to(ROOT)) for _, p in CASES])
def test_valid(schema: str, path: Path) -> None:
    proc = check_jsonschema(schema, path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("schema", "text"),
    [
        # A composite run step without `shell` is an error GitHub reports only at run time.
        ("vendor.github-actions", "name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo hi\n"),
        ("vendor.github-workflows", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    step: []\n"),
        ("vendor.travis", "stages: 5\n"),
    ],
)
def test_the_validator_rejects_broken_files(schema: str, text: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(text)
    assert check_jsonschema(schema, broken).returncode == 1
