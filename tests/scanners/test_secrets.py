"""The secrets scanner: the fixture tree's exact findings, coverage, keyed hashes, and no secret
or card number printed in full by any output (every registered format, console, stderr)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from gatekeeper import engine
from gatekeeper.config import Policy
from gatekeeper.gate import verdict
from gatekeeper.reports import FORMATS, renderer
from gatekeeper.rulepack import default_rules_dir
from gatekeeper.scanners.base import ScanContext, ScannerFailure, ScannerResult
from gatekeeper.scanners.secrets import SecretsScanner
from gatekeeper.secrets.keyed_hash import KEY_ENV
from tests.conftest import EXAMPLE, run_cli
from tests.secrets.helpers import ALNUM, card_number, rand

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "secrets"
TREE = FIXTURES / "leaky-service"
EXPECTED: list[dict[str, Any]] = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
KEY = "test-hmac-key-" + rand(ALNUM, 24, "hmac")
PAN = card_number(seed="scanner")


@pytest.fixture(autouse=True)
def hmac_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, KEY)


def files_of(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def scan(root: Path, files: list[str] | None = None, **options: Any) -> ScannerResult:
    files = files if files is not None else files_of(root)
    work = root.parent / f"work-{root.name}"
    work.mkdir(exist_ok=True)
    context = ScanContext(
        root=root, files=tuple(files), rules_dir=default_rules_dir(), workdir=work, timeout=300, options=options
    )
    return SecretsScanner().scan(context, files)


@pytest.fixture(scope="module")
def tree_result() -> ScannerResult:
    with pytest.MonkeyPatch.context() as patch:  # module scope: set up before the autouse fixture
        patch.setenv(KEY_ENV, KEY)
        return scan(TREE)


def raw_values() -> set[str]:
    """Every secret and card number of the fixture tree, read from the files at the golden spans."""
    values: set[str] = set()
    for item in EXPECTED:
        lines = (TREE / item["path"]).read_text(encoding="utf-8").splitlines()
        if item["line"] == item["end_line"]:
            value = lines[item["line"] - 1][item["column"] - 1 : item["end_column"] - 1]
            values.add(value)
            values.update(part for part in value.split("\\n") if len(part) >= 16 and "-----" not in part)
            if item["rule_id"].startswith("secrets-pan"):
                values.add(re.sub(r"\D", "", value))
        else:
            values.update(line.strip() for line in lines[item["line"] : item["end_line"] - 1] if ":" not in line)
    return {v for v in values if len(v) >= 8}


# --- the golden list --------------------------------------------------------------------------


@pytest.mark.slow
def test_fixture_tree_gives_exactly_the_expected_findings(tree_result: ScannerResult) -> None:
    got = [
        {
            "path": f.location.path,
            "line": f.location.start_line,
            "column": f.location.start_column,
            "end_line": f.location.end_line,
            "end_column": f.location.end_column,
            "rule_id": f.rule_id,
            "severity": f.severity.label,
        }
        for f in sorted(tree_result.findings, key=lambda f: f.sort_key)
    ]
    assert got == EXPECTED


def test_every_kind_of_secret_is_in_the_golden_list() -> None:
    kinds = {item["rule_id"] for item in EXPECTED}
    assert {
        "secrets-aws-access-key",
        "secrets-aws-secret-key",
        "secrets-gcp-service-account-key",
        "secrets-gcp-api-key",
        "secrets-azure-storage-key",
        "secrets-azure-connection-string",
        "secrets-azure-client-secret",
        "secrets-private-key",
        "secrets-github-token",
        "secrets-gitlab-token",
        "secrets-slack-token",
        "secrets-slack-webhook",
        "secrets-stripe-secret-key",
        "secrets-stripe-restricted-key",
        "secrets-stripe-webhook-secret",
        "secrets-braintree-access-token",
        "secrets-square-oauth-secret",
        "secrets-pypi-token",
        "secrets-npm-token",
        "secrets-sendgrid-api-key",
        "secrets-openai-api-key",
        "secrets-jwt",
        "secrets-password",
        "secrets-generic-secret",
        "secrets-connection-string-password",
        "secrets-high-entropy-string",
        "secrets-pan",
        "secrets-pan-test-card",
    } <= kinds


@pytest.mark.slow
def test_findings_carry_weakness_fix_and_references(tree_result: ScannerResult) -> None:
    for finding in tree_result.findings:
        assert finding.scanners == ("secrets",) and finding.source_rules == (("secrets", finding.rule_id),)
        assert finding.cwe and finding.remediation and finding.references
        if finding.rule_id.startswith("secrets-pan"):
            assert any("CWE-312" in c for c in finding.cwe)
        else:
            assert any("CWE-798" in c for c in finding.cwe)


# --- coverage ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_files_not_read_are_reported_with_the_reason(tree_result: ScannerResult) -> None:
    reasons = {s.path: s.reason for s in tree_result.not_applicable}
    # The lock file is read (credentials in registry URLs); binaries are named by content.
    assert set(reasons) == {"assets/logo.png", "data/snapshot.dat"}
    assert reasons["assets/logo.png"] == "binary content (image): the secrets scanner reads text only"
    assert reasons["data/snapshot.dat"] == "binary content: the secrets scanner reads text only"
    assert set(tree_result.scanned) == set(files_of(TREE)) - set(reasons)
    assert tree_result.complete


@pytest.mark.parametrize("name", ["creds.pdf", "deploy.bin", "logo.png", "backup.zip"])
def test_a_text_file_is_read_whatever_its_name(tmp_path: Path, name: str) -> None:
    """Binary is decided by content: a name ending in .pdf or .bin does not hide a secret."""
    token = "ghp_" + rand(ALNUM, 36, name)
    (tmp_path / name).write_text(f"deploy token: {token}\n")
    result = scan(tmp_path)
    assert result.scanned == (name,) and not result.not_applicable
    assert [f.rule_id for f in result.findings] == ["secrets-github-token"]


def test_real_binaries_are_not_applicable_with_what_they_are(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + zlib.compress(bytes(range(256)) * 64)
    (tmp_path / "logo.png").write_bytes(png)
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as archive:
        archive.writestr("a.txt", "hello\n")
    (tmp_path / "blob").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(64))
    result = scan(tmp_path)
    assert not result.scanned and not result.findings
    assert {s.path: s.reason for s in result.not_applicable} == {
        "blob": "binary content: the secrets scanner reads text only",
        "bundle.zip": "binary content (archive): the secrets scanner reads text only",
        "logo.png": "binary content (image): the secrets scanner reads text only",
    }


LOCK_FILES = {
    "Pipfile.lock": '{{"_meta": {{"sources": [{{"name": "corp", "url": "{url}/simple", "verify_ssl": true}}]}}}}\n',
    "poetry.lock": '[[package]]\nname = "x"\n\n[package.source]\ntype = "legacy"\nurl = "{url}/simple"\n',
    "package-lock.json": '{{"packages": {{"node_modules/x": {{"resolved": "{url}/x/-/x-1.0.0.tgz"}}}}}}\n',
    "yarn.lock": 'x@^1.0.0:\n  version "1.0.0"\n  resolved "{url}/x/-/x-1.0.0.tgz"\n',
}


@pytest.mark.parametrize("name", sorted(LOCK_FILES))
def test_lock_files_are_scanned_for_credentials_in_urls(tmp_path: Path, name: str) -> None:
    password = rand(ALNUM, 20, name)
    (tmp_path / name).write_text(LOCK_FILES[name].format(url=f"https://deploy:{password}@pypi.corp.example"))
    result = scan(tmp_path)
    assert result.scanned == (name,) and not result.not_applicable
    [finding] = result.findings
    assert finding.rule_id == "secrets-connection-string-password" and password not in finding.snippet


def test_generated_lock_file_content_is_not_reported(tmp_path: Path) -> None:
    """Integrity hashes, checksums and registry URLs are what a lock file is made of: not secrets."""

    def digest(i: int, size: int = 32) -> bytes:
        return hashlib.sha512(str(i).encode()).digest()[:size]

    packages = {
        f"node_modules/p{i}": {
            "version": f"1.0.{i}",
            "resolved": f"https://registry.npmjs.org/p{i}/-/p{i}-1.0.{i}.tgz",
            "integrity": "sha512-" + base64.b64encode(digest(i, 64)).decode(),
        }
        for i in range(300)
    }
    (tmp_path / "package-lock.json").write_text(json.dumps({"lockfileVersion": 3, "packages": packages}, indent=2))
    (tmp_path / "poetry.lock").write_text(
        "".join(
            f'[[package]]\nname = "p{i}"\nfiles = [\n    {{file = "p{i}.tar.gz", hash = "sha256:{digest(i).hex()}"}},\n]\n\n'
            for i in range(300)
        )
    )
    (tmp_path / "go.sum").write_text(
        "".join(f"github.com/a/p{i} v1.0.{i} h1:{base64.b64encode(digest(i)).decode()}\n" for i in range(300))
    )
    result = scan(tmp_path)
    assert set(result.scanned) == {"package-lock.json", "poetry.lock", "go.sum"}
    assert not result.findings


def test_a_file_over_the_size_limit_is_lost_coverage_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "dump.sql").write_text("INSERT INTO cards VALUES ('x');\n" * 10)
    result = scan(tmp_path, max_file_bytes=100)
    [skipped] = result.skipped
    assert skipped.path == "dump.sql" and "limit of 100 bytes" in skipped.reason and "max_file_bytes" in skipped.reason
    assert not result.complete


def test_an_unreadable_file_is_lost_coverage(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").mkdir()  # reading a directory fails like an unreadable file
    [skipped] = scan(tmp_path, ["gone.txt"]).skipped
    assert skipped.path == "gone.txt" and skipped.reason.startswith("cannot be read")


def test_utf16_and_legacy_encoded_files_are_read(tmp_path: Path) -> None:
    password = rand(ALNUM, 18, "utf16")
    (tmp_path / "settings.ini").write_bytes(f"[db]\npassword = {password}\n".encode("utf-16"))
    (tmp_path / "legacy.ini").write_bytes(b"[db]\n; caf\xe9\npassword = " + password.encode() + b"\n")
    assert sorted((f.location.path, f.rule_id) for f in scan(tmp_path).findings) == [
        ("legacy.ini", "secrets-password"),
        ("settings.ini", "secrets-password"),
    ]


def test_handles_every_file() -> None:
    scanner = SecretsScanner()
    assert all(scanner.handles(p) for p in ("a.py", "logo.png", "package-lock.json", "Dockerfile"))
    assert scanner.version().startswith("detect-secrets 1.5.")


# --- redaction in the scanner's own findings, and keyed hashes --------------------------------


@pytest.mark.slow
def test_findings_never_hold_a_raw_value(tree_result: ScannerResult) -> None:
    text = repr(tree_result.findings)
    leaked = sorted(v for v in raw_values() if v in text)
    assert leaked == []


@pytest.mark.slow
def test_the_raw_values_go_to_the_engine_only(tree_result: ScannerResult) -> None:
    assert raw_values() <= tree_result.sensitive
    assert "sensitive" not in repr(tree_result)


@pytest.mark.slow
def test_masked_forms_in_messages(tree_result: ScannerResult) -> None:
    by_rule = {f.rule_id: f for f in tree_result.findings}
    assert re.search(r"AWS access key AKIA…", by_rule["secrets-aws-access-key"].message)
    assert re.search(r"Card number \d{6}\*+\d{4} \(", by_rule["secrets-pan"].message)
    snippet = by_rule["secrets-stripe-secret-key"].snippet
    assert snippet == 'STRIPE_SECRET_KEY = "sk_l…"'


def test_the_same_secret_in_two_files_has_the_same_keyed_hash(tmp_path: Path) -> None:
    token = "ghp_" + rand(ALNUM, 36, "twice")
    (tmp_path / "a.py").write_text(f'TOKEN = "{token}"\n')
    (tmp_path / "b.env").write_text(f"GH={token}\nOTHER=ghp_{rand(ALNUM, 36, 'other')}\n")
    hashes = [dict(f.properties)["secret_hmac"] for f in sorted(scan(tmp_path).findings, key=lambda f: f.sort_key)]
    assert hashes[0] == hashes[1] != hashes[2]
    assert all(h.startswith("hmac-sha256:") and len(h) == len("hmac-sha256:") + 64 for h in hashes)


def test_a_pan_hashes_the_same_with_or_without_separators(tmp_path: Path) -> None:
    grouped = " ".join(PAN[i : i + 4] for i in range(0, 16, 4))
    (tmp_path / "a.log").write_text(f"card={PAN}\ncard={grouped}\n")
    hashes = {dict(f.properties)["secret_hmac"] for f in scan(tmp_path).findings}
    assert len(hashes) == 1


def test_another_key_gives_other_hashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.log").write_text(f"card={PAN}\n")
    first = dict(scan(tmp_path).findings[0].properties)["secret_hmac"]
    monkeypatch.setenv(KEY_ENV, "another-key-" + rand(ALNUM, 20, "k2"))
    assert dict(scan(tmp_path).findings[0].properties)["secret_hmac"] != first


def test_an_unusable_key_fails_the_scanner_without_showing_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, "short")
    with pytest.raises(ScannerFailure) as raised:
        scan(tmp_path)
    assert "short" not in str(raised.value).replace("too short", "")


def test_the_key_file_is_made_in_the_user_config_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "a.log").write_text(f"card={PAN}\n")
    scan(tmp_path / "tree")
    assert (tmp_path / "config" / "gatekeeper" / "hmac.key").stat().st_mode & 0o077 == 0


# --- engine-wide redaction --------------------------------------------------------------------


@pytest.mark.slow
def test_the_engine_scrubs_other_scanners_findings(tmp_path: Path) -> None:
    """bandit B105 quotes the password in its message; the engine fills snippets from source lines."""
    password = rand(ALNUM, 20, "engine")
    (tmp_path / "app.py").write_text(f'import os\n\nDB_PASSWORD = "{password}"\nCARD = "{PAN}"\n')
    # The secrets scanner's own finding on that line is turned off, so that bandit's B105 (which
    # would merge into it, gatekeeper/dedup.py) stands alone, quoting the value it found.
    off = frozenset({"secrets-password", "secrets-generic-secret"})
    request = engine.ScanRequest(paths=(tmp_path,), scanners=("bandit", "secrets"), jobs=1, disabled_rules=off)
    result = engine.run(request)
    rendered = renderer("json")(result, verdict(result, Policy()), Policy())
    assert password not in rendered and PAN not in rendered
    assert "Possible hardcoded password: '" + password[:4] + "…'" in rendered
    assert all(not o.sensitive for o in result.scanners)


# --- every output of the real CLI -------------------------------------------------------------


def _outputs(root: Path, out: Path) -> tuple[dict[str, str], Any]:
    args = ["scan", str(root)]
    for name in FORMATS:
        args += ["--output", f"{name}={out / ('report.' + name)}"]
    proc = run_cli(*args, env={KEY_ENV: KEY})
    assert proc.returncode in (1, 2), proc.stderr
    texts = {name: (out / f"report.{name}").read_text(encoding="utf-8") for name in FORMATS}
    texts["stdout (console)"] = proc.stdout
    texts["stderr"] = proc.stderr
    return texts, json.loads(texts["json"])


@pytest.fixture(scope="module")
def fixture_outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Any]:
    copy = tmp_path_factory.mktemp("tree") / "leaky-service"
    shutil.copytree(TREE, copy)
    return _outputs(copy, tmp_path_factory.mktemp("out"))


@pytest.mark.slow
def test_no_output_format_prints_a_secret_or_card_number(fixture_outputs: tuple[dict[str, str], Any]) -> None:
    texts, _ = fixture_outputs
    assert set(FORMATS) <= set(texts)
    values = raw_values()
    assert len(values) > 40
    leaks = {name: sorted(v[:6] + "…" for v in values if v in text) for name, text in texts.items()}
    assert {name: found for name, found in leaks.items() if found} == {}
    assert all(KEY not in text for text in texts.values())


@pytest.mark.slow
def test_the_cli_run_reports_the_secrets_and_other_scanners_quotes(fixture_outputs: tuple[dict[str, str], Any]) -> None:
    _, report = fixture_outputs
    # every scanner's rule, led or merged (a literal SECRET_KEY is one finding of three scanners)
    rules = {rule for f in report["findings"] for rule in f["source_rules"].values()}
    assert {item["rule_id"] for item in EXPECTED} <= rules
    by_line = {(f["location"]["path"], f["location"]["start_line"]): f for f in report["findings"]}
    # bandit's B105 on AWS_SECRET_ACCESS_KEY is the secrets scanner's finding too: one finding,
    # led by the scanner that names the kind of key (gatekeeper/dedup.py), the key masked.
    aws = by_line[("config/settings.py", 9)]
    assert aws["rule_id"] == "secrets-aws-secret-key" and "B105" in aws["source_rules"].values()
    assert "SSoF…" in aws["message"]
    # a path to where the password lives is no password: not reported (bandit.py, placeholders)
    assert ("config/settings.py", 23) not in by_line


@pytest.mark.slow
def test_the_example_service_shows_secrets_and_card_numbers_masked(tmp_path_factory: pytest.TempPathFactory) -> None:
    copy = tmp_path_factory.mktemp("example") / "payments-api"
    shutil.copytree(EXAMPLE, copy)
    texts, report = _outputs(copy, tmp_path_factory.mktemp("example-out"))
    rules = {rule for f in report["findings"] for rule in f["source_rules"].values()}
    assert {
        "secrets-generic-secret",
        "secrets-password",
        "secrets-connection-string-password",
        "secrets-stripe-webhook-secret",
        "secrets-pan",
        "secrets-pan-test-card",
        "secrets-pan-logged",
    } <= rules
    values = scan(copy).sensitive | {"sk_live_example_not_a_real_key"}
    assert len(values) >= 6
    leaks = {name: sorted(v[:6] + "…" for v in values if len(v) >= 8 and v in text) for name, text in texts.items()}
    assert {name: found for name, found in leaks.items() if found} == {}


@pytest.mark.slow
def test_the_report_records_where_the_hmac_key_came_from(tree_result: ScannerResult) -> None:
    assert tree_result.provenance == (("hmac_key", KEY_ENV),)
