"""gatekeeper.settings.layers and .tighten: a repository's policy over the base it extends may
tighten it and never loosen it; every layer is named, with its digest, and each value's origin."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from gatekeeper import config as config_module
from gatekeeper.errors import GatekeeperError
from gatekeeper.findings import Confidence, Severity
from gatekeeper.policy import waivers
from gatekeeper.settings import tighten
from tests.policy.helpers import make

BASE = """\
version: 1
fail_on:
  severity: high
  frameworks:
    pci-dss: medium
waiver_max_days:
  critical: 14
  high: 30
scanners:
  bandit: true
  sarif:
    max_age_days: 7
  taint:
    sanitizers: [app.clean]
paths:
  exclude: [vendor/]
  max_file_bytes: 2000000
rules:
  disable: [python-flask-debug]
  packs: [org-rules]
dependencies:
  advisories: /srv/osv
  max_age_days: 3
inline_suppressions:
  allow: true
  require_reason: true
baseline: accepted.json
"""


def layered(tmp_path: Path, repo: str, base: str = BASE) -> config_module.Config:
    org = tmp_path / "org"
    (org / "org-rules").mkdir(parents=True, exist_ok=True)
    (org / "policy.yml").write_text(base)
    project = tmp_path / "project"
    (project / "team-rules").mkdir(parents=True, exist_ok=True)
    (project / ".gatekeeper.yml").write_text("version: 1\nextends: ../org/policy.yml\n" + repo)
    return config_module.load(project)


def refusal(tmp_path: Path, repo: str) -> str:
    with pytest.raises(GatekeeperError) as caught:
        layered(tmp_path, repo)
    return str(caught.value)


def test_the_effective_policy_is_the_base_with_the_repository_over_it(tmp_path: Path) -> None:
    config = layered(tmp_path, "fail_on:\n  severity: medium\n  confidence: low\nrules:\n  packs: [team-rules]\n")
    assert config.policy.fail_on is Severity.MEDIUM
    assert config.policy.fail_on_confidence is Confidence.LOW
    assert dict(config.policy.frameworks) == {"pci-dss": Severity.MEDIUM}
    assert config.policy.max_days(Severity.CRITICAL) == 14
    assert config.paths.exclude == ("vendor/",)
    assert config.disabled_rules == ("python-flask-debug",)
    # The base's relative paths are its own directory's; the repository's, the repository's.
    assert config.rule_pack_dir(config.rule_packs[0]) == (tmp_path / "org" / "org-rules").resolve()
    assert config.rule_pack_dir(config.rule_packs[1]) == tmp_path / "project" / "team-rules"
    assert config.baseline_path() == (tmp_path / "org" / "accepted.json").resolve()


def test_every_layer_is_recorded_with_the_digest_of_its_bytes(tmp_path: Path) -> None:
    config = layered(tmp_path, "fail_on: medium\n")
    base_bytes = (tmp_path / "org" / "policy.yml").read_bytes()
    repo_bytes = (tmp_path / "project" / ".gatekeeper.yml").read_bytes()
    layers = [layer.to_dict() for layer in config.policy.layers]
    assert [layer["role"] for layer in layers] == ["base", "repository"]
    assert layers[0]["digest"] == "sha256:" + hashlib.sha256(base_bytes).hexdigest()
    assert layers[1] == {
        "source": ".gatekeeper.yml",
        "digest": "sha256:" + hashlib.sha256(repo_bytes).hexdigest(),
        "role": "repository",
    }
    assert config.policy.source.startswith(".gatekeeper.yml (extends ")
    assert config.policy.to_dict()["layers"] == layers
    # Round trip through a report's JSON.
    assert type(config.policy).from_dict(config.policy.to_dict()).layers == config.policy.layers


def test_each_value_names_the_file_and_line_it_came_from(tmp_path: Path) -> None:
    config = layered(tmp_path, "fail_on:\n  severity: medium\n")
    origins = dict(config.origins)
    assert origins["fail_on.severity"] == ".gatekeeper.yml:4"
    assert origins["waiver_max_days.critical"].endswith("org/policy.yml:7")
    assert origins["scanners.bandit.enabled"].endswith("org/policy.yml:10")


TIGHTENING = [
    "fail_on: low\n",
    "fail_on:\n  confidence: low\n",
    "fail_on:\n  frameworks:\n    pci-dss: low\n    soc2: medium\n",
    "fail_on:\n  controls:\n    pci-dss:6.2.4: low\n",
    "allow_partial: false\n",
    "coverage:\n  unsupported: error\n",
    "scopes:\n  - name: cde\n    paths: [payments/]\n    fail_on: low\n",
    "paths:\n  exclude: [vendor/]\n  gitignore: false\n  max_file_bytes: 9000000\n",
    "scanners:\n  bandit: {timeout: 60}\n  dependencies: {go_stdlib: true}\n  sarif: {max_age_days: 1}\n",
    "dependencies:\n  max_age_days: 1\n",
    "rules:\n  disable: []\n",
    "inline_suppressions:\n  allow: false\n",
    "waiver_max_days:\n  critical: 7\n  medium: 90\n",
    "imports: [codeql.sarif]\n",
]


@pytest.mark.parametrize("repo", TIGHTENING)
def test_a_repository_may_tighten_the_base(tmp_path: Path, repo: str) -> None:
    layered(tmp_path, repo)


LOOSENING = [
    ("fail_on: critical\n", ".gatekeeper.yml:3: fail_on.severity: 'critical' loosens the base policy", ":3: 'high'"),
    ("fail_on:\n  confidence: high\n", "fail_on.confidence: 'high' loosens", "by default: 'medium'"),
    ("fail_on:\n  frameworks:\n    pci-dss: high\n", "fail_on.frameworks.pci-dss: 'high' loosens", ":5: 'medium'"),
    ("allow_partial: true\n", "allow_partial: true loosens", "by default: false"),
    ("paths:\n  include: [src/]\n", "paths.include: ['src/'] loosens", "by default: []"),
    (
        "paths:\n  exclude:\n    - vendor/\n    - legacy/\n",
        ".gatekeeper.yml:6: paths.exclude[1]: 'legacy/' is not in",
        ":16",
    ),
    ("paths:\n  gitignore: true\n", None, None),
    ("paths:\n  tests: [tests/, fixtures/]\n", "paths.tests[1]: 'fixtures/' is not in", "by default"),
    (
        "paths:\n  tests: [tests/]\n",
        None,
        None,
    ),  # fewer test paths: production rules apply in more places  # the base's default is already true: no change
    ("paths:\n  max_file_bytes: 1000\n", "paths.max_file_bytes: 1000 loosens", ":17: 2000000"),
    ("scanners:\n  bandit: false\n", "scanners.bandit.enabled: false loosens", ":10: true"),
    ("scanners:\n  semgrep:\n    enabled: false\n", "scanners.semgrep.enabled: false loosens", "by default: true"),
    ("scanners:\n  secrets: {max_file_bytes: 10}\n", None, None),  # the base sets no limit to compare with
    ("scanners:\n  sarif: {max_age_days: unlimited}\n", "scanners.sarif.max_age_days: 'unlimited' loosens", ":12: 7"),
    (
        "scanners:\n  taint:\n    sanitizers: [app.clean, app.trust_me]\n",
        "scanners.taint.sanitizers[1]: 'app.trust_me'",
        ":14",
    ),
    ("dependencies:\n  advisories: ./osv\n", "osv' loosens", "'/srv/osv'"),
    ("dependencies:\n  max_age_days: 30\n", "dependencies.max_age_days: 30 loosens", ": 3"),
    ("rules:\n  disable: [python-flask-debug, B101]\n", "rules.disable[1]: 'B101' is not in", ":19"),
    (
        "inline_suppressions:\n  require_reason: false\n",
        "inline_suppressions.require_reason: false loosens",
        ":26: true",
    ),
    ("waiver_max_days:\n  high: 90\n", "waiver_max_days.high: 90 loosens", ":8: 30"),
    ("waiver_max_days:\n  low: 400\n", "waiver_max_days.low: 400 loosens", "by default: 365"),
    ("baseline: mine.json\n", "mine.json' loosens", "org/accepted.json'"),
]


@pytest.mark.parametrize(("repo", "message", "base_part"), LOOSENING)
def test_any_loosening_is_refused_naming_the_key_and_both_files(
    tmp_path: Path, repo: str, message: str | None, base_part: str | None
) -> None:
    if message is None:
        layered(tmp_path, repo)
        return
    text = refusal(tmp_path, repo)
    assert message in text and text.startswith(".gatekeeper.yml:")
    assert "org/policy.yml" in text and base_part in text
    assert text.endswith("a repository may only tighten it")


def test_coverage_error_cannot_go_back_to_warn(tmp_path: Path) -> None:
    base = BASE + "coverage:\n  unsupported: error\nallow_partial: false\n"
    with pytest.raises(
        GatekeeperError, match=r"coverage.unsupported: 'warn' loosens the base policy \(.*:29: 'error'\)"
    ):
        layered(tmp_path, "coverage:\n  unsupported: warn\n", base)
    with pytest.raises(GatekeeperError, match="inline_suppressions.allow: true loosens"):
        layered(tmp_path, "inline_suppressions:\n  allow: true\n", base.replace("allow: true", "allow: false"))


def test_a_repository_waiver_runs_only_within_the_base_maximum(tmp_path: Path) -> None:
    repo = "waivers:\n  - rule: B602\n    reason: wrapper\n    owner: team-a\n    expires: 2026-07-01\n"
    config = layered(tmp_path, repo)
    (waiver,) = config.policy.waivers
    assert waiver.origin == ".gatekeeper.yml:4"
    # 30 days from the scan date: within the base's critical maximum of 14? No: it waives nothing.
    _, (state,) = waivers.apply([make(rule="B602", severity=Severity.CRITICAL)], config.policy, date(2026, 6, 1))
    assert (state.status, state.max_days) == ("over-maximum", 14)
    _, (low,) = waivers.apply([make(rule="B602", severity=Severity.LOW)], config.policy, date(2026, 6, 1))
    assert low.status == "active"


def test_a_key_whose_direction_is_not_known_may_only_repeat_the_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if `paths.gitignore` were a key added without a rule in tighten.RULES: fail closed.
    monkeypatch.setattr(tighten, "RULES", tuple(r for r in tighten.RULES if r[0] != ("paths", "gitignore")))
    with pytest.raises(GatekeeperError, match=r"paths.gitignore: false: whether this loosens the base policy"):
        layered(tmp_path, "paths:\n  gitignore: false\n")
    layered(
        tmp_path,
        "paths:\n  gitignore: false\n",
        BASE.replace("  max_file_bytes: 2000000\n", "  max_file_bytes: 2000000\n  gitignore: false\n"),
    )


def test_bases_chain_and_a_loop_is_refused(tmp_path: Path) -> None:
    top = tmp_path / "top.yml"
    top.write_text("version: 1\nfail_on: high\nwaiver_max_days:\n  high: 60\n")
    layered(tmp_path, "fail_on: medium\n", "version: 1\nextends: ../top.yml\nwaiver_max_days:\n  high: 45\n")
    config = layered(tmp_path, "fail_on: medium\n", "version: 1\nextends: ../top.yml\n")
    assert [layer.role for layer in config.policy.layers] == ["base", "base", "repository"]
    assert config.policy.max_days(Severity.HIGH) == 60
    with pytest.raises(GatekeeperError, match="waiver_max_days.high: 90 loosens"):
        layered(tmp_path, "", "version: 1\nextends: ../top.yml\nwaiver_max_days:\n  high: 90\n")
    top.write_text("version: 1\nextends: org/policy.yml\n")
    with pytest.raises(GatekeeperError, match="extends itself"):
        layered(tmp_path, "", "version: 1\nextends: ../top.yml\n")


def test_a_bad_base_is_named_as_the_base(tmp_path: Path) -> None:
    with pytest.raises(GatekeeperError, match=r"policy.yml:2: fail_on.severity: 'hgih' is not one of"):
        layered(tmp_path, "", "version: 1\nfail_on: hgih\n")
    with pytest.raises(GatekeeperError, match=r"\.gatekeeper.yml:2: extends: .*missing.yml: cannot be read"):
        (tmp_path / "project").mkdir(exist_ok=True)
        (tmp_path / "project" / ".gatekeeper.yml").write_text("version: 1\nextends: missing.yml\n")
        config_module.load(tmp_path / "project")


def test_a_pinned_file_that_changed_is_refused(tmp_path: Path) -> None:
    (tmp_path / "base.yml").write_text("version: 1\n")
    pin = hashlib.sha256(b"version: 1\nfail_on: low\n").hexdigest()
    (tmp_path / ".gatekeeper.yml").write_text(f"version: 1\nextends:\n  source: base.yml\n  sha256: {pin}\n")
    with pytest.raises(
        GatekeeperError, match=f"sha256 of the file read is [0-9a-f]{{64}}, the pin says {pin}: refused"
    ):
        config_module.load(tmp_path)


def test_a_url_needs_a_pin_and_is_never_fetched_by_a_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEKEEPER_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / ".gatekeeper.yml").write_text("version: 1\nextends: https://policies.example/org.yml\n")
    with pytest.raises(GatekeeperError, match="a URL needs its sha256 pin"):
        config_module.load(tmp_path)
    pin = "0" * 64
    (tmp_path / ".gatekeeper.yml").write_text(
        f"version: 1\nextends:\n  source: https://policies.example/org.yml\n  sha256: '{pin}'\n"
    )
    with pytest.raises(GatekeeperError, match="is not fetched yet: run 'gatekeeper config fetch'"):
        config_module.load(tmp_path)
    (tmp_path / ".gatekeeper.yml").write_text("version: 1\nextends: http://policies.example/org.yml\n")
    with pytest.raises(GatekeeperError, match="only https:// URLs"):
        config_module.load(tmp_path)


def test_the_base_s_event_sinks_are_kept_and_required_delivery_cannot_be_dropped(tmp_path: Path) -> None:
    base = BASE + "events:\n  required: true\n  sinks: ['file:siem/events.jsonl']\n"
    config = layered(tmp_path, "events:\n  sinks: ['file:team.jsonl']\n", base)
    assert config.events.required
    assert [sink.url for sink in config.events.sinks] == [
        f"file:{(tmp_path / 'org' / 'siem' / 'events.jsonl').resolve()}",
        f"file:{tmp_path / 'project' / 'team.jsonl'}",
    ]
    with pytest.raises(GatekeeperError, match="events.required: false loosens the base policy"):
        layered(tmp_path, "events:\n  required: false\n", base)
