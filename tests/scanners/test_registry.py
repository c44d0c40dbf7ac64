"""The scanner registry: one registration line puts a scanner everywhere a scanner is listed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gatekeeper import config
from gatekeeper.errors import GatekeeperError
from gatekeeper.rulepack import RulePack, default_rules_dir
from gatekeeper.scanners import REGISTRY, build_scanners
from gatekeeper.scanners.registry import DuplicateScanner, Registry
from gatekeeper.scanners.semgrep import SemgrepScanner
from tests.scanners.stand_in import DESCRIPTION, NAME, LicenceScanner, registered


@pytest.fixture
def stand_in() -> Iterator[type[LicenceScanner]]:
    with registered():
        yield LicenceScanner


def test_a_second_scanner_with_a_registered_name_is_an_error() -> None:
    registry = Registry()
    registry.register(LicenceScanner)

    class Impostor(LicenceScanner):
        pass

    with pytest.raises(DuplicateScanner, match="scanner 'licences' is registered twice"):
        registry.register(Impostor)
    assert registry.classes() == (LicenceScanner,)


def test_gatekeepers_own_registry_refuses_a_second_semgrep() -> None:
    class OtherSemgrep(SemgrepScanner):
        pass

    with pytest.raises(DuplicateScanner, match="'semgrep'"):
        REGISTRY.register(OtherSemgrep)
    assert isinstance(build_scanners(RulePack(default_rules_dir()))["semgrep"], SemgrepScanner)


def test_every_scan_builds_one_scanner_per_registered_class_in_registration_order() -> None:
    built = build_scanners(RulePack(default_rules_dir()))
    assert tuple(built) == REGISTRY.names()
    assert [type(s) for s in built.values()] == list(REGISTRY.classes())


def test_only_scanners_that_declare_an_inventory_feed_the_sbom(stand_in: type[LicenceScanner]) -> None:
    assert REGISTRY.inventory_names() == {"dependencies", NAME}


def test_a_registered_scanner_is_in_the_config_schema_with_its_own_options(stand_in: type[LicenceScanner]) -> None:
    assert NAME in config.scanner_names()
    fragment = config.schema()["properties"]["scanners"]["properties"][NAME]
    assert fragment["description"] == DESCRIPTION
    assert set(fragment["properties"]) == {"enabled", "allow"}
    loaded = config.parse(f"scanners:\n  {NAME}: {{allow: [MIT]}}\n  bandit: false\n")
    assert dict(loaded.scanner(NAME).options) == {"allow": ["MIT"]}
    assert NAME in (loaded.enabled_scanners() or ())
    assert loaded.to_dict()["scanners"][NAME] == {"enabled": True, "allow": ["MIT"]}
    with pytest.raises(GatekeeperError, match=rf"scanners\.{NAME}\.deny: unknown key; expected one of allow, enabled"):
        config.parse(f"scanners:\n  {NAME}: {{deny: [GPL]}}\n")
    with pytest.raises(GatekeeperError, match=rf"scanners\.{NAME}\.allow: expected a list, got 'MIT'"):
        config.parse(f"scanners:\n  {NAME}: {{allow: MIT}}\n")


def test_an_unregistered_scanner_is_an_unknown_key() -> None:
    assert NAME not in config.scanner_names()
    with pytest.raises(
        GatekeeperError,
        match=rf"scanners\.{NAME}: unknown key; expected one of bandit, cloudformation, "
        "dependencies, kubernetes, render, sarif, secrets, semgrep, taint, terraform",
    ):
        config.parse(f"scanners:\n  {NAME}: true\n")


def test_the_starter_file_turns_on_every_registered_scanner(stand_in: type[LicenceScanner]) -> None:
    text = config.starter()
    assert f"  {NAME}: true" in text and f"# {DESCRIPTION}" in text
    starter = config.parse(text)
    assert tuple(name for name, _ in starter.scanners) == REGISTRY.names()
    assert starter.enabled_scanners() is None  # all of them
