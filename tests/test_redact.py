"""The redaction stage: whoever found a secret or card number, no finding carries it in full."""

from __future__ import annotations

from pathlib import Path

from gatekeeper.findings import Finding, LineReader, Location, Severity, fingerprint_key
from gatekeeper.redact import Redactor
from gatekeeper.scanners.base import ScannerResult, SkippedFile
from tests.secrets.helpers import ALNUM, card_number, rand

PASSWORD = rand(ALNUM, 20, "redact-password")
TOKEN = "ghp_" + rand(ALNUM, 36, "redact-token")
PAN = card_number(seed="redact")
MASKED_PAN = PAN[:6] + "******" + PAN[-4:]


def finding(message: str = "", snippet: str = "", title: str = "t", path: str = "app.py", **properties: object) -> Finding:
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
        finding(message=f"found {PASSWORD}", snippet=f"x = f({PASSWORD!r})", title=f"t {PASSWORD}", note=f"[{PASSWORD}]")
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
    redacted = Redactor().finding(finding(message=f"order id:x{PAN}y failed", snippet=f"charge({PAN[:4]} {PAN[4:8]} {PAN[8:12]} {PAN[12:]})"))
    assert redacted.message == f"order id:x{MASKED_PAN}y failed"
    assert redacted.snippet == f"charge({MASKED_PAN})"


def test_ordinary_text_is_left_alone() -> None:
    original = finding(message="SQL built from request data reaches a database call.", snippet="cursor.execute(q % user)")
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
        "semgrep", "1", errors=(f"parse error near '{TOKEN}'",), skipped=(SkippedFile("a.py", f"bad token {PAN}"),),
        sensitive=frozenset({PASSWORD}),
    )
    cleaned = Redactor([PASSWORD]).outcome(outcome)
    assert TOKEN not in cleaned.errors[0] and PAN not in cleaned.skipped[0].reason
    assert cleaned.sensitive == frozenset()


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
