"""Examples for every command's `--help` (its epilog), kept in one table: gatekeeper/cli.py attaches
them to the whole command tree, and tests/commands/test_examples.py fails for a command without
one, so a new subcommand cannot ship a help page with no example."""

from __future__ import annotations

import click

EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "": (
        ("gatekeeper scan", "scan the current directory and gate on the findings"),
        ("gatekeeper explain B602", "what a rule finds and how to fix it"),
        ("gatekeeper init", "write a starter .gatekeeper.yml"),
    ),
    "scan": (
        ("gatekeeper scan", "the current directory; exit 0 pass, 1 policy violation, 2 error"),
        ("gatekeeper scan src/ -o html=report.html", "also write the control report for an auditor"),
        ("gatekeeper scan -o sarif=gk.sarif -o junit=gk.xml", "reports for code scanning and the test tab"),
        ("gatekeeper scan --diff-base origin/main", "a pull request: only findings on changed lines"),
        ("gatekeeper scan --staged", "a pre-commit check of what is staged"),
        ("gatekeeper scan --fix", "apply the mechanical fixes (a diff is shown)"),
        ("gatekeeper scan --format json --fail-on medium", "machine-readable, stricter threshold"),
        ("gatekeeper scan --shard 2/4 -o json=shard-2.json", "one worker's part of a CI matrix"),
        ("gatekeeper scan --events syslog+tls://siem.example:6514", "stream OCSF events as the scan runs"),
    ),
    "merge": (
        ("gatekeeper merge shard-*.json -o sarif=gk.sarif -o html=report.html", "the matrix's one verdict"),
        ("gatekeeper merge shard-1.json shard-2.json --format json", "print the merged result"),
    ),
    "events": (("gatekeeper events flush", "send again the events a SIEM did not receive"),),
    "events flush": (
        ("gatekeeper events flush", "the spool in the cache directory (or the config's events.spool)"),
        ("gatekeeper events flush --spool ci/events-spool.jsonl", "another spool file"),
    ),
    "init": (("gatekeeper init", "write .gatekeeper.yml here"), ("gatekeeper init services/pay --force", "overwrite")),
    "config": (("gatekeeper config show", "the policy in force"), ("gatekeeper config schema > schema.json", "")),
    "config schema": (("gatekeeper config schema > gatekeeper.schema.json", "for an editor's YAML support"),),
    "config show": (
        ("gatekeeper config show", "the policy in force here, defaults filled in"),
        ("gatekeeper config show services/pay --format json", ""),
        ("gatekeeper config show --origins", "which file (an organisation base or this repository) set each value"),
    ),
    "config fetch": (
        ("gatekeeper config fetch", "download the base policies extends: names by URL, checked against their pins"),
        ("gatekeeper config fetch services/pay --config ci/gatekeeper.yml", "another file's bases"),
    ),
    "baseline": (("gatekeeper baseline create", "accept today's findings"),),
    "baseline create": (
        ("gatekeeper baseline create", "record the findings in .gatekeeper-baseline.json"),
        ("gatekeeper baseline create src/ -o ci/baseline.json", "elsewhere; name it in the config's baseline:"),
    ),
    "advisories": (("gatekeeper advisories update", "download the OSV data once (then scans are offline)"),),
    "advisories update": (
        ("gatekeeper advisories update", "OSV's exports of every supported ecosystem"),
        ("gatekeeper advisories update --url https://mirror.example/osv", "an internal mirror"),
    ),
    "advisories import": (
        ("gatekeeper advisories import PyPI.zip", "an air-gapped copy of an OSV export"),
        ("gatekeeper advisories import vulns/ --ecosystem PyPI", "a directory of OSV records"),
    ),
    "report": (
        ("gatekeeper scan -o json=result.json; gatekeeper report result.json -o html=report.html", "scan once"),
        ("gatekeeper report result.json --format markdown", "print a format"),
    ),
    "controls": (
        ("gatekeeper controls", "every catalog, what automation covers"),
        ("gatekeeper controls --framework pci-dss --automated", "one framework, automated controls only"),
    ),
    "explain": (
        ("gatekeeper explain python-sql-injection", "a semgrep rule of the bundled pack"),
        ("gatekeeper explain B602", "a bandit test"),
        ("gatekeeper explain tf-aws-instance-imdsv1", "a Terraform check"),
        ("gatekeeper explain secrets-pan", "a kind of secret"),
    ),
}
"""Command path (`config show`; "" is gatekeeper itself) -> (command line, what it does)."""


def epilog(path: str) -> str:
    rows = EXAMPLES[path]
    width = max(len(command) for command, _ in rows)
    lines = [f"  {command:<{width}}   {why}".rstrip() if why else f"  {command}" for command, why in rows]
    # \b keeps click from rewrapping the block.
    return "\b\nExamples:\n" + "\n".join(lines)


def attach(command: click.Command, path: str = "") -> None:
    """Give `command` and every subcommand under it its examples."""
    if path in EXAMPLES:
        command.epilog = epilog(path)
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            attach(sub, f"{path} {name}".strip())
