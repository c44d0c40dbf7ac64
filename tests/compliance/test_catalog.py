"""The control catalogs (rules/compliance/*.yaml): complete, consistent, and loaded strictly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gatekeeper import compliance
from gatekeeper.compliance.catalog import AUTOMATION_LEVELS, EVIDENCE_SOURCES, catalog_files, load_catalogs
from gatekeeper.errors import GatekeeperError

PCI_AUTOMATED = [
    "1.2.5",
    "1.3.1",
    "1.3.2",
    "1.4.1",
    "2.2.1",
    "2.2.2",
    "2.2.4",
    "2.2.5",
    "2.2.6",
    "2.2.7",
    "3.3.1",
    "3.4.1",
    "3.5.1",
    "3.6.1",
    "4.2.1",
    "6.2.3",
    "6.2.4",
    "6.3.1",
    "6.3.2",
    "6.3.3",
    "6.4.1",
    "6.5.5",
    "7.2.1",
    "7.2.2",
    "7.2.5",
    "8.3.1",
    "8.3.2",
    "8.6.2",
    "8.6.3",
    "10.2.1",
    "10.3.2",
    "10.3.4",
    "10.5.1",
    "11.3.1",
]
"""The requirements the brief names that automation can speak to (6.2.1, 6.4.2, 6.4.3, 6.5.6,
8.6.1, 10.3.1 and 10.3.3 are in the catalog too, as manual or fail-only)."""
PCI_LISTED = PCI_AUTOMATED + ["6.2.1", "6.4.2", "6.4.3", "6.5.6", "8.6.1", "10.3.1", "10.3.3"]
SOC2_LISTED = ["CC6.1", "CC6.3", "CC6.6", "CC6.7", "CC6.8", "CC7.1", "CC7.2", "CC8.1", "C1.1", "A1.2"]
COMPLIANCE_DIR = compliance.compliance_dir()


@pytest.fixture(scope="module")
def catalogs() -> compliance.Catalogs:
    return compliance.load().catalogs


def test_every_catalog_loads_in_the_order_its_data_gives(catalogs: compliance.Catalogs) -> None:
    # Discovered, not listed: every catalog file of the directory, ordered by its `order:`.
    assert {f.path.name for f in catalogs if f.path} == {p.name for p in catalog_files(COMPLIANCE_DIR)}
    assert [f.id for f in catalogs] == ["pci-dss", "soc2", "nist-ssdf"]
    assert [f.order for f in catalogs] == sorted(f.order for f in catalogs)
    assert catalogs.framework("pci-dss").version == "4.0.1"
    assert catalogs.framework("soc2").version.startswith("2017")


@pytest.mark.parametrize("control_id", PCI_LISTED)
def test_pci_dss_requirement_is_in_the_catalog(catalogs: compliance.Catalogs, control_id: str) -> None:
    assert catalogs.has(f"pci-dss:{control_id}")


@pytest.mark.parametrize("control_id", PCI_AUTOMATED)
def test_pci_dss_requirement_automation_can_speak_to_is_marked_automated(
    catalogs: compliance.Catalogs, control_id: str
) -> None:
    assert catalogs.control(f"pci-dss:{control_id}").automated


@pytest.mark.parametrize("control_id", SOC2_LISTED)
def test_soc2_criterion_is_in_the_catalog_and_automated(catalogs: compliance.Catalogs, control_id: str) -> None:
    assert catalogs.control(f"soc2:{control_id}").automated


def test_the_catalogs_list_the_other_requirements_too_as_manual(catalogs: compliance.Catalogs) -> None:
    pci = catalogs.framework("pci-dss")
    # Every principal requirement, 1 to 12, is present, most of them manual only.
    assert {c.id.split(".")[0] for c in pci.controls} >= {str(n) for n in range(1, 13)}
    assert len(pci.controls) > 240
    assert sum(1 for c in pci.controls if not c.automated) > 200
    for manual in ("9.4.1", "12.10.1", "5.2.1", "8.4.2", "12.10.7"):
        assert catalogs.control(f"pci-dss:{manual}").automation == "none"
    assert len(catalogs.framework("soc2").controls) >= 60
    for criterion in ("CC1.1", "CC2.1", "CC3.2", "CC4.1", "CC5.2", "CC9.2", "PI1.1", "P8.1", "A1.3", "C1.2"):
        assert catalogs.control(f"soc2:{criterion}").automation == "none", criterion


def test_every_control_declares_automation_and_valid_evidence(catalogs: compliance.Catalogs) -> None:
    for control in catalogs.controls:
        assert control.automation in AUTOMATION_LEVELS, control.ref
        assert set(control.evidence) <= set(EVIDENCE_SOURCES), control.ref
        if control.evidence:
            assert control.automated, control.ref
        if control.automated:
            assert control.scope, f"{control.ref}: say what automation looks at and what it cannot see"


def test_titles_are_short_summaries_of_our_own(catalogs: compliance.Catalogs) -> None:
    # The standards' texts are copyrighted: titles stay short, plain summaries, never sentences
    # lifted from the standard (which run to several clauses and end with a full stop).
    for control in catalogs.controls:
        assert 8 <= len(control.title) <= 90, (control.ref, control.title)
        assert not control.title.endswith("."), control.ref


def test_6_2_4_distinguishes_the_six_attack_families(catalogs: compliance.Catalogs) -> None:
    families = catalogs.control("pci-dss:6.2.4").families
    assert [f.id for f in families] == [
        "injection",
        "data-structures",
        "cryptography",
        "business-logic",
        "access-control",
        "high-risk",
    ]
    assert families[3].title == "Attacks on business logic (XSS, CSRF and similar)"


def test_every_id_the_mapping_references_exists() -> None:
    bundle = compliance.load()
    for category in bundle.mapping.categories:
        for ref in category.controls:
            assert bundle.catalogs.has(ref), (category.id, ref)


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "compliance"
    shutil.copytree(COMPLIANCE_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # An unquoted comma in a flow mapping silently splits a title: the loader says where.
        (
            'title: "Structures, reporting lines and authorities set"',
            "title: Structures, reporting lines",
            "unknown key 'reporting lines'",
        ),
        (
            "{id: CC1.1, title: Commitment to integrity and ethical values, automation: none}",
            "{id: CC1.1, title: Commitment to integrity and ethical values, automation: mostly}",
            "automation 'mostly'",
        ),
        (
            "{id: CC1.2, title: Board independence and oversight of internal control, automation: none}",
            "{id: CC1.2, title: Board independence and oversight of internal control, automation: none, evidence: [sast]}",
            "automation is 'none' but evidence",
        ),
        ("{id: CC1.2,", "{id: CC1.1,", "duplicate control ids: CC1.1"),
        (
            "evidence: [secrets]\n        scope: Card numbers",
            "evidence: [logs]\n        scope: Card numbers",
            "unknown evidence source 'logs'",
        ),
    ],
)
def test_a_broken_catalog_is_an_error_that_names_file_and_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "soc2.yaml", old, new)
    with pytest.raises(GatekeeperError) as error:
        load_catalogs(directory)
    assert message in str(error.value)
    assert "soc2.yaml" in str(error.value)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    title: Third-party package with a published vulnerability\n",
            "    title: Third-party package with a published vulnerability\n    controls: [pci-dss:6.3.33]\n",
            "control 'pci-dss:6.3.33' is not in the catalogs",
        ),
        ("  CWE-89: injection\n", "  CWE-89: injektion\n", "unknown category 'injektion'"),
        ("  B307: injection ", "  B307: nothing ", "unknown category 'nothing'"),
        (
            "  CWE-398: Code-quality indicator with no security consequence of its own.\n",
            "  CWE-398:\n",
            "give the reason",
        ),
        ("  CWE-703: >-", "  CWE-89: >-", "CWE-89 is both mapped"),
        ("family: injection\n", "family: sorcery\n", "family 'sorcery'"),
        # Scanner names are checked against the registry: a misspelt one would never report, and
        # the controls it backs would wait on evidence that cannot come.
        (
            "scanners: [semgrep, bandit]",
            "scanners: [semgrep, bandt]",
            "evidence_sources.sast.scanners: unknown scanner 'bandt' (known: semgrep, bandit, dependencies, secrets, terraform, sarif, cloudformation, render, kubernetes, taint)",
        ),
        (
            "{scanner: terraform, source: config",
            "{scanner: terrafrom, source: config",
            "sources[11].scanner: unknown scanner 'terrafrom'",
        ),
    ],
)
def test_a_broken_mapping_is_an_error_that_names_the_entry(tmp_path: Path, old: str, new: str, message: str) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "mapping.yaml", old, new)
    with pytest.raises(GatekeeperError) as error:
        compliance.load(tmp_path)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'vulnerable-dependency: ["6.3.1", "6.3.3", "11.3.1"]',
            'vulnerable-dependency: ["6.3.1", "6.3.33", "11.3.1"]',
            "categories.vulnerable-dependency: control '6.3.33' is not in the PCI DSS catalog",
        ),
        ("  vulnerable-dependency:", "  vulnerable-dependancy:", "categories.vulnerable-dependancy: unknown category"),
        ("framework: pci-dss\n", "framework: soc2\n", "'framework' must be 'pci-dss'"),
        ("categories:\n", "controls:\n", "unknown key 'controls'"),
        ('vulnerable-dependency: ["6.3.1", "6.3.3", "11.3.1"]', "vulnerable-dependency: [", "not valid YAML"),
    ],
)
def test_a_broken_framework_mapping_is_an_error_that_names_the_file_and_entry(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "pci-dss.mapping.yaml", old, new)
    with pytest.raises(GatekeeperError) as error:
        compliance.load(tmp_path)
    assert message in str(error.value)
    assert "pci-dss.mapping.yaml" in str(error.value)


SSDF_TASKS = [
    "PO.1.1",
    "PO.1.2",
    "PO.1.3",
    "PO.2.1",
    "PO.2.2",
    "PO.2.3",
    "PO.3.1",
    "PO.3.2",
    "PO.3.3",
    "PO.4.1",
    "PO.4.2",
    "PO.5.1",
    "PO.5.2",
    "PS.1.1",
    "PS.2.1",
    "PS.3.1",
    "PS.3.2",
    "PW.1.1",
    "PW.1.2",
    "PW.1.3",
    "PW.2.1",
    "PW.4.1",
    "PW.4.2",
    "PW.4.4",
    "PW.5.1",
    "PW.6.1",
    "PW.6.2",
    "PW.7.1",
    "PW.7.2",
    "PW.8.1",
    "PW.8.2",
    "PW.9.1",
    "PW.9.2",
    "RV.1.1",
    "RV.1.2",
    "RV.1.3",
    "RV.2.1",
    "RV.2.2",
    "RV.3.1",
    "RV.3.2",
    "RV.3.3",
    "RV.3.4",
]
"""SP 800-218 v1.1's tasks (ids only; the titles are our own)."""


def test_nist_ssdf_lists_every_task_of_its_four_groups(catalogs: compliance.Catalogs) -> None:
    ssdf = catalogs.framework("nist-ssdf")
    assert ssdf.label == "NIST SSDF 1.1"
    assert [g.id for g in ssdf.groups] == ["PO", "PS", "PW", "RV"]
    assert [c.id for c in ssdf.controls] == SSDF_TASKS
    assert all(c.group == c.id[:2] for c in ssdf.controls)
    evidence = {c.id: c.evidence for c in ssdf.controls if c.evidence}
    assert evidence == {
        "PS.3.2": ("sbom",),
        "PW.4.1": ("dependencies",),
        "PW.4.4": ("dependencies",),
        "PW.5.1": ("sast", "secrets"),
        "PW.7.2": ("sast",),
        "PW.9.1": ("config",),
        "RV.1.1": ("dependencies",),
        "RV.1.2": ("sast",),
    }


def _catalog(directory: Path, framework: str, order: int | None = None) -> None:
    order_line = f"order: {order}\n" if order is not None else ""
    (directory / f"{framework}.yaml").write_text(
        f"framework: {framework}\nname: Internal {framework}\nversion: '2'\npublisher: Us\nurl: https://example.org\n"
        f"{order_line}groups:\n  - id: A\n    title: Everything\n    controls:\n"
        "      - {id: A.1, title: Code free of injection flaws, automation: partial, evidence: [sast], scope: Our code.}\n",
        encoding="utf-8",
    )


def test_a_catalog_dropped_into_the_directory_is_discovered_and_ordered_by_its_data(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _catalog(directory, "aaa-first", order=1)
    _catalog(directory, "zzz-unordered")
    assert [f.id for f in load_catalogs(directory)] == ["aaa-first", "pci-dss", "soc2", "nist-ssdf", "zzz-unordered"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("dup.yaml", None, "framework 'soc2' is already defined by"),
        ("bad.yaml", "framework: [", "not valid YAML"),
        (
            "bad.yaml",
            "framework: x\nname: X\nversion: '1'\npublisher: P\nurl: u\norder: first\ngroups: []\n",
            "'order' must be a whole number",
        ),
    ],
)
def test_a_broken_discovered_catalog_is_an_error_naming_its_file(
    tmp_path: Path, name: str, text: str | None, message: str
) -> None:
    directory = _copy(tmp_path)
    (directory / name).write_text(text or (directory / "soc2.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(GatekeeperError) as error:
        load_catalogs(directory)
    assert message in str(error.value) and name in str(error.value)
