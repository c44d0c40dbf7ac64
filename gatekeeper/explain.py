"""`gatekeeper explain RULE`: what a rule id means, from the catalogue that defines it.

One lookup per catalogue, tried in turn: the semgrep pack (bundled and the policy's packs), bandit's
own plugin and blacklist tables, the CloudFormation and Terraform check tables, the secrets
catalogue. Examples are the rule's labelled test cases (`# ruleid:` / `# ok:` lines, the form
semgrep --test and tests/rules read), so an explanation shows code a test proves is (not) reported.
The controls come from the compliance mapping, as a finding of the rule would get them.
"""

from __future__ import annotations

import inspect
import re
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from gatekeeper import compliance
from gatekeeper.findings import Finding, Location, Severity
from gatekeeper.rulepack import RulePack, load_yaml

EXAMPLES_SHOWN = 2
"""Bad and good examples shown per rule (the labelled files hold more)."""
EXAMPLE_LINES = 6
"""Lines of one example at most: the labelled line and the block under it."""
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_LABEL = re.compile(r"^\s*(?:#|//)\s*(ruleid|ok|todoruleid|todook)\s*:\s*(.+?)\s*$")


@dataclass(frozen=True)
class Explanation:
    rule_id: str
    catalogue: str
    """Where the rule is defined: `semgrep rule rules/semgrep/python/debug-mode.yaml`, `bandit plugin`."""
    title: str
    description: str = ""
    severity: str = ""
    cwe: tuple[str, ...] = ()
    owasp: tuple[str, ...] = ()
    fix: str = ""
    autofix: str = ""
    """The semgrep `fix:` that `gatekeeper scan --fix` applies, when the rule has one."""
    references: tuple[str, ...] = ()
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()
    controls: tuple[str, ...] = field(default=())
    scanner: str = "semgrep"


def explain(rule_id: str, rules: RulePack) -> Explanation | None:
    """The rule's explanation, with its controls; None when no catalogue knows the id."""
    for lookup in _LOOKUPS:
        found = lookup(rule_id, rules)
        if found is not None:
            return replace(found, controls=_controls(found, rules))
    return None


def _controls(found: Explanation, rules: RulePack) -> tuple[str, ...]:
    probe = Finding(
        found.rule_id,
        found.title,
        "",
        Severity.parse(found.severity) if found.severity else Severity.MEDIUM,
        Location("x", 1),
        (found.scanner,),
        source_rules=((found.scanner, found.rule_id),),
        cwe=found.cwe,
    )
    (mapped,) = compliance.load(rules.root).mapping.apply([probe])
    return mapped.controls


def _semgrep(rule_id: str, rules: RulePack) -> Explanation | None:
    rule = next((r for r in rules.semgrep_rules if r["id"] == rule_id), None)
    if rule is None:
        return None
    meta: dict[str, Any] = rule.get("metadata") or {}
    source = rules.rule_sources.get(rule_id)
    bad, good = labelled_examples(_test_files(source) if source else (), rule_id)
    return Explanation(
        rule_id=rule_id,
        catalogue=f"semgrep rule {_shown_path(source, rules.root)}",
        title=str(meta.get("title") or rule_id),
        description=" ".join(str(rule.get("message", "")).split()),
        severity=str(meta.get("severity", "")),
        cwe=_texts(meta.get("cwe")),
        owasp=_texts(meta.get("owasp")),
        fix=" ".join(str(meta.get("remediation", "")).split()),
        autofix=_autofix(rule),
        references=_texts(meta.get("references")),
        bad=bad,
        good=good,
    )


def _bandit(rule_id: str, _rules: RulePack) -> Explanation | None:
    if not re.fullmatch(r"B\d{3}", rule_id):
        return None
    try:
        with warnings.catch_warnings():  # bandit's plugin loader warns about its own stevedore call
            warnings.simplefilter("ignore")
            from bandit.core import extension_loader, issue
    except ImportError:  # bandit runs as a tool elsewhere: its catalogue is not at hand
        return None
    manager = extension_loader.MANAGER
    remediation = load_yaml((_rules.root / "bandit" / "remediation.yaml").read_text(encoding="utf-8")) or {}
    fix = str(remediation.get(rule_id, ""))
    if rule_id in manager.blacklist_by_id:
        entry = manager.blacklist_by_id[rule_id]
        listed: tuple[str, ...] = (f"CWE-{entry['cwe']}",) if entry.get("cwe") else ()
        return Explanation(
            rule_id,
            "bandit blacklist",
            str(entry["name"]),
            str(entry["message"]),
            str(entry["level"]).lower(),
            listed,
            fix=fix,
            scanner="bandit",
        )
    plugin = manager.plugins_by_id.get(rule_id)
    if plugin is None:
        return None
    doc = inspect.getdoc(plugin.plugin) or ""
    heading = re.search(r"\*\*B\d{3}: (.+?)\*\*", doc)
    paragraphs = [
        " ".join(p.split()) for p in doc.split("\n\n")[1:] if p.strip() and not p.lstrip().startswith((".. ", ":"))
    ]
    # The CWE a plugin reports is set where it builds its issue: read from its source.
    names = re.findall(r"issue\.Cwe\.([A-Z_]+)", inspect.getsource(plugin.plugin))
    cwe = tuple(
        dict.fromkeys(f"CWE-{getattr(issue.Cwe, n)}" for n in names if isinstance(getattr(issue.Cwe, n, None), int))
    )
    return Explanation(
        rule_id,
        "bandit plugin",
        heading.group(1) if heading else plugin.name,
        paragraphs[0] if paragraphs else "",
        cwe=cwe,
        fix=fix,
        references=("https://bandit.readthedocs.io/en/latest/plugins/index.html",),
        scanner="bandit",
    )


def _table(relative: str, key: str, scanner: str) -> Callable[[str, RulePack], Explanation | None]:
    """A check table of rule-shaped entries (CloudFormation checks.yaml, Terraform defaults)."""

    def lookup(rule_id: str, rules: RulePack) -> Explanation | None:
        path = rules.root / relative
        if not path.is_file():
            return None
        entry = next(
            (e for e in load_yaml(path.read_text(encoding="utf-8")).get(key) or () if e.get("id") == rule_id), None
        )
        if entry is None:
            return None
        meta = {**entry, **(entry.get("metadata") or {})}
        cases = sorted(
            p for p in path.parent.rglob("*") if p.is_file() and p != path and (".test." in p.name or p.suffix == ".tf")
        )
        bad, good = labelled_examples(cases, rule_id)
        return Explanation(
            rule_id,
            f"{scanner} check {path.relative_to(rules.root.parent) if rules.root.parent in path.parents else path}",
            str(meta.get("title") or rule_id),
            # `{resource}`, `{address}`: filled in per finding; shown as what they stand for.
            _PLACEHOLDER.sub(r"<\1>", " ".join(str(entry.get("message", "")).split())),
            str(meta.get("severity", "")).lower(),
            _texts(meta.get("cwe")),
            fix=" ".join(str(meta.get("remediation") or meta.get("fix") or "").split()),
            references=_texts(meta.get("references")),
            bad=bad,
            good=good,
            scanner=scanner,
        )

    return lookup


def _secrets(rule_id: str, _rules: RulePack) -> Explanation | None:
    from gatekeeper.secrets import catalog

    known = {r.id: r for r in vars(catalog).values() if isinstance(r, catalog.SecretRule)}
    rule = known.get(rule_id)
    if rule is None:
        return None
    return Explanation(
        rule_id,
        "secrets catalogue",
        rule.title,
        "",
        rule.severity.label,
        rule.cwe,
        rule.owasp,
        rule.remediation,
        references=rule.references,
        scanner="secrets",
    )


_LOOKUPS: tuple[Callable[[str, RulePack], Explanation | None], ...] = (
    _semgrep,
    _bandit,
    _table("cloudformation/checks.yaml", "rules", "cloudformation"),
    _table("iac/terraform-defaults.yaml", "checks", "terraform"),
    _secrets,
)


def labelled_examples(files: Iterable[Path], rule_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Up to EXAMPLES_SHOWN code examples labelled `ruleid: RULE` (bad) and `ok: RULE` (good)."""
    bad: list[str] = []
    good: list[str] = []
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for index, line in enumerate(lines):
            label = _LABEL.match(line)
            if not label or rule_id not in [r.strip() for r in label.group(2).split(",")]:
                continue
            kind = bad if label.group(1) == "ruleid" else good if label.group(1) == "ok" else None
            if kind is not None and len(kind) < EXAMPLES_SHOWN:
                example = _block(lines, index + 1)
                if example and example not in kind:
                    kind.append(example)
    return tuple(bad), tuple(good)


def _block(lines: Sequence[str], start: int) -> str:
    """The labelled line and the lines under it that are more indented (its body), up to EXAMPLE_LINES."""
    while start < len(lines) and (not lines[start].strip() or _LABEL.match(lines[start])):
        start += 1
    if start >= len(lines):
        return ""
    first = lines[start]
    indent = len(first) - len(first.lstrip())
    block = [first]
    for line in lines[start + 1 :]:
        if len(block) >= EXAMPLE_LINES or not line.strip():
            break
        if _LABEL.match(line):  # another case's label inside this block: not part of the code
            continue
        if len(line) - len(line.lstrip()) <= indent and not line.strip().startswith((")", "]", "}")):
            break
        block.append(line)
    return "\n".join(text[indent:] for text in block).rstrip()


def _test_files(rule_file: Path) -> list[Path]:
    """The labelled targets beside a rule file: same stem, any other extension (`x.py`, `x.2.py`)."""
    stem = rule_file.name.split(".")[0]
    return sorted(
        p
        for p in rule_file.parent.iterdir()
        if p.is_file() and p.name.split(".")[0] == stem and p.suffix not in (".yaml", ".yml")
    ) + sorted(p for p in rule_file.parent.glob(f"{stem}.test.*"))


def _autofix(rule: dict[str, Any]) -> str:
    """The rule's mechanical fix as `gatekeeper scan --fix` applies it, in the rule's own words."""
    if rule.get("fix"):
        return f"the match becomes: {str(rule['fix']).strip()}"
    regex = rule.get("fix-regex")
    if isinstance(regex, dict) and "regex" in regex:
        return f"in the match, /{regex['regex']}/ is replaced with '{regex.get('replacement', '')}'"
    return ""


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in (value if isinstance(value, list) else [value]))


def _shown_path(path: Path | None, root: Path) -> str:
    if path is None:
        return "(unknown file)"
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.as_posix()
