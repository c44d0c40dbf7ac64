"""Every report's attribution names each rule pack semgrep ran (rules.packs) with its own digest."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from gatekeeper.config import Policy
from gatekeeper.gate import verdict
from gatekeeper.reports import json_report, renderer
from tests.compliance.factory import result

BUNDLED = ("bundled", "sha256:" + "cd" * 32)
ORG = ("security/semgrep", "sha256:" + "ef" * 32)


def judged(*packs: tuple[str, str]):  # type: ignore[no-untyped-def]
    base = result([])
    scan = replace(base, metadata=replace(base.metadata, rule_packs=packs))
    return scan, verdict(scan, Policy()), Policy()


def test_the_json_report_lists_every_pack_and_reads_them_back() -> None:
    text = renderer("json")(*judged(BUNDLED, ORG))
    assert json.loads(text)["scan"]["rule_packs"] == [{"name": n, "digest": d} for n, d in (BUNDLED, ORG)]
    assert json_report.load(text)[0].metadata.rule_packs == (BUNDLED, ORG)


@pytest.mark.parametrize(
    ("fmt", "shown"), [("html", 71), ("sarif", 71), ("oscal", 71), ("junit", 71), ("markdown", 19)]
)
def test_each_attribution_names_the_policy_s_packs(fmt: str, shown: int) -> None:
    text = renderer(fmt)(*judged(BUNDLED, ORG))
    for name, value in (BUNDLED, ORG):
        assert name in text and value[:shown] in text, (fmt, name)


@pytest.mark.parametrize("fmt", ["html", "oscal", "junit", "markdown"])
def test_the_bundled_pack_alone_reads_as_before(fmt: str) -> None:
    """Its digest is rule_pack_digest: the human-facing formats do not repeat it."""
    assert renderer(fmt)(*judged(BUNDLED)) == renderer(fmt)(*judged())
