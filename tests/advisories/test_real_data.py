"""Against the real PyPA snapshot (GATEKEEPER_TEST_ADVISORIES): known-vulnerable pins found with
the right advisory ids and fixes, patched pins clean, withdrawn records ignored, the whole database
valid, and the example's trimmed copy in agreement with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from gatekeeper.advisories.interface import PackageVersion, Vulnerability
from gatekeeper.advisories.local import LocalOsvSource
from gatekeeper.advisories.manifests import read_manifest
from tests.advisories.helpers import real_advisories
from tests.conftest import EXAMPLE

# Each test reads the whole real advisory snapshot: the slow tier (tests/conftest.py).
pytestmark = pytest.mark.slow

# The example's pins, as the PyPA snapshot of 2024-10-10 answers: advisory id -> smallest fix above the pin.
EXPECTED = {
    ("flask", "0.12.2"): {"PYSEC-2018-66": "0.12.3", "PYSEC-2019-179": "1.0", "PYSEC-2023-62": "2.2.5"},
    ("jinja2", "2.10"): {"PYSEC-2019-217": "2.10.1", "PYSEC-2021-66": "2.11.3"},
    ("pyyaml", "5.3"): {"PYSEC-2020-96": "5.3.1", "PYSEC-2021-142": "5.4"},
    ("requests", "2.19.1"): {"PYSEC-2018-28": "2.20.0", "PYSEC-2023-74": "2.31.0"},
    ("urllib3", "1.24.1"): {
        "PYSEC-2019-132": "1.24.3",
        "PYSEC-2019-133": "1.24.2",
        "PYSEC-2020-148": "1.25.9",
        "PYSEC-2021-108": "1.26.5",
        "PYSEC-2023-192": "1.26.17",
        "PYSEC-2023-207": "1.24.2",
        "PYSEC-2023-212": "1.26.18",
    },
    ("cryptography", "3.2"): {
        "PYSEC-2021-62": "3.2.1",
        "PYSEC-2021-63": "3.3.2",
        "PYSEC-2023-11": "39.0.1",
        "PYSEC-2023-254": "41.0.6",
    },
}
PATCHED = [
    ("flask", "3.0.3"),
    ("jinja2", "3.1.4"),
    ("pyyaml", "6.0.2"),
    ("requests", "2.32.3"),
    ("urllib3", "2.2.3"),
    ("cryptography", "43.0.1"),
]


@pytest.fixture(scope="module")
def real_source(tmp_path_factory: pytest.TempPathFactory) -> LocalOsvSource:
    path = real_advisories()
    source = LocalOsvSource(path, display="pypa-vulns", cache_dir=tmp_path_factory.mktemp("cache"))
    yield source  # type: ignore[misc]
    source.close()


def answers(source: LocalOsvSource, pins: list[tuple[str, str]]) -> dict[tuple[str, str], list[Vulnerability]]:
    packages = {PackageVersion.of(name, version): (name, version) for name, version in pins}
    return {packages[p]: vulns for p, vulns in source.query(packages).items()}


def test_the_whole_snapshot_is_valid_and_dated(real_source: LocalOsvSource) -> None:
    identity = real_source.identity
    assert identity.skipped_records == ()
    assert 2600 < (identity.records or 0) <= 2661
    assert identity.date is not None and identity.date.startswith("2024-10-10")


def test_example_pins_have_the_known_advisories_and_fixes(real_source: LocalOsvSource) -> None:
    pins = [(r.canonical_name, r.version or "") for r in read_manifest(EXAMPLE, "requirements.txt")]
    assert sorted(pins) == sorted(EXPECTED)
    found = answers(real_source, pins)
    for pin, expected in EXPECTED.items():
        assert {v.id: v.fix for v in found[pin]} == expected, pin


def test_aliases_are_merged_and_named(real_source: LocalOsvSource) -> None:
    (vuln, _) = answers(real_source, [("jinja2", "2.10")])[("jinja2", "2.10")]
    assert vuln.id == "PYSEC-2019-217"
    assert set(vuln.aliases) == {"CVE-2019-10906", "GHSA-462w-v97r-4m45"}


def test_patched_pins_are_clean(real_source: LocalOsvSource) -> None:
    assert {pin: [v.id for v in vulns] for pin, vulns in answers(real_source, PATCHED).items()} == {
        p: [] for p in PATCHED
    }


def test_withdrawn_advisories_never_match(real_source: LocalOsvSource) -> None:
    # PYSEC-2023-73 (redis) is withdrawn; it listed every release from 0.6.0 on.
    for vulns in answers(real_source, [("redis", "2.10.0"), ("redis", "4.5.3")]).values():
        assert "PYSEC-2023-73" not in {i for v in vulns for i in v.ids}


@pytest.mark.parametrize(
    ("pin", "record", "fixed"),
    [
        (("binderhub", "0.2.0"), "PYSEC-2021-371", "0.2.0-n653"),
        (("binderhub", "1.0.0"), "PYSEC-2021-371", "0.2.0-n653"),
        (("steam", "1.4.4"), "PYSEC-2019-125", "2019-09-12"),
    ],
)
def test_a_fix_that_is_not_pep440_never_counts_as_fixed(
    real_source: LocalOsvSource, pin: tuple[str, str], record: str, fixed: str
) -> None:
    (vuln,) = [v for v in answers(real_source, [pin])[pin] if v.id == record]
    assert vuln.fix is None and vuln.unordered_fixes == (fixed,)
    assert any(f"fixed '{fixed}'" in note for note in vuln.notes)


def test_the_examples_trimmed_copy_agrees_with_the_snapshot(real_source: LocalOsvSource, tmp_path: Path) -> None:
    trimmed = LocalOsvSource(EXAMPLE / "advisories", cache_dir=tmp_path)
    try:
        pins = list(EXPECTED) + PATCHED + [("urllib3", "1.26.4"), ("cryptography", "41.0.5"), ("flask", "2.2.4")]
        full, small = answers(real_source, pins), answers(trimmed, pins)
        for pin in pins:
            assert [(v.id, v.aliases, v.fix) for v in small[pin]] == [(v.id, v.aliases, v.fix) for v in full[pin]], pin
    finally:
        trimmed.close()
