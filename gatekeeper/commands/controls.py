"""`gatekeeper controls`: the control catalogs and what automation covers."""

from __future__ import annotations

import json
from pathlib import Path

import click

from gatekeeper import compliance
from gatekeeper import config as config_module
from gatekeeper.commands.options import config_option


@click.command()
@click.option(
    "--framework",
    default=None,
    metavar="ID",
    help="Only this framework, by its catalog's id (default: all; the ids are listed first in each heading "
    "of the JSON output).",
)
@click.option("--automated", is_flag=True, help="Only the controls automation can evidence.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@config_option
def controls(framework: str | None, automated: bool, fmt: str, config_file: Path | None) -> None:
    """List the control catalogs and what automation covers: per control, whether a scan can evidence
    it (full, partial, none), which evidence sources can show it passing, and what maps to it.
    The configuration's `compliance.frameworks` are listed too."""
    config = config_module.load(Path.cwd(), config_file)
    bundle = compliance.load(None, config.framework_paths())
    # The choices are the catalogs' own ids: a framework added as data is listed without code.
    known = [f.id for f in bundle.catalogs]
    if framework is not None and framework not in known:
        raise click.BadParameter(
            f"unknown framework '{framework}' (known: {', '.join(known)})", param_hint="--framework"
        )
    frameworks = [f for f in bundle.catalogs if framework in (None, f.id)]
    mapped: dict[str, list[str]] = {}
    for category in bundle.mapping.categories:
        for ref in category.controls:
            mapped.setdefault(ref, []).append(category.id)
    if fmt == "json":
        data = [
            {
                "framework": f.id,
                "name": f.name,
                "version": f.version,
                "controls": [
                    {
                        "id": c.id,
                        "ref": c.ref,
                        "title": c.title,
                        "group": c.group,
                        "automation": c.automation,
                        "evidence": list(c.evidence),
                        "categories": mapped.get(c.ref, []),
                        "scope": c.scope,
                    }
                    for c in f.controls
                    if c.automated or not automated
                ],
            }
            for f in frameworks
        ]
        click.echo(json.dumps(data, indent=2))
        return
    for index, fw in enumerate(frameworks):
        shown = [c for c in fw.controls if c.automated or not automated]
        full = sum(1 for c in fw.controls if c.automation == "full")
        partial = sum(1 for c in fw.controls if c.automation == "partial")
        if index:
            click.echo("")
        click.echo(
            f"{fw.label} ({fw.publisher}): {len(fw.controls)} controls; automation evidences "
            f"{full + partial} ({full} fully, {partial} partially), {len(fw.controls) - full - partial} need manual evidence"
        )
        click.echo(f"  {'ID':<10} {'AUTOMATION':<10} {'PASSES ON':<22} {'FAILS ON':<34} CONTROL")
        for c in shown:
            evidence = ", ".join(c.evidence) or ("-" if c.automated else "")
            categories = ", ".join(mapped.get(c.ref, []))
            if len(categories) > 34:
                categories = categories[:31] + "..."
            click.echo(f"  {c.id:<10} {c.automation:<10} {evidence:<22} {categories:<34} {c.title}")
    click.echo(
        "\nPASSES ON: evidence sources whose complete, clean run shows the control passing. "
        "FAILS ON: finding categories mapped to it (rules/compliance/mapping.yaml, <framework>.mapping.yaml)."
    )
