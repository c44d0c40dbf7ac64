"""gatekeeper.policy.suppressions: `# nosec`, `# nosemgrep`, `# gatekeeper: ignore[...]`, honoured or refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gatekeeper.config import InlinePolicy, Policy, Scope
from gatekeeper.engine import ScanRequest, run
from gatekeeper.policy import suppressions
from gatekeeper.policy.state import refusal_of, suppression_of
from gatekeeper.rulepack import default_rules_dir
from tests.policy.helpers import make

BANDIT = dict(rule="B602", scanners=("bandit",))
MERGED = dict(
    rule="python-command-injection",
    scanners=("semgrep", "bandit"),
    source_rules=(("semgrep", "python-command-injection"), ("bandit", "B602")),
)


def lines(*text: str):  # type: ignore[no-untyped-def]
    return lambda _path, n: text[n - 1] if 0 < n <= len(text) else ""


def apply_one(finding, source: tuple[str, ...], policy: Policy = Policy()):  # type: ignore[no-untyped-def]
    (result,) = suppressions.apply([finding], policy, lines(*source))
    return result


@pytest.mark.parametrize(
    ("line", "form", "ids", "reason"),
    [
        ("x()  # nosec", "nosec", (), ""),
        ("x()  # nosec B602", "nosec", ("B602",), ""),
        ("x()  # nosec: B602, b607 -- input is constant", "nosec", ("B602", "B607"), "input is constant"),
        (
            "x()  # nosec subprocess_popen_with_shell_equals_true",
            "nosec",
            ("subprocess_popen_with_shell_equals_true",),
            "",
        ),
        ("x()  # nosec this is fine", "nosec", (), "this is fine"),
        ("x()  # nosemgrep", "nosemgrep", (), ""),
        (
            "x()  # nosemgrep: python-command-injection -- reviewed",
            "nosemgrep",
            ("python-command-injection",),
            "reviewed",
        ),
        ("x()  // nosemgrep: a.b.rule-1, rule-2", "nosemgrep", ("a.b.rule-1", "rule-2"), ""),
        ("x()  # gatekeeper: ignore[B602] constant input", "gatekeeper", ("B602",), "constant input"),
        (
            "x()  # gatekeeper: ignore[B602, python-command-injection] -- why",
            "gatekeeper",
            ("B602", "python-command-injection"),
            "why",
        ),
        ("x()  # gatekeeper:ignore[B602]", "gatekeeper", ("B602",), ""),
    ],
)
def test_each_form_is_parsed_with_and_without_reason(line: str, form: str, ids: tuple[str, ...], reason: str) -> None:
    (directive,) = suppressions.directives(line, 7)
    assert (directive.form, directive.ids, directive.reason, directive.line) == (form, ids, reason, 7)


def test_two_directives_on_one_line_each_keep_their_own_reason() -> None:
    found = suppressions.directives("x()  # nosec B602 -- a reason # nosemgrep -- another", 1)
    assert [(d.form, d.reason) for d in found] == [("nosec", "a reason"), ("nosemgrep", "another")]
    # A '#' inside a reason is not a new directive.
    (only,) = suppressions.directives("x()  # nosec -- tracked in #123", 1)
    assert only.reason == "tracked in #123"


def test_ordinary_comments_are_not_suppressions() -> None:
    assert suppressions.directives("x()  # no security problem here; gatekeeper ignores nothing", 1) == []


def test_nosec_suppresses_a_bandit_finding_and_is_recorded() -> None:
    result = apply_one(make(**BANDIT), ("run(cmd, shell=True)  # nosec B602 -- constant",))
    assert suppression_of(result) == {"kind": "inline", "form": "nosec", "line": 1, "justification": "constant"}


def test_nosec_for_another_test_id_does_not_suppress() -> None:
    result = apply_one(make(**BANDIT), ("run(cmd, shell=True)  # nosec B101",))
    assert suppression_of(result) is None and refusal_of(result) is None


def test_nosec_does_not_speak_for_semgrep() -> None:
    result = apply_one(make(), ("run(cmd, shell=True)  # nosec",))
    assert suppression_of(result) is None and refusal_of(result) is None


def test_nosemgrep_by_short_or_dotted_rule_id() -> None:
    assert suppression_of(apply_one(make(), ("x  # nosemgrep: python-command-injection",)))
    assert suppression_of(apply_one(make(), ("x  # nosemgrep: rules.semgrep.python.python-command-injection",)))
    assert suppression_of(apply_one(make(), ("x  # nosemgrep: python-sql-injection",))) is None


def test_a_finding_two_scanners_report_needs_both_silenced() -> None:
    half = apply_one(make(**MERGED), ("x  # nosec -- constant",))
    assert suppression_of(half) is None
    refusal = refusal_of(half)
    assert refusal is not None and refusal["refused"].startswith("# nosec speaks for bandit only; semgrep also reports")
    both = apply_one(make(**MERGED), ("x  # nosemgrep -- constant  # nosec",))
    assert suppression_of(both) == {
        "kind": "inline",
        "form": "nosemgrep, nosec",
        "line": 1,
        "justification": "constant",
    }


def test_gatekeeper_form_names_any_scanners_rule() -> None:
    for rule in ("python-command-injection", "B602"):
        result = apply_one(make(**MERGED), (f"x  # gatekeeper: ignore[{rule}] constant input",))
        assert suppression_of(result) == {
            "kind": "inline",
            "form": "gatekeeper",
            "line": 1,
            "justification": "constant input",
        }, rule


def test_gatekeeper_form_without_a_rule_id_is_refused() -> None:
    result = apply_one(make(), ("x  # gatekeeper: ignore constant input",))
    assert suppression_of(result) is None
    assert refusal_of(result)["refused"].startswith("names no rule")  # type: ignore[index]


def test_a_comment_alone_on_the_line_above_counts() -> None:
    source = ("    # gatekeeper: ignore[python-command-injection] constant input", "    run(cmd, shell=True)")
    assert suppression_of(apply_one(make(line=2), source))
    # ...but not code with a trailing comment on the line above.
    assert suppression_of(apply_one(make(line=2), ("y = 1  # nosemgrep", "run(cmd)"))) is None


def test_any_line_of_a_multi_line_finding_counts() -> None:
    source = ("run(", "    cmd,", "    shell=True,  # nosemgrep -- constant", ")")
    assert suppression_of(apply_one(make(line=1, end_line=4), source))


@pytest.mark.parametrize("form", ["# nosec", "# nosemgrep", "# gatekeeper: ignore[B602]"])
def test_reason_required_refuses_a_bare_suppression(form: str) -> None:
    strict = Policy(inline=InlinePolicy(require_reason=True))
    finding = make(rule="B602", scanners=("bandit",)) if "nosec" in form or "B602" in form else make()
    result = apply_one(finding, (f"x  {form}",), strict)
    assert suppression_of(result) is None
    assert refusal_of(result)["refused"].startswith("no reason given")  # type: ignore[index]
    with_reason = apply_one(finding, (f"x  {form} -- reviewed by appsec",), strict)
    assert suppression_of(with_reason)["justification"] == "reviewed by appsec"  # type: ignore[index]


def test_a_scope_can_refuse_inline_suppressions() -> None:
    cde = Scope("cde", ("payments/",), inline_suppressions=False)
    policy = Policy(scopes=(cde,))
    inside = apply_one(make(path="payments/a.py"), ("x  # nosemgrep -- fine",), policy)
    assert suppression_of(inside) is None
    assert refusal_of(inside)["refused"].startswith("inline suppressions are not allowed in scope cde")  # type: ignore[index]
    assert suppression_of(apply_one(make(path="tools/a.py"), ("x  # nosemgrep -- fine",), policy))


def test_turning_them_off_refuses_every_one() -> None:
    result = apply_one(make(), ("x  # nosemgrep -- fine",), Policy(inline=InlinePolicy(allow=False)))
    assert suppression_of(result) is None
    assert "turned off" in refusal_of(result)["refused"]  # type: ignore[index]


def test_a_reason_is_scrubbed_like_any_source_text() -> None:
    finding = make()
    (result,) = suppressions.apply(
        [finding],
        Policy(),
        lines("x  # nosemgrep -- key sk_live_SECRET"),
        scrub=lambda text, _path: text.replace("SECRET", "…"),
    )
    assert suppression_of(result)["justification"] == "key sk_live_…"  # type: ignore[index]


# -- the scanners themselves no longer drop these findings ----------------------------------------


@pytest.fixture
def starter_rules(tmp_path: Path) -> Path:
    """One of the four starter rules only, so this test does not depend on rules being written elsewhere."""
    rules = tmp_path / "rules"
    (rules / "semgrep" / "python").mkdir(parents=True)
    shutil.copy(default_rules_dir() / "semgrep" / "python" / "command-injection.yaml", rules / "semgrep" / "python")
    shutil.copytree(default_rules_dir() / "bandit", rules / "bandit")
    return rules


@pytest.mark.slow
def test_nosec_and_nosemgrep_findings_are_reported_as_suppressed(tmp_path: Path, starter_rules: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "app.py").write_text(
        "import subprocess\n"
        "from flask import request\n\n\n"
        "def export():\n"
        "    month = request.args.get('month')\n"
        "    return subprocess.check_output('tar %s' % month, shell=True)"
        "  # nosemgrep -- demo only  # nosec -- demo only\n"
    )
    result = run(ScanRequest(paths=(tree,), scanners=("semgrep", "bandit"), rules_dir=starter_rules, jobs=1))
    assert result.complete, result.errors
    (accepted,) = [f for f in result.findings if f.rule_id == "python-command-injection"]
    assert accepted.scanners == ("semgrep", "bandit")
    assert suppression_of(accepted) == {
        "kind": "inline",
        "form": "nosemgrep, nosec",
        "line": 7,
        "justification": "demo only",
    }
