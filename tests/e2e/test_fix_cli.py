"""`gatekeeper scan --fix`: each mechanical fix applied to real code, shown as a diff, written
atomically (the file's mode kept), accepted and non-mechanical cases left alone, never --staged."""

from __future__ import annotations

import os
import stat
import subprocess
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import run_cli

CASES = [
    (
        "python-tls-verification-disabled",
        "import requests\n\n\ndef f(u):\n    return requests.get(u, verify=False, timeout=5)\n",
        "import requests\n\n\ndef f(u):\n    return requests.get(u, timeout=5)\n",
    ),
    (
        "python-tls-verification-disabled",
        "import httpx\n\nclient = httpx.Client(verify=False)\n",
        "import httpx\n\nclient = httpx.Client()\n",
    ),
    (
        "python-unsafe-yaml-load",
        "import yaml\n\n\ndef f(stream):\n    return yaml.load(stream)\n",
        "import yaml\n\n\ndef f(stream):\n    return yaml.safe_load(stream)\n",
    ),
    (
        "python-shell-true-with-list",
        'import subprocess\n\nsubprocess.run(["logrotate", "-f", "/etc/app"], shell=True, check=True)\n',
        'import subprocess\n\nsubprocess.run(["logrotate", "-f", "/etc/app"], check=True)\n',
    ),
    (
        "python-cookie-missing-flags",
        'from flask import make_response\n\n\ndef f():\n    r = make_response("ok")\n    r.set_cookie("sid", "v")\n    return r\n',
        'from flask import make_response\n\n\ndef f():\n    r = make_response("ok")\n'
        '    r.set_cookie("sid", "v", secure=True, httponly=True)\n    return r\n',
    ),
    (
        "config-flask-debug-true",
        'from flask import Flask\n\napp = Flask(__name__)\napp.run(host="127.0.0.1", debug=True)\n',
        'from flask import Flask\n\napp = Flask(__name__)\napp.run(host="127.0.0.1")\n',
    ),
    (
        "config-flask-debug-true",
        "from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n",
        "from flask import Flask\n\napp = Flask(__name__)\napp.run()\n",
    ),
]


def _rules(proc: subprocess.CompletedProcess[str]) -> set[str]:
    import json

    return {f["rule_id"] for f in json.loads(proc.stdout)["findings"]}


@pytest.mark.parametrize(("rule", "before", "after"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_fix_is_applied_and_the_finding_is_gone(tmp_path: Path, rule: str, before: str, after: str) -> None:
    source = tmp_path / "app.py"
    source.write_text(before)
    source.chmod(0o750)
    scan = ("scan", str(tmp_path), "--scanner", "semgrep", "--format", "json", "--no-cache")
    assert rule in _rules(run_cli(*scan))
    fixed = run_cli(*scan, "--fix")
    assert fixed.returncode in (0, 1), fixed.stderr
    assert source.read_text() == after
    assert stat.S_IMODE(source.stat().st_mode) == 0o750
    # The diff on stderr, stdout still the JSON report.
    assert "--- a/app.py\n+++ b/app.py\n" in fixed.stderr
    assert "gatekeeper: fixed 1 file(s)" in fixed.stderr
    assert rule not in _rules(run_cli(*scan))
    compile(after, "app.py", "exec")


NOT_MECHANICAL = textwrap.dedent(
    """\
    import subprocess

    import yaml
    from flask import make_response


    def f(stream, name):
        data = yaml.load(stream, Loader=yaml.Loader)
        subprocess.run(["logrotate", name], shell=True)
        r = make_response("ok")
        r.set_cookie("sid", "v", secure=False)
        return data, r
    """
)


def test_decisions_are_left_to_a_person(tmp_path: Path) -> None:
    source = tmp_path / "app.py"
    source.write_text(NOT_MECHANICAL)
    proc = run_cli("scan", str(tmp_path), "--scanner", "semgrep", "--fix", "--no-cache", "--progress", "off")
    assert proc.returncode == 1, proc.stderr
    assert source.read_text() == NOT_MECHANICAL
    assert "gatekeeper: fixed 0 file(s)" in proc.stderr


def test_a_waived_finding_is_not_fixed(tmp_path: Path) -> None:
    source = tmp_path / "app.py"
    code = "import yaml\n\n\ndef f(stream):\n    return yaml.load(stream)\n"
    source.write_text(code)
    (tmp_path / ".gatekeeper.yml").write_text(
        "waivers:\n  - id: W-1\n    rule: python-unsafe-yaml-load\n    reason: trusted file\n"
        f"    owner: a@example.com\n    expires: {date.today() + timedelta(days=30)}\n"
    )
    proc = run_cli("scan", str(tmp_path), "--scanner", "semgrep", "--fix", "--no-cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr  # the waiver is active
    assert source.read_text() == code


def test_fix_is_refused_with_staged(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "app.py").write_text("import yaml\nyaml.load(open('f'))\n")
    proc = run_cli("scan", "--staged", "--fix", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "gatekeeper: error: --fix cannot be used with --staged: fix the working tree, then stage the changes"
    ]
    assert os.path.exists(tmp_path / "app.py")
