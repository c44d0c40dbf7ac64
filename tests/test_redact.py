"""The redaction stage: whoever found a secret or card number, no finding carries it in full."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from gatekeeper import engine
from gatekeeper.config import Policy, Scope, Waiver, parse
from gatekeeper.findings import Finding, LineReader, Location, Severity, fingerprint_key
from gatekeeper.redact import Redactor
from gatekeeper.scanners.base import ScannerResult, SkippedFile
from tests.secrets.helpers import ALNUM, card_number, rand

PASSWORD = rand(ALNUM, 20, "redact-password")
TOKEN = "ghp_" + rand(ALNUM, 36, "redact-token")
PAN = card_number(seed="redact")
MASKED_PAN = PAN[:6] + "******" + PAN[-4:]


def finding(
    message: str = "", snippet: str = "", title: str = "t", path: str = "app.py", **properties: object
) -> Finding:
    return Finding(
        rule_id="r",
        title=title,
        message=message,
        severity=Severity.HIGH,
        location=Location(path, 3),
        scanners=("other",),
        snippet=snippet,
        properties=tuple(sorted(properties.items())),
    )


def test_known_values_are_masked_in_every_text_field() -> None:
    redacted = Redactor([PASSWORD]).finding(
        finding(
            message=f"found {PASSWORD}", snippet=f"x = f({PASSWORD!r})", title=f"t {PASSWORD}", note=f"[{PASSWORD}]"
        )
    )
    text = repr(redacted)
    assert PASSWORD not in text
    assert f"found {PASSWORD[:4]}…" == redacted.message
    assert dict(redacted.properties)["note"] == f"[{PASSWORD[:4]}…]"


def test_bandit_b105_message_and_snippet_are_masked_without_any_scanner_reporting_the_value() -> None:
    b105 = finding(message=f"Possible hardcoded password: '{PASSWORD}'", snippet=f'DB_PASSWORD = "{PASSWORD}"')
    [redacted] = Redactor().findings([b105])
    assert redacted.message == f"Possible hardcoded password: '{PASSWORD[:4]}…'"
    assert PASSWORD not in redacted.snippet


def test_an_announced_value_is_masked_in_other_findings_too() -> None:
    b105 = finding(message=f"Possible hardcoded password: '{PASSWORD}'")
    other = finding(message=f"call(secret_value={PASSWORD})", path="other.py")
    assert all(PASSWORD not in repr(f) for f in Redactor().findings([b105, other]))


def test_secrets_in_other_scanners_snippets_are_found_by_the_detectors() -> None:
    redacted = Redactor().finding(finding(snippet=f'requests.get(url, auth=("ci", "{TOKEN}"))'))
    assert TOKEN not in redacted.snippet and "ghp_…" in redacted.snippet


def test_values_that_only_look_like_placeholders_are_masked_anyway() -> None:
    # The demo Dockerfile's key is fake, so not reported, but masking it costs nothing.
    redacted = Redactor().finding(finding(snippet="ENV PSP_API_KEY=sk_live_example_not_a_real_key", path="Dockerfile"))
    assert redacted.snippet == "ENV PSP_API_KEY=sk_l…"


def test_card_numbers_anywhere_in_any_text_are_masked() -> None:
    redacted = Redactor().finding(
        finding(message=f"order id:x{PAN}y failed", snippet=f"charge({PAN[:4]} {PAN[4:8]} {PAN[8:12]} {PAN[12:]})")
    )
    assert redacted.message == f"order id:x{MASKED_PAN}y failed"
    assert redacted.snippet == f"charge({MASKED_PAN})"


def test_ordinary_text_is_left_alone() -> None:
    original = finding(
        message="SQL built from request data reaches a database call.", snippet="cursor.execute(q % user)"
    )
    assert Redactor([PASSWORD]).finding(original) == original


def test_keyed_hashes_are_not_scrubbed() -> None:
    digest = "hmac-sha256:" + PAN + "0" * 48
    assert dict(Redactor().finding(finding(secret_hmac=digest)).properties)["secret_hmac"] == digest


def test_scrubbing_twice_changes_nothing() -> None:
    redactor = Redactor([PASSWORD])
    once = redactor.finding(finding(message=f"{PASSWORD} {TOKEN} {PAN}", snippet=f'password = "{PASSWORD}"'))
    assert redactor.finding(once) == once


def test_short_values_are_masked_as_whole_words_only() -> None:
    redactor = Redactor(["Xk9#pQ"])
    assert redactor.scrub("pw Xk9#pQ and aXk9#pQb") == "pw X… and aXk9#pQb"


def test_scanner_errors_are_scrubbed_and_sensitive_values_dropped() -> None:
    outcome = ScannerResult(
        "semgrep",
        "1",
        errors=(f"parse error near '{TOKEN}'",),
        skipped=(SkippedFile("a.py", f"bad token {PAN}"),),
        sensitive=frozenset({PASSWORD}),
    )
    cleaned = Redactor([PASSWORD]).outcome(outcome)
    assert TOKEN not in cleaned.errors[0] and PAN not in cleaned.skipped[0].reason
    assert cleaned.sensitive == frozenset()


def test_every_text_of_a_scanner_outcome_is_scrubbed() -> None:
    outcome = ScannerResult(
        "dependencies",
        "1",
        not_applicable=(SkippedFile("a.bin", f"binary {TOKEN}"),),
        provenance=(("advisories_source", f"https://mirror.example/osv?token={TOKEN}"),),
    )
    cleaned = Redactor().outcome(outcome)
    assert TOKEN not in repr(cleaned)
    assert cleaned.provenance[0][1].startswith("https://mirror.example/osv?token=ghp_")


def test_advisory_references_are_scrubbed() -> None:
    redacted = Redactor().finding(
        replace(finding(), references=(f"https://example.com/x?token={TOKEN}", "https://osv.dev/x"))
    )
    assert TOKEN not in repr(redacted)
    assert redacted.references[1] == "https://osv.dev/x"


def waiver(text: str) -> Waiver:
    return Waiver(
        id="w", reason=f"accepted {text}", owner=f"sec {text}", ticket=f"T-1 {text}", rule="r", expires=date(2099, 1, 1)
    )


def test_the_policys_free_text_is_scrubbed_and_what_it_matches_kept() -> None:
    policy = Policy(waivers=(waiver(TOKEN),), scopes=(Scope("cde", ("pay/**",), description=f"keys {PAN}"),))
    redacted = Redactor().policy(policy)
    assert TOKEN not in repr(redacted) and PAN not in repr(redacted)
    (kept,) = redacted.waivers
    assert (kept.reason, kept.owner, kept.ticket) == (
        f"accepted {TOKEN[:4]}…",
        f"sec {TOKEN[:4]}…",
        f"T-1 {TOKEN[:4]}…",
    )
    assert (kept.rule, kept.expires, kept.id) == ("r", date(2099, 1, 1), "w")
    assert redacted.scopes[0].description == f"keys {MASKED_PAN}" and redacted.scopes[0].paths == ("pay/**",)


def test_a_policy_with_nothing_to_hide_is_returned_as_is() -> None:
    policy = Policy(waivers=(waiver("because"),))
    assert Redactor().policy(policy) is policy


def test_a_policy_file_is_masked_when_it_is_read() -> None:
    """`config show` and every report see the masked policy (and its digest is the masked one's)."""
    config = parse("waivers:\n  - rule: r\n    reason: token " + TOKEN + "\n    owner: sec\n    expires: 2099-01-01\n")
    assert TOKEN not in repr(config.policy.to_dict())
    assert config.policy.waivers[0].reason == f"token {TOKEN[:4]}…"


def test_sensitive_values_stay_out_of_a_results_repr() -> None:
    assert PASSWORD not in repr(ScannerResult("secrets", "1", sensitive=frozenset({PASSWORD})))


def test_fingerprints_hash_redacted_lines(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(f'import x\ncard = "{PAN}"\n')
    line_of = Redactor([PAN]).lines(LineReader(tmp_path))
    assert line_of("app.py", 2) == f'card = "{MASKED_PAN}"'
    assert fingerprint_key("r", "app.py", line_of("app.py", 2)) != fingerprint_key("r", "app.py", f'card = "{PAN}"')


def test_a_value_learnt_later_is_masked_in_text_scrubbed_before() -> None:
    """Scrubbed texts are remembered, but only until a new sensitive value is known."""
    redactor = Redactor()
    text = f"connect with {PASSWORD}"
    assert redactor.scrub(text, "app.py") == text
    redactor.findings([finding(message=f"Possible hardcoded password: '{PASSWORD}'")])
    assert PASSWORD not in redactor.scrub(text, "app.py")


def test_the_engine_reports_waivers_of_any_policy_scrubbed(tmp_path: Path) -> None:
    """A policy built in code (not read from a file) is scrubbed by the engine all the same."""
    (tmp_path / "util.py").write_text("x = 1\n")
    request = engine.ScanRequest(paths=(tmp_path,), scanners=("secrets",), policy=Policy(waivers=(waiver(TOKEN),)))
    (state,) = engine.run(request).waivers
    assert TOKEN not in repr(state) and state.reason == f"accepted {TOKEN[:4]}…"
