"""`gatekeeper explain RULE`: a rule's description, weakness, controls, examples and fix."""

from __future__ import annotations

import textwrap

import click

from gatekeeper.errors import GatekeeperError
from gatekeeper.explain import Explanation, explain
from gatekeeper.reports.sanitise import one_line
from gatekeeper.rulepack import RulePack, default_rules_dir

WIDTH = 100


@click.command("explain")
@click.argument("rule_id", metavar="RULE")
def explain_command(rule_id: str) -> None:
    """Explain RULE (a rule id as a finding names it): what it finds, the weakness (CWE), the
    controls it evidences, code it reports and code it does not, and the fix."""
    found = explain(rule_id.strip(), RulePack(default_rules_dir()))
    if found is None:
        raise GatekeeperError(
            f"unknown rule '{one_line(rule_id)}': no semgrep rule, bandit test, CloudFormation or Terraform check, "
            "or kind of secret has this id"
        )
    click.echo(render(found), nl=False)


def render(found: Explanation) -> str:
    out = [
        f"{found.rule_id}: {found.title}",
        f"  {found.catalogue}" + (f" · severity {found.severity}" if found.severity else ""),
    ]
    if found.description:
        out += ["", *textwrap.wrap(found.description, WIDTH)]
    out.append("")
    if found.cwe:
        out.append("weakness: " + "; ".join(found.cwe))
    if found.owasp:
        out.append("owasp:    " + "; ".join(found.owasp))
    out.append("controls: " + (", ".join(found.controls) or "none (the compliance mapping leaves it unmapped)"))
    for title, examples in (("reported", found.bad), ("not reported", found.good)):
        if examples:
            out += ["", f"{title}:"]
            for example in examples:
                out += [textwrap.indent(example, "    "), ""]
            out.pop()
    if found.fix:
        out += ["", *textwrap.wrap("fix: " + found.fix, WIDTH, subsequent_indent="     ")]
    if found.autofix:
        out += ["", "autofix (gatekeeper scan --fix):", textwrap.indent(found.autofix, "    ")]
    if found.references:
        out += ["", "references:", *(f"  {r}" for r in found.references)]
    # What a rule file or a labelled case holds is shown as one line each: no control characters.
    return "\n".join(one_line(line) for line in "\n".join(out).split("\n")) + "\n"
