"""Private keys: real key bodies found in every common armour, placeholders left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gatekeeper.secrets.detect import detect
from tests.secrets.helpers import BASE64, rand

KEYS = Path(__file__).resolve().parent.parent / "fixtures" / "secrets" / "leaky-service" / "deploy"


def key_text(name: str) -> str:
    return (KEYS / "keys" / name).read_text(encoding="utf-8")


def found(text: str, path: str = "deploy/key.pem") -> list[tuple[str, str, int, int]]:
    return [(h.rule.id, h.rule.severity.label, h.line, h.end_line) for h in detect(text, path)]


@pytest.mark.parametrize(
    ("name", "severity", "lines"),
    [("signing-ec.pem", "critical", 5), ("deploy_ed25519", "critical", 7), ("backup-ec.enc.pem", "high", 8)],
)
def test_key_files_are_found_with_their_span(name: str, severity: str, lines: int) -> None:
    assert found(key_text(name)) == [("secrets-private-key", severity, 1, lines)]


def test_a_key_inside_other_text_is_found_where_it_is() -> None:
    text = "# deploy key, do not share\nKEY = '''\n" + key_text("signing-ec.pem") + "'''\n"
    assert found(text, "deploy.py") == [("secrets-private-key", "critical", 3, 7)]


def test_an_escaped_one_line_key_is_found() -> None:
    escaped = json.dumps({"key": key_text("signing-ec.pem")})
    assert found(escaped, "key.json") == [("secrets-private-key", "critical", 1, 1)]


def test_a_gcp_service_account_file_is_reported_as_such() -> None:
    text = (KEYS / "gcp-settlement-export.json").read_text(encoding="utf-8")
    hits = detect(text, "sa.json")
    assert [(h.rule.id, h.rule.severity.label) for h in hits] == [("secrets-gcp-service-account-key", "critical")]
    assert "3c1f0e9d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d" in hits[0].reveals  # the key id is hidden too


def test_the_same_key_without_service_account_type_is_a_private_key() -> None:
    data = json.loads((KEYS / "gcp-settlement-export.json").read_text(encoding="utf-8"))
    data["type"] = "authorized_user"
    assert [h.rule.id for h in detect(json.dumps(data, indent=2), "sa.json")] == ["secrets-private-key"]


def test_keys_in_test_code_are_medium() -> None:
    assert found(key_text("signing-ec.pem"), "tests/fixtures/tls/key.pem") == [("secrets-private-key", "medium", 1, 5)]


def test_a_putty_key_is_found() -> None:
    body = "\n".join(rand(BASE64, 64, f"putty-{i}") for i in range(4))
    text = (
        "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n"
        f"{rand(BASE64, 64, 'pub1')}\n{rand(BASE64, 20, 'pub2')}\nPrivate-Lines: 4\n{body}\nPrivate-MAC: {'a1' * 32}\n"
    )
    assert found(text, "deploy.ppk") == [("secrets-private-key", "critical", 1, 11)]


@pytest.mark.parametrize(
    "body",
    [
        "...",
        "\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC...\n",
        "\n<your private key here>\n",
        "\n{{ .Values.tls.key }}\n",
        "\nREDACTED\n",
        "\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC\n",  # too short to be a key
        "\n" + "\n".join(["QUFB" * 16] * 6) + "\n",  # decodes, but not to a DER structure
    ],
)
def test_placeholders_and_non_keys_are_not_reported(body: str) -> None:
    text = f"-----BEGIN PRIVATE KEY-----{body}-----END PRIVATE KEY-----\n"
    assert found(text) == []


def test_a_header_without_an_end_is_not_a_key() -> None:
    assert found("-----BEGIN RSA PRIVATE KEY-----\nsee the vault\n") == []


def test_public_keys_and_certificates_are_not_reported() -> None:
    text = "-----BEGIN PUBLIC KEY-----\n" + rand(BASE64, 64, "pub") + "\n-----END PUBLIC KEY-----\n"
    text += "-----BEGIN CERTIFICATE-----\n" + rand(BASE64, 64, "cert") + "\n-----END CERTIFICATE-----\n"
    assert found(text) == []
