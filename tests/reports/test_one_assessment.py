"""Control statuses are judged once per scan, by the compliance data that mapped the scan, and every
report shows that one judgement (never the bundled data's, never recomputed per format)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from gatekeeper import compliance
from gatekeeper.compliance import status
from gatekeeper.config import Policy
from gatekeeper.gate import verdict
from gatekeeper.reports import FORMATS, renderer
from tests.compliance.factory import finding, result

ACME = """\
framework: acme
name: Acme Secure Coding
version: "3"
publisher: Acme Corp
url: https://example.org/acme
groups:
  - id: AC
    title: Code
    controls:
      - {id: AC.1, title: Queries built from bound parameters only, automation: partial, evidence: [sast], scope: Our code.}
"""


def test_every_renderer_shares_one_judgement_per_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    judge = status.assess

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return judge(*args, **kwargs)

    monkeypatch.setattr(status, "assess", counting)
    scan = result([finding()])
    policy = Policy()
    outcome = verdict(scan, policy)
    for fmt in FORMATS:
        renderer(fmt)(scan, outcome, policy)
    assert len(calls) == 1


@pytest.fixture()
def acme_bundle(tmp_path: Path) -> compliance.Compliance:
    extra = tmp_path / "acme"
    extra.mkdir()
    (extra / "acme.yaml").write_text(ACME, encoding="utf-8")
    (extra / "acme.mapping.yaml").write_text("framework: acme\ncategories:\n  injection: [AC.1]\n", encoding="utf-8")
    return compliance.load(None, [extra])


@pytest.mark.parametrize("fmt", ["json", "html", "markdown", "oscal", "ocsf", "junit", "sarif"])
def test_a_scan_mapped_by_other_data_is_judged_by_that_data_in_every_format(
    acme_bundle: compliance.Compliance, fmt: str
) -> None:
    # The engine maps with the scan's bundle and records it; a report must not judge by the bundled one.
    base = result([])
    scan = replace(base, findings=tuple(acme_bundle.mapping.apply([finding()])), compliance=acme_bundle)
    assert "acme:AC.1" in scan.findings[0].controls
    policy = Policy()
    text = renderer(fmt)(scan, verdict(scan, policy), policy).replace("\\.", ".")  # markdown escapes dots
    assert "AC.1" in text
    if fmt in ("html", "markdown", "ocsf", "oscal"):
        assert "Acme Secure Coding" in text  # the catalog's own name, not a table in the renderer


def test_framework_names_in_reports_come_from_the_catalogs(tmp_path: Path) -> None:
    # A bundled framework renamed in its catalog is renamed in every report: no renderer knows names.
    rules = tmp_path / "rules"
    shutil.copytree(compliance.compliance_dir(), rules / "compliance")
    catalog = rules / "compliance" / "soc2.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("name: SOC 2\n", "name: Trust Criteria\n"), encoding="utf-8"
    )
    bundle = compliance.load(rules)
    scan = replace(result([]), findings=tuple(bundle.mapping.apply([finding()])), compliance=bundle)
    policy = Policy()
    for fmt in ("html", "markdown", "ocsf", "oscal"):
        text = renderer(fmt)(scan, verdict(scan, policy), policy)
        assert "Trust Criteria" in text, fmt
        assert "SOC 2" not in text, fmt
