"""Compliance frameworks as data, through the CLI: NIST SSDF ships bundled, and an organisation's
own framework (`compliance.frameworks`) is validated like the bundled ones, judged and reported
like them, recorded in the evidence, and re-rendered identically by `gatekeeper report`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gatekeeper import compliance
from tests.conftest import run_cli
from tests.reliability.helpers import AWS_KEY_ID, error_line, gate

BUNDLED = [f.id for f in compliance.load().catalogs]
FORMATS = ("json", "html", "markdown", "oscal", "ocsf", "sarif", "junit")
ACME_CATALOG = """\
framework: acme
name: Acme Secure Coding
version: "3"
publisher: Acme Corp
url: https://example.org/acme
order: 40
groups:
  - id: AC
    title: Secrets
    controls:
      - id: AC.1
        title: No credentials kept in the repository
        automation: partial
        evidence: [secrets]
        scope: Credentials in any file of the repository.
      - {id: AC.2, title: Threat model reviewed every year, automation: none}
"""
ACME_MAPPING = "framework: acme\ncategories:\n  secret: [AC.1]\n"


def _project(root: Path, frameworks: str = "[../frameworks/acme]") -> Path:
    project = root / "project"
    project.mkdir()
    (project / "settings.py").write_text(f'AWS_ACCESS_KEY_ID = "{AWS_KEY_ID}"\n', encoding="utf-8")
    (project / ".gatekeeper.yml").write_text(f"compliance:\n  frameworks: {frameworks}\n", encoding="utf-8")
    acme = root / "frameworks" / "acme"
    acme.mkdir(parents=True)
    (acme / "acme.yaml").write_text(ACME_CATALOG, encoding="utf-8")
    (acme / "acme.mapping.yaml").write_text(ACME_MAPPING, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("frameworks")
    project = _project(work)
    outputs = [arg for fmt in FORMATS for arg in ("--output", f"{fmt}={work / 'scan' / fmt}")]
    proc = gate("scan", str(project), "--scanner", "secrets", "--quiet", *outputs)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    return work


def test_the_custom_framework_is_judged_like_the_bundled_ones(scanned: Path) -> None:
    report = json.loads((scanned / "scan" / "json").read_text(encoding="utf-8"))
    frameworks = {f["id"]: f for f in report["controls"]["frameworks"]}
    assert list(frameworks) == [*BUNDLED, "acme"]  # by each catalog's `order`: acme's 40 comes last
    acme = {c["id"]: c for c in frameworks["acme"]["controls"]}
    assert acme["AC.1"]["status"] == "failing"
    assert acme["AC.2"]["status"] == "not_assessed"
    (secret,) = report["findings"]
    assert "acme:AC.1" in secret["controls"] and "nist-ssdf:PW.5.1" in secret["controls"]


def test_the_evidence_names_the_framework_files_and_their_digest(scanned: Path) -> None:
    recorded = json.loads((scanned / "scan" / "json").read_text(encoding="utf-8"))["scan"]["compliance"]
    acme = str((scanned / "frameworks" / "acme").resolve())
    assert recorded["directories"] == ["bundled", acme]
    assert {f["path"] for f in recorded["files"]} >= {
        f"{acme}/acme.yaml",
        f"{acme}/acme.mapping.yaml",
        "bundled/nist-ssdf.yaml",
        "bundled/mapping.yaml",
    }
    assert recorded["digest"].startswith("sha256:")
    assert recorded["digest"] in (scanned / "scan" / "html").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "sarif"])
def test_every_report_shows_ssdf_and_the_custom_framework_by_their_catalog_names(scanned: Path, fmt: str) -> None:
    text = (scanned / "scan" / fmt).read_text(encoding="utf-8").replace("\\.", ".")
    assert "AC.1" in text and "PW.5.1" in text  # the secret fails NIST SSDF's secure coding task too
    if fmt != "junit":
        assert "Acme Secure Coding" in text and "NIST SSDF" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_rerenders_every_format_identically(scanned: Path, fmt: str) -> None:
    out = scanned / "again" / fmt
    proc = run_cli("report", str(scanned / "scan" / "json"), "-o", f"{fmt}={out}")
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == (scanned / "scan" / fmt).read_bytes()


def test_report_refuses_when_the_framework_files_changed_since_the_scan(scanned: Path, tmp_path: Path) -> None:
    saved = tmp_path / "result.json"
    saved.write_bytes((scanned / "scan" / "json").read_bytes())
    catalog = scanned / "frameworks" / "acme" / "acme.yaml"
    original = catalog.read_text(encoding="utf-8")
    try:
        catalog.write_text(original.replace("No credentials kept", "No secrets kept"), encoding="utf-8")
        proc = run_cli("report", str(saved), "-o", f"html={tmp_path / 'r.html'}")
    finally:
        catalog.write_text(original, encoding="utf-8")
    assert proc.returncode == 2
    error_line(proc, str(saved), "compliance data", "changed since")


def test_controls_lists_ssdf_and_the_configured_framework(tmp_path: Path) -> None:
    proc = run_cli("controls", "--framework", "nist-ssdf")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("NIST SSDF 1.1 (National Institute of Standards and Technology): 42 controls")
    assert "PW.7.2" in proc.stdout and "PS.3.2" in proc.stdout and "pci-dss" not in proc.stdout
    listed = json.loads(run_cli("controls", "--format", "json").stdout)
    assert [f["framework"] for f in listed] == BUNDLED
    project = _project(tmp_path)
    custom = json.loads(run_cli("controls", "--framework", "acme", "--format", "json", cwd=project).stdout)
    assert [(c["ref"], c["categories"]) for c in custom[0]["controls"]] == [
        ("acme:AC.1", ["secret"]),
        ("acme:AC.2", []),
    ]
    unknown = run_cli("controls", "--framework", "acme")  # not configured here
    assert unknown.returncode == 2 and f"unknown framework 'acme' (known: {', '.join(BUNDLED)})" in unknown.stderr


@pytest.mark.parametrize(
    ("file", "old", "new", "needles"),
    [
        ("acme.yaml", "groups:", "groups: [", ("acme.yaml", "not valid YAML")),
        ("acme.yaml", "order: 40\n", "order: 40\ncolour: red\n", ("acme.yaml", "unknown key 'colour'")),
        ("acme.yaml", "evidence: [secrets]", "evidence: [logs]", ("acme.yaml", "unknown evidence source 'logs'")),
        ("acme.yaml", "framework: acme", "framework: soc2", ("acme.yaml", "framework 'soc2' is already defined")),
        (
            "acme.mapping.yaml",
            "[AC.1]",
            "[AC.9]",
            ("acme.mapping.yaml", "control 'AC.9' is not in the Acme Secure Coding catalog"),
        ),
        ("acme.mapping.yaml", "  secret:", "  secrets:", ("acme.mapping.yaml", "categories.secrets: unknown category")),
        ("acme.mapping.yaml", "categories:", "controls:", ("acme.mapping.yaml", "unknown key 'controls'")),
    ],
)
def test_a_broken_framework_is_one_error_line_naming_the_file(
    tmp_path: Path, file: str, old: str, new: str, needles: tuple[str, ...]
) -> None:
    project = _project(tmp_path)
    path = tmp_path / "frameworks" / "acme" / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    proc = gate("scan", str(project), "--scanner", "secrets")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    error_line(proc, *needles)


def test_a_missing_framework_directory_names_the_config_key(tmp_path: Path) -> None:
    project = _project(tmp_path, frameworks="[../frameworks/acme, ../nowhere]")
    proc = gate("scan", str(project), "--scanner", "secrets")
    assert proc.returncode == 2
    error_line(proc, ".gatekeeper.yml:2", "compliance.frameworks[1]", "not a directory")


def test_a_shared_mapping_in_a_framework_directory_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (tmp_path / "frameworks" / "acme" / "mapping.yaml").write_text("version: 1\n", encoding="utf-8")
    proc = gate("scan", str(project), "--scanner", "secrets")
    assert proc.returncode == 2
    error_line(proc, "mapping.yaml", "belongs to the rules' compliance directory")


def test_a_changed_framework_mapping_is_not_hidden_by_the_result_cache(tmp_path: Path) -> None:
    # Framework files are outside the rule pack digest: cached, mapped findings must not outlive them.
    project = _project(tmp_path)
    cache = tmp_path / "cache"
    first = gate("scan", str(project), "--scanner", "secrets", "--cache-dir", str(cache), "--format", "json")
    assert "acme:AC.1" in json.loads(first.stdout)["findings"][0]["controls"]
    mapping = tmp_path / "frameworks" / "acme" / "acme.mapping.yaml"
    mapping.write_text(ACME_MAPPING.replace("[AC.1]", "[AC.2]"), encoding="utf-8")
    again = json.loads(
        gate("scan", str(project), "--scanner", "secrets", "--cache-dir", str(cache), "--format", "json").stdout
    )
    assert [c for c in again["findings"][0]["controls"] if c.startswith("acme:")] == ["acme:AC.2"]


def test_thresholds_may_name_the_configured_frameworks_controls(tmp_path: Path) -> None:
    project = _project(tmp_path)
    config = project / ".gatekeeper.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + 'fail_on:\n  controls:\n    "acme:AC.1": low\n', encoding="utf-8"
    )
    shown = run_cli("config", "show", str(project), "--format", "json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["compliance"] == {"frameworks": ["../frameworks/acme"]}
    config.write_text(config.read_text(encoding="utf-8").replace("acme:AC.1", "acme:AC.7"), encoding="utf-8")
    error_line(
        run_cli("config", "show", str(project)), "fail_on.controls.acme:AC.7", "no such control in Acme Secure Coding 3"
    )
