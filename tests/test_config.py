"""gatekeeper.config: the policy file, its validation and its messages (file, line, key, expected)."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from gatekeeper import compliance, config
from gatekeeper.config import Config, Policy, Severity
from gatekeeper.errors import GatekeeperError

FULL = textwrap.dedent(
    """\
    version: 1
    fail_on:
      severity: high
      frameworks:
        pci-dss: medium
      controls:
        pci-dss:6.2.4: low
    allow_partial: true
    scopes:
      - name: cde
        description: cardholder data
        paths: ["payments/", "card/**/*.py"]
        fail_on:
          severity: medium
          controls:
            soc2:CC7.1: low
        inline_suppressions: false
    paths:
      include: ["src/"]
      exclude: ["src/vendor/"]
      gitignore: false
    scanners:
      semgrep: {rule_timeout: 60}
      bandit: false
      secrets: {enabled: true, max_file_bytes: 1000}
    dependencies:
      advisories: osv-data
      max_age_days: 30
    rules:
      disable: [B101, python-sql-injection]
    inline_suppressions:
      allow: true
      require_reason: true
    waiver_max_days: {high: 60}
    waivers:
      - id: PAY-1
        rule: B104
        paths: ["app.py"]
        reason: behind the ingress
        owner: team@example.com
        ticket: PAY-1
        created: 2026-01-01
        expires: 2026-02-01
      - fingerprint: 0123456789abcdef0123456789abcdef:0
        reason: test fixture
        owner: alice
        expires: 2026-03-01
      - advisory: CVE-2023-30861
        reason: not reachable
        owner: bob
        expires: 2026-03-01
    baseline: .gatekeeper-baseline.json
    """
)


def test_every_key_is_read_into_the_model() -> None:
    loaded = config.parse(FULL)
    policy = loaded.policy
    assert policy.fail_on is Severity.HIGH and policy.allow_partial
    assert policy.frameworks == (("pci-dss", Severity.MEDIUM),)
    assert policy.controls == (("pci-dss:6.2.4", Severity.LOW),)
    (cde,) = policy.scopes
    assert (cde.name, cde.paths, cde.inline_suppressions) == ("cde", ("payments/", "card/**/*.py"), False)
    assert cde.fail_on.severity is Severity.MEDIUM and cde.fail_on.controls == (("soc2:CC7.1", Severity.LOW),)
    assert cde.matches("payments/api.py") and cde.matches("card/a/b.py") and not cde.matches("card/a/b.txt")
    assert policy.inline.require_reason and policy.inline.allow
    assert policy.max_days(Severity.HIGH) == 60 and policy.max_days(Severity.CRITICAL) == 30
    first, second, third = policy.waivers
    assert (first.id, first.rule, first.paths, first.ticket) == ("PAY-1", "B104", ("app.py",), "PAY-1")
    assert (first.created, first.expires) == (date(2026, 1, 1), date(2026, 2, 1))
    assert first.origin == ".gatekeeper.yml:36"
    assert (second.id, second.kind, second.fingerprint) == (
        "waiver-2",
        "fingerprint",
        "0123456789abcdef0123456789abcdef:0",
    )
    assert (third.kind, third.advisory) == ("advisory", "CVE-2023-30861")
    assert loaded.paths == config.PathRules(("src/",), ("src/vendor/",), False)
    assert loaded.scanner("semgrep").options == (("rule_timeout", 60),)
    assert not loaded.scanner("bandit").enabled
    assert loaded.enabled_scanners() == (
        "semgrep",
        "dependencies",
        "secrets",
        "terraform",
        "sarif",
        "cloudformation",
        "render",
        "kubernetes",
        "taint",
    )
    assert loaded.disabled_rules == ("B101", "python-sql-injection")
    assert loaded.dependencies == config.DependencyConfig("osv-data", 30)
    assert loaded.baseline == ".gatekeeper-baseline.json"


def test_defaults_without_a_file(tmp_path: Path) -> None:
    loaded = config.load(tmp_path)
    assert loaded == Config()
    assert loaded.policy == Policy() and loaded.enabled_scanners() is None and loaded.path is None


def test_fail_on_shorthand_is_the_severity() -> None:
    assert config.parse("fail_on: medium\n").policy.fail_on is Severity.MEDIUM
    assert (
        config.parse("scopes:\n  - {name: cde, paths: [x/], fail_on: low}\n").policy.scopes[0].fail_on.severity
        is Severity.LOW
    )


def test_control_threshold_is_the_strictest_that_applies() -> None:
    policy = config.parse(FULL).policy
    assert policy.control_threshold("pci-dss:6.2.4") is Severity.LOW
    assert policy.control_threshold("pci-dss:6.3.3") is Severity.MEDIUM
    assert policy.control_threshold("soc2:CC7.1") is Severity.HIGH  # the scope's threshold is per path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # The example of the issue, exactly.
        (
            "\n" * 11 + "fail_on:\n  severity: hgih\n",
            ".gatekeeper.yml:13: fail_on.severity: 'hgih' is not one of critical, high, medium, low, info",
        ),
        ("fail_on: hgih\n", ".gatekeeper.yml:1: fail_on.severity: 'hgih' is not one of critical, high"),
        (
            "fial_on: high\n",
            ".gatekeeper.yml:1: fial_on: unknown key (did you mean 'fail_on'?); expected one of allow_partial,",
        ),
        (
            "fail_on:\n  severity: high\n  framework: {}\n",
            ".gatekeeper.yml:3: fail_on.framework: unknown key (did you mean 'frameworks'?)",
        ),
        ("allow_partial: maybe\n", ".gatekeeper.yml:1: allow_partial: expected true or false, got 'maybe'"),
        ("scopes: {cde: x}\n", ".gatekeeper.yml:1: scopes: expected a list, got a mapping"),
        (
            "waivers:\n  - rule: B101\n    owner: a\n    reason: b\n",
            ".gatekeeper.yml:2: waivers[0]: missing required key 'expires'",
        ),
        (
            "waivers:\n  - rule: B101\n    owner: a\n    reason: b\n    expires: 2026-02-30\n",
            ".gatekeeper.yml:5: waivers[0].expires: '2026-02-30' is not a valid date (YYYY-MM-DD)",
        ),
        (
            "waivers:\n  - rule: B101\n    owner: a\n    reason: b\n    expires: next week\n",
            ".gatekeeper.yml:5: waivers[0].expires: expected a date (YYYY-MM-DD), got 'next week'",
        ),
        (
            "waivers:\n  - rule: B101\n    owner: a\n    reason: b\n    created: 2026-03-01\n    expires: 2026-02-01\n",
            ".gatekeeper.yml:6: waivers[0].expires: expires (2026-02-01) is before created (2026-03-01)",
        ),
        (
            "waivers:\n  - owner: a\n    reason: b\n    expires: 2026-02-01\n",
            ".gatekeeper.yml:2: waivers[0]: a waiver needs one of fingerprint, rule or advisory",
        ),
        (
            "waivers:\n  - rule: B101\n    advisory: CVE-1\n    owner: a\n    reason: b\n    expires: 2026-02-01\n",
            ".gatekeeper.yml:3: waivers[0].advisory: a waiver matches by one of fingerprint, rule or advisory, "
            "not both 'rule' and 'advisory'",
        ),
        (
            "waivers:\n  - fingerprint: 0123456789abcdef0123456789abcdef\n    paths: [a]\n    owner: a\n    reason: b\n"
            "    expires: 2026-02-01\n",
            ".gatekeeper.yml:3: waivers[0].paths: a fingerprint names one place already",
        ),
        (
            "waivers:\n  - fingerprint: abc\n    owner: a\n    reason: b\n    expires: 2026-02-01\n",
            ".gatekeeper.yml:2: waivers[0].fingerprint: expected a finding's fingerprint: 32 hex digits",
        ),
        (
            "waivers:\n  - rule: B101\n    owner: ''\n    reason: b\n    expires: 2026-02-01\n",
            ".gatekeeper.yml:3: waivers[0].owner: expected a non-empty string, got ''",
        ),
        (
            "waivers:\n  - {id: W, rule: B1, owner: a, reason: b, expires: 2026-02-01}\n"
            "  - {id: W, rule: B2, owner: a, reason: b, expires: 2026-02-01}\n",
            ".gatekeeper.yml:3: waivers[1].id: duplicate waiver id 'W' (also waivers[0])",
        ),
        (
            "fail_on:\n  frameworks:\n    pcidss: low\n",
            ".gatekeeper.yml:3: fail_on.frameworks.pcidss: unknown framework (known: "
            + ", ".join(f.id for f in compliance.load().catalogs)
            + ")",
        ),
        (
            "fail_on:\n  controls:\n    pci-dss:6.2.44: medium\n",
            ".gatekeeper.yml:3: fail_on.controls.pci-dss:6.2.44: no such control in PCI DSS 4.0.1 (did you mean pci-dss:6.2.4?)",
        ),
        (
            "fail_on:\n  controls:\n    '6.2.4': medium\n",
            ".gatekeeper.yml:3: fail_on.controls: expected a control reference like pci-dss:6.2.4, got '6.2.4'",
        ),
        (
            "fail_on:\n  controls:\n    pci-dss:6.2.4: severe\n",
            ".gatekeeper.yml:3: fail_on.controls.pci-dss:6.2.4: 'severe' is not one of critical",
        ),
        (
            "scopes:\n  - name: cde\n    paths: []\n",
            ".gatekeeper.yml:3: scopes[0].paths: expected at least one entry, got an empty list",
        ),
        ("scopes:\n  - name: cde\n", ".gatekeeper.yml:2: scopes[0]: missing required key 'paths'"),
        (
            "scopes:\n  - {name: cde, paths: [a/]}\n  - {name: cde, paths: [b/]}\n",
            ".gatekeeper.yml:3: scopes[1].name: duplicate scope name 'cde' (also scopes[0])",
        ),
        (
            "scopes:\n  - {name: 'card data', paths: [a/]}\n",
            ".gatekeeper.yml:2: scopes[0].name: expected a name of letters, digits",
        ),
        (
            "scanners:\n  bandit: maybe\n",
            ".gatekeeper.yml:2: scanners.bandit: expected true, false or a mapping of the scanner's options, got 'maybe'",
        ),
        (
            "scanners:\n  semgrep:\n    rule_timout: 5\n",
            ".gatekeeper.yml:3: scanners.semgrep.rule_timout: unknown key (did you mean 'rule_timeout'?)",
        ),
        (
            "scanners:\n  semgrep:\n    rule_timeout: 0\n",
            ".gatekeeper.yml:3: scanners.semgrep.rule_timeout: expected a whole number of at least 1, got 0",
        ),
        (
            "scanners:\n  zap: true\n",
            ".gatekeeper.yml:2: scanners.zap: unknown key; expected one of bandit, cloudformation, dependencies, kubernetes,",
        ),
        (
            "dependencies:\n  advisory: db\n",
            ".gatekeeper.yml:2: dependencies.advisory: unknown key (did you mean 'advisories'?)",
        ),
        (
            "dependencies:\n  max_age_days: -1\n",
            ".gatekeeper.yml:2: dependencies.max_age_days: expected a whole number of days (0 or more) or 'unlimited', got -1",
        ),
        (
            "dependencies:\n  max_age_days: thirty\n",
            ".gatekeeper.yml:2: dependencies.max_age_days: expected a whole number of days (0 or more) or 'unlimited', got 'thirty'",
        ),
        ("rules:\n  disable: B101\n", ".gatekeeper.yml:2: rules.disable: expected a list, got 'B101'"),
        (
            "waiver_max_days:\n  high: 0\n",
            ".gatekeeper.yml:2: waiver_max_days.high: expected a whole number of at least 1, got 0",
        ),
        ("version: 2\n", ".gatekeeper.yml:1: version: expected 1 (the only version of this file so far), got 2"),
        ("fail_on: high\nfail_on: low\n", ".gatekeeper.yml:2: fail_on: duplicate key (first on line 1)"),
        ("fail_on: [high\n", ".gatekeeper.yml:2: invalid YAML"),
        ("- high\n", ".gatekeeper.yml:1: expected a mapping of settings, got a list"),
        (
            "a: 1\n---\nb: 2\n",
            ".gatekeeper.yml:2: invalid YAML: expected a single document in the stream, but found another document",
        ),
        (
            "fail_on: !!python/object/apply:os.system [echo]\n",
            ".gatekeeper.yml:1: fail_on: unsupported YAML tag tag:yaml.org,2002:python/object/apply:os.system",
        ),
        (
            "allow_partial: !!python/name:os.system\n",
            ".gatekeeper.yml:1: allow_partial: could not determine a constructor",
        ),
        ("paths:\n  exclude: [a/, 3]\n", ".gatekeeper.yml:2: paths.exclude[1]: expected a string, got 3"),
    ],
)
def test_errors_name_file_line_key_and_what_was_expected(text: str, message: str) -> None:
    with pytest.raises(GatekeeperError) as raised:
        config.parse(text)
    assert str(raised.value).startswith(message), str(raised.value)
    assert "\n" not in str(raised.value)


def test_the_first_error_in_the_file_is_reported() -> None:
    with pytest.raises(GatekeeperError, match=r"^\.gatekeeper\.yml:2: allow_partial:"):
        config.parse("version: 1\nallow_partial: 3\nfail_on: hgih\n")


def test_empty_file_is_the_defaults() -> None:
    assert config.parse("").policy == Policy()
    assert config.parse("# only comments\n").policy.waivers == ()


def test_config_is_found_at_the_scan_root_and_relative_paths_resolve_against_it(tmp_path: Path) -> None:
    (tmp_path / ".gatekeeper.yml").write_text("fail_on: low\ndependencies:\n  advisories: db\nbaseline: b.json\n")
    loaded = config.load(tmp_path)
    assert loaded.policy.fail_on is Severity.LOW
    assert loaded.display == ".gatekeeper.yml" and loaded.base == tmp_path.resolve()
    assert loaded.baseline_path() == tmp_path.resolve() / "b.json"


def test_explicit_config_file_wins_and_must_exist(tmp_path: Path) -> None:
    (tmp_path / ".gatekeeper.yml").write_text("fail_on: low\n")
    other = tmp_path / "ci" / "policy.yml"
    other.parent.mkdir()
    other.write_text("fail_on: critical\n")
    assert config.load(tmp_path, other).policy.fail_on is Severity.CRITICAL
    with pytest.raises(GatekeeperError, match="missing.yml: config file not found"):
        config.load(tmp_path, tmp_path / "missing.yml")
    other.write_text("fail_on: nope\n")
    with pytest.raises(GatekeeperError, match=r"policy\.yml:1: fail_on\.severity: 'nope'"):
        config.load(tmp_path, other)


def test_pyproject_table_is_read_and_its_errors_name_the_key(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        textwrap.dedent(
            """\
        [project]
        name = "x"

        [tool.gatekeeper]
        fail_on = {severity = "medium"}

        [[tool.gatekeeper.waivers]]
        rule = "B101"
        reason = "asserts are fine in this CLI"
        owner = "dev"
        expires = 2026-05-01
        """
        )
    )
    loaded = config.load(tmp_path)
    assert loaded.policy.fail_on is Severity.MEDIUM
    assert loaded.policy.waivers[0].expires == date(2026, 5, 1)
    assert loaded.display == "pyproject.toml"
    pyproject.write_text('[tool.gatekeeper]\nfail_on = {severity = "hgih"}\n')
    with pytest.raises(GatekeeperError) as raised:
        config.load(tmp_path)
    assert str(raised.value) == (
        "pyproject.toml: tool.gatekeeper.fail_on.severity: 'hgih' is not one of critical, high, medium, low, info"
    )


def test_pyproject_without_the_table_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert config.load(tmp_path) == Config()


def test_two_config_files_are_an_error_not_a_silent_choice(tmp_path: Path) -> None:
    (tmp_path / ".gatekeeper.yml").write_text("fail_on: low\n")
    (tmp_path / "pyproject.toml").write_text("[tool.gatekeeper]\nallow_partial = true\n")
    with pytest.raises(GatekeeperError, match=r"both \.gatekeeper\.yml and pyproject\.toml \[tool\.gatekeeper\]"):
        config.load(tmp_path)


def test_starter_file_is_valid_and_its_defaults_are_strict() -> None:
    starter = config.parse(config.starter())
    assert starter.policy.fail_on is Severity.HIGH and not starter.policy.allow_partial
    assert starter.policy.inline.require_reason
    assert starter.policy.waivers == () and starter.policy.scopes == ()


def test_dump_reads_back_to_the_same_policy() -> None:
    loaded = config.parse(FULL)
    again = config.parse(config.dump(loaded))
    assert again.policy.digest == loaded.policy.digest
    assert again.paths == loaded.paths and again.enabled_scanners() == loaded.enabled_scanners()
    assert all(again.scanner(n) == loaded.scanner(n) for n in config.scanner_names())
    assert again.dependencies == loaded.dependencies and again.disabled_rules == loaded.disabled_rules


def test_policy_round_trips_through_its_report_form() -> None:
    policy = config.parse(FULL).policy
    data = policy.to_dict()
    assert data["source"] == ".gatekeeper.yml" and data["digest"] == policy.digest
    again = Policy.from_dict(data)
    assert again.digest == policy.digest
    assert again.scopes == policy.scopes and again.waivers[0].expires == policy.waivers[0].expires


def test_digest_changes_with_the_policy_not_with_its_source() -> None:
    a = config.parse("fail_on: high\n", display="a.yml")
    b = config.parse("fail_on: high\n", display="b.yml")
    c = config.parse("fail_on: medium\n", display="a.yml")
    assert a.policy.digest == b.policy.digest != c.policy.digest


def test_the_schema_of_each_scanner_is_its_registered_options() -> None:
    """Derived, not kept in sync: `scanners.<name>` accepts exactly `enabled` and the options the
    scanner's class declares (a scanner the config cannot name would be dropped silently)."""
    from gatekeeper.scanners import REGISTRY

    assert config.scanner_names() == REGISTRY.names()
    for scanner in REGISTRY.classes():
        expected = ", ".join(sorted({"enabled", *scanner.options}))
        with pytest.raises(
            GatekeeperError, match=rf"scanners\.{scanner.name}\.nonsense: unknown key; expected one of {expected}$"
        ):
            config.parse(f"scanners:\n  {scanner.name}: {{nonsense: 1}}\n")
        assert config.parse(f"scanners:\n  {scanner.name}: false\n").enabled_scanners() == tuple(
            n for n in REGISTRY.names() if n != scanner.name
        )


def test_rule_packs_are_directories_relative_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "security" / "semgrep").mkdir(parents=True)
    (tmp_path / ".gatekeeper.yml").write_text("version: 1\nrules:\n  packs: [security/semgrep]\n")
    loaded = config.load(tmp_path)
    assert loaded.rule_packs == ("security/semgrep",)
    assert loaded.rule_pack_dir("security/semgrep") == (tmp_path / "security" / "semgrep").resolve()
    assert config.dump(loaded).count("packs:\n  - security/semgrep\n") == 1
    assert config.load_file(tmp_path / ".gatekeeper.yml").to_dict()["rules"]["packs"] == ["security/semgrep"]
    assert "packs" not in config.parse("version: 1\n").to_dict()["rules"]


@pytest.mark.parametrize(
    ("packs", "message"),
    [
        ("[rulez]", ".gatekeeper.yml:3: rules.packs[0]: rule pack 'rulez' is not a directory (looked for "),
        ("[notes.txt]", ".gatekeeper.yml:3: rules.packs[0]: rule pack 'notes.txt' is not a directory"),
        (
            "[rules, ./rules/]",
            ".gatekeeper.yml:3: rules.packs[1]: rule pack './rules/' is listed twice (also rules.packs[0])",
        ),
        ("rules", ".gatekeeper.yml:3: rules.packs: expected a list, got 'rules'"),
        ("['']", ".gatekeeper.yml:3: rules.packs[0]: expected a non-empty string, got ''"),
    ],
)
def test_a_rule_pack_that_is_not_one_directory_is_an_error_naming_the_key(
    tmp_path: Path, packs: str, message: str
) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "notes.txt").write_text("x\n")
    (tmp_path / ".gatekeeper.yml").write_text(f"version: 1\nrules:\n  packs: {packs}\n")
    with pytest.raises(GatekeeperError) as raised:
        config.load(tmp_path)
    assert str(raised.value).startswith(message), str(raised.value)
