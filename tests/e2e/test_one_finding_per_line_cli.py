"""One finding per weakness per line, through the CLI: three scanners that call a hard-coded key
CWE-798 and CWE-259 report it once; bandit's "hard-coded password" on an empty string is not
reported; a Flask app's settings module never sees a `django` rule id, a Django one does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import run_cli

# Random-looking, built here: what a real key committed by mistake looks like to every scanner.
KEY = "q8Vh3kLr0ZxT5mWc9NbY2pQe7JsD4fGa"

FLASK_CONFIG = f"""\
import os


class ProductionConfig:
    SECRET_KEY = "{KEY}"
    MAIL_PASSWORD = ""
    DB_PASSWORD = "{KEY[::-1]}"
"""

FLASK_SETTINGS = f"""\
import os

DEBUG = True
SECRET_KEY = "{KEY}"
SESSION_COOKIE_SECURE = False
"""

DJANGO_SETTINGS = FLASK_SETTINGS + 'INSTALLED_APPS = ["django.contrib.admin"]\n'


def scan(root: Path) -> list[dict[str, Any]]:
    proc = run_cli(
        "scan", str(root), "--scanner", "semgrep", "--scanner", "bandit", "--scanner", "secrets", "--format", "json"
    )
    assert proc.stdout, proc.stderr
    findings: list[dict[str, Any]] = json.loads(proc.stdout)["findings"]
    return findings


def test_a_hard_coded_key_three_scanners_report_is_one_finding(tmp_path: Path) -> None:
    (tmp_path / "config.py").write_text(FLASK_CONFIG)
    findings = scan(tmp_path)
    on_key = [f for f in findings if f["location"]["start_line"] == 5]
    assert len(on_key) == 1, on_key
    [key] = on_key
    assert key["rule_id"] == "config-flask-hardcoded-secret-key"
    assert dict(key["source_rules"]) == {
        "semgrep": "config-flask-hardcoded-secret-key",
        "bandit": "B105",
        "secrets": "secrets-generic-secret",
    }
    assert KEY not in json.dumps(findings)
    # MAIL_PASSWORD = "": no credential at all
    assert not [f for f in findings if f["location"]["start_line"] == 6]
    # bandit's B105 and the secrets scanner: one finding, led by the scanner that knows secrets
    [password] = [f for f in findings if f["location"]["start_line"] == 7]
    assert password["rule_id"].startswith("secrets-") and "B105" in password["source_rules"].values()


def test_a_flask_settings_module_gets_framework_neutral_ids(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text(FLASK_SETTINGS)
    rules = {f["rule_id"] for f in scan(tmp_path)}
    assert {"config-settings-debug-true", "config-settings-hardcoded-secret-key"} <= rules
    assert "config-settings-insecure-cookie" in rules
    assert not [rule for rule in rules if "django" in rule], rules


def test_a_django_settings_module_keeps_the_django_ids(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text(DJANGO_SETTINGS)
    rules = {f["rule_id"] for f in scan(tmp_path)}
    assert {"config-django-debug-true", "config-django-hardcoded-secret-key", "config-django-insecure-cookie"} <= rules
    assert not [rule for rule in rules if rule.startswith("config-settings-")], rules
