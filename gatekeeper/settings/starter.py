"""`gatekeeper init`'s file: every key with its default and a comment; its `scanners:` section
lists every registered scanner."""

from __future__ import annotations

from gatekeeper.settings.model import registry


def starter() -> str:
    """`gatekeeper init`'s file; its `scanners:` section lists every registered scanner."""
    return _STARTER.replace("{scanners}\n", registry().starter())


_STARTER = """\
# gatekeeper policy. Every key is described in gatekeeper's docs/configuration.md.
# Check it with `gatekeeper config show`; an error names the line and the key.
version: 1

# What fails the gate (exit 1). Each entry is a rule "fail on any finding of this kind at or
# above this severity"; the strictest rule that applies to a finding wins.
fail_on:
  severity: high              # any finding: critical, high, medium, low or info
  # frameworks:
  #   pci-dss: medium         # any finding mapped to a PCI DSS requirement
  # controls:
  #   pci-dss:6.2.4: medium   # any finding mapped to PCI DSS 6.2.4 (software attacks)

# An incomplete scan (a scanner failed, a file could not be read) exits 2 unless this is true.
allow_partial: false

# Files no scanner can analyse (e.g. JavaScript, a pom.xml): `warn` passes and says
# "partial coverage" on the verdict line; `error` exits 2. Either way they are listed as not
# covered, and the controls they would evidence are not assessed.
coverage:
  unsupported: warn

# Stricter rules for parts of the tree, e.g. the cardholder-data environment.
scopes: []
#  - name: cde
#    description: cardholder-data environment
#    paths: ["payments/", "services/card/**"]
#    fail_on:
#      severity: medium
#    inline_suppressions: false   # no '# nosec' in here: use a waiver with an owner

# Which files a directory scan covers (gitignore-style patterns).
paths:
  include: []                 # empty: everything
  exclude: []                 # e.g. ["tests/fixtures/", "*.min.js"]
  gitignore: true             # skip what .gitignore ignores (tracked files are always scanned)
  # tests: ["tests/", "test_*.py"]  # test code: asserts, fixture passwords, MD5 not reported there
                                   # (default: the usual conventions; [] reports everything)

{scanners}

# The dependency scanner's advisory data: an OSV directory or zip (relative to this file), or online.
# Data older than max_age_days (default 5) is an error; `unlimited` only for a frozen snapshot.
# dependencies:
#   advisories: advisories
#   max_age_days: 5

rules:
  disable: []                 # rule ids, e.g. [B101]
  # packs: [security/semgrep]  # your own semgrep rules (directories, relative to this file):
  #                            # each rule needs message, severity and metadata.cwe

# '# nosec', '# nosemgrep' and '# gatekeeper: ignore[RULE-ID] reason' in the code.
inline_suppressions:
  allow: true
  require_reason: true

# The longest a waiver may run, by the severity of what it waives.
waiver_max_days: {critical: 30, high: 90, medium: 180, low: 365, info: 365}

# Accepted risks. Each matches by fingerprint, by rule (+ paths) or by advisory id, and expires.
waivers: []
#  - id: PAY-101
#    rule: python-tls-verification-disabled
#    paths: ["legacy/psp_client.py"]
#    reason: The legacy PSP endpoint pins its certificate in the service mesh.
#    owner: payments-team@example.com
#    ticket: PAY-101
#    expires: 2026-12-31

# Other tools' SARIF 2.1.0 results (CodeQL, Checkov, Trivy, ...), relative to this file: docs/imports.md.
# imports: [build/codeql.sarif]

# A baseline of accepted existing findings (`gatekeeper baseline create`): only new ones fail.
# baseline: .gatekeeper-baseline.json
"""
