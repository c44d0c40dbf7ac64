"""Passwords and secrets known only by their context: assignments, connection strings, entropy."""

from __future__ import annotations

import pytest

from tests.secrets.helpers import ALNUM, BASE64, HEX, found, rand

PASSWORD = rand(ALNUM, 18, "password")
SECRET = rand(ALNUM, 32, "secret")
SYMBOLS = "!" + rand(ALNUM + "#%^&*(-_=+)", 49, "django")


@pytest.mark.parametrize(
    ("path", "line", "rule", "value"),
    [
        ("settings.py", f'DB_PASSWORD = "{PASSWORD}"', "secrets-password", PASSWORD),
        ("settings.py", f"db_password = '{PASSWORD}'", "secrets-password", PASSWORD),
        ("settings.py", f'API_KEY = "{SECRET}"', "secrets-generic-secret", SECRET),
        ("settings.py", f'app.secret_key = "{SECRET}"', "secrets-generic-secret", SECRET),
        ("settings.py", f'SECRET_KEY = "{SYMBOLS}"', "secrets-generic-secret", SYMBOLS),  # starts with a symbol
        ("config.yaml", f"password: {PASSWORD}", "secrets-password", PASSWORD),
        ("config.yml", f"  client_secret: '{SECRET}'", "secrets-generic-secret", SECRET),
        ("app.properties", f"spring.datasource.password={PASSWORD}", "secrets-password", PASSWORD),
        ("config.toml", f'password = "{PASSWORD}"', "secrets-password", PASSWORD),
        ("deploy/.env", f"DB_PASSWORD={PASSWORD}", "secrets-password", PASSWORD),
        ("deploy/.env.production", f"STRIPE_API_KEY={SECRET}", "secrets-generic-secret", SECRET),
        ("Dockerfile", f"ENV DB_PASSWORD={PASSWORD}", "secrets-password", PASSWORD),
        ("config.json", f'  "password": "{PASSWORD}",', "secrets-password", PASSWORD),
        ("Config.java", f'private static final String PASSWORD = "{PASSWORD}";', "secrets-password", PASSWORD),
        ("main.go", f'dbPassword := "{PASSWORD}"', "secrets-password", PASSWORD),
        ("app.js", f'const apiKey = "{SECRET}";', "secrets-generic-secret", SECRET),
    ],
)
def test_secret_assignments_are_found(path: str, line: str, rule: str, value: str) -> None:
    assert found(line, path) == [(rule, value)]


@pytest.mark.parametrize(
    ("line", "value"),
    [
        (f'DATABASE_URL = "postgresql://payments:{PASSWORD}@db.internal:5432/payments"', PASSWORD),
        (f"redis://:{PASSWORD}@cache:6379/0", PASSWORD),
        (f"amqp://svc:{PASSWORD}@mq.internal/", PASSWORD),
        (f'conn = "Server=sql.internal;Database=ledger;User Id=sa;Password={PASSWORD};"', PASSWORD),
        (f'url = "jdbc:postgresql://db/ledger?user=svc&password={PASSWORD}&ssl=true"', PASSWORD),
    ],
)
def test_passwords_in_connection_strings_are_found(line: str, value: str) -> None:
    assert found(line, "settings.py") == [("secrets-connection-string-password", value)]


@pytest.mark.parametrize(
    ("line", "value"),
    [
        (f'AUDIT_SERVICE_TOKEN = "{rand(HEX, 40, "hex")}"', rand(HEX, 40, "hex")),
        (f'headers = {{"Authorization": "Bearer {rand(BASE64, 44, "bearer")}"}}', rand(BASE64, 44, "bearer")),
        (f'session_token: "{rand(BASE64, 40, "session")}"', rand(BASE64, 40, "session")),
    ],
)
def test_random_strings_next_to_a_secret_name_are_found(line: str, value: str) -> None:
    assert found(line, "client.py") == [("secrets-high-entropy-string", value)]


# The placeholders of the brief, and their relatives: nothing to report.
PLACEHOLDERS = [
    'PASSWORD = "changeme"',
    'password = "<password>"',
    "password: <your-db-password>",
    "DB_PASSWORD=${DB_PASSWORD}",
    'password = "${DB_PASSWORD}"',
    "password: {{ .Values.db.password }}",
    'password: "{{ .Values.db.password | quote }}"',
    'password = os.environ["DB_PASSWORD"]',
    'password = os.environ.get("DB_PASSWORD")',
    'password = os.getenv("DB_PASSWORD", "")',
    "password: os.environ['DB_PASSWORD']",
    'api_key = "xxxxxxxxxxxxxxxx"',
    'api_key = "XXXX-XXXX-XXXX"',
    'password = "********"',
    'password = "example-password"',
    'secret = "your_secret_here"',
    'api_key = "REPLACE_ME"',
    'password = "dummy-value"',
    'password = "fake"',
    'SECRET_KEY = "secret"',
    'password: "password"',
    'PASSWORD = "password123"',
    'password = "P@55w0rd!"',
    "DB_PASSWORD=$DB_PASSWORD",
    'password = "%(password)s"',
    'password = "{password}"',
    "password: ''",
    "password = None",
    'DATABASE_URL = "postgres://user:pass@localhost/db"',
    'DATABASE_URL = "postgres://user:<password>@db/payments"',
    'REDIS_URL = "redis://:${REDIS_PASSWORD}@cache:6379/0"',
    'url = "mongodb+srv://app:{{ .Values.mongo.password }}@cluster0/db"',
    'url = "https://user:****@registry.internal/simple"',
    'PASSWORD_FILE = "/run/secrets/db_password"',
    'password_reset_url = "https://payments.acme.io/account/reset"',
    'SECRET_NAME = "payments/prod/db"',
    'api_key_id = "d3b07384d113edec49eaa6238ad5ff00"',
    '"CUSTOM_DB_PASSWORD": "DATABASE_PASSWORD"',
    'token_endpoint_auth_method = "client_secret_basic"',
    'client_secret = "my-client-secret"',
    'password = "Enter your password here"',
    'password_last_used = "2016-09-08T21:47:36Z"',
    "secret = settings.PAYMENTS_SECRET",
    'password = vault.read("secret/db")["password"]',
    '"AWS::ApiGateway::ApiKey": "48205d4ffd7feba3"',
    'NEXT_TOKEN = "' + rand(BASE64, 40, "pagination") + '"',
    'commit_sha_token = "' + rand(HEX, 40, "commit") + '"',
    'public_key = "' + rand(BASE64, 44, "public") + '"',
]


@pytest.mark.parametrize("line", PLACEHOLDERS)
def test_placeholders_and_references_are_not_reported(line: str) -> None:
    path = "values.yaml" if line.startswith(("password:", '"')) else "settings.py"
    assert found(line, path) == []


@pytest.mark.parametrize(
    "line",
    [
        'TEST_PASSWORD = "test-password-123"',
        'password = "hunter2hunter2"',
        'api_key = "sk-test-123"',
        'client.login(username="admin", password="admin123")',
        'password = "s3cr3t!"',
        'conn = "postgres://app:apppass@localhost/test"',
        'password = "Abc12345"',
    ],
)
def test_made_up_values_in_tests_are_not_reported(line: str) -> None:
    assert found(line, "tests/test_login.py") == []


def test_realistic_values_in_tests_are_still_reported() -> None:
    assert found(f'password = "{PASSWORD}"', "tests/test_login.py") == [("secrets-password", PASSWORD)]


def test_documentation_assignments_are_examples_but_connection_strings_count() -> None:
    assert found(f"password: {PASSWORD}", "docs/setup.md") == []
    assert found(f'API_KEY = "{SECRET}"', "README.md") == []
    assert found(f"postgresql://payments:{PASSWORD}@db.internal/payments", "README.md") == [
        ("secrets-connection-string-password", PASSWORD)
    ]


def test_random_strings_in_tests_and_example_configs_are_not_reported() -> None:
    line = f'AUDIT_SERVICE_TOKEN = "{rand(HEX, 40, "hex")}"'
    assert found(line, "tests/test_audit.py") == []
    assert found(line, "settings.example.py") == []
    assert found(line, "settings.py") != []


def test_long_lines_skip_the_context_detectors_but_not_tokens_or_card_numbers() -> None:
    token = "ghp_" + rand(ALNUM, 36, "long-line")
    line = "x" * 5000 + f' password = "{PASSWORD}" {token}'
    assert found(line, "bundle.min.js") == [("secrets-github-token", token)]
