"""Every kind of secret the scanner reports: rule id, wording, severity, weakness and fix."""

from __future__ import annotations

from dataclasses import dataclass, replace

from gatekeeper.findings import Confidence, Severity

CWE_HARDCODED_CREDENTIALS = "CWE-798: Use of Hard-coded Credentials"
CWE_HARDCODED_KEY = "CWE-321: Use of Hard-coded Cryptographic Key"
CWE_CLEARTEXT_STORAGE = "CWE-312: Cleartext Storage of Sensitive Information"
CWE_PRIVATE_INFORMATION = "CWE-359: Exposure of Private Personal Information to an Unauthorized Actor"
OWASP_AUTH = "A07:2021 - Identification and Authentication Failures"
OWASP_CRYPTO = "A02:2021 - Cryptographic Failures"

_ROTATE = (
    "Rotate the {what} now (treat it as compromised: it is in the repository's history), remove it "
    "from the code and from git history, and load it at run time from a secret manager or the environment."
)
_CWE_798_REF = "https://cwe.mitre.org/data/definitions/798.html"


@dataclass(frozen=True)
class SecretRule:
    id: str
    title: str
    label: str
    """What the value is, as it reads before its masked form: `AWS access key AKIA…`."""
    severity: Severity
    remediation: str
    references: tuple[str, ...] = ()
    confidence: Confidence = Confidence.HIGH
    cwe: tuple[str, ...] = (CWE_HARDCODED_CREDENTIALS,)
    owasp: tuple[str, ...] = (OWASP_AUTH,)


def _credential(
    rule_id: str,
    label: str,
    severity: Severity,
    what: str,
    *references: str,
    confidence: Confidence = Confidence.HIGH,
    cwe: tuple[str, ...] = (CWE_HARDCODED_CREDENTIALS,),
) -> SecretRule:
    return SecretRule(
        id=rule_id,
        title=f"Hard-coded {label}",
        label=label,
        severity=severity,
        remediation=_ROTATE.format(what=what),
        references=(*references, _CWE_798_REF),
        confidence=confidence,
        cwe=cwe,
    )


AWS_ACCESS_KEY = _credential(
    "secrets-aws-access-key",
    "AWS access key",
    Severity.HIGH,
    "access key (IAM console: deactivate, then delete it)",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console",
)
AWS_SECRET_KEY = _credential(
    "secrets-aws-secret-key",
    "AWS secret access key",
    Severity.CRITICAL,
    "access key pair",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console",
)
GCP_SERVICE_ACCOUNT = _credential(
    "secrets-gcp-service-account-key",
    "GCP service-account key",
    Severity.CRITICAL,
    "service-account key (delete the key in IAM; prefer workload identity over key files)",
    "https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys",
    cwe=(CWE_HARDCODED_CREDENTIALS, CWE_HARDCODED_KEY),
)
GCP_API_KEY = _credential(
    "secrets-gcp-api-key",
    "Google API key",
    Severity.HIGH,
    "API key (and restrict the new one to its APIs and callers)",
    "https://cloud.google.com/docs/authentication/api-keys#securing",
)
AZURE_STORAGE_KEY = _credential(
    "secrets-azure-storage-key",
    "Azure storage account key",
    Severity.CRITICAL,
    "storage account key",
    "https://learn.microsoft.com/azure/storage/common/storage-account-keys-manage",
)
AZURE_CONNECTION_STRING = _credential(
    "secrets-azure-connection-string",
    "Azure shared access key or signature",
    Severity.HIGH,
    "shared access key or SAS (prefer managed identities)",
    "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-sas",
)
AZURE_CLIENT_SECRET = _credential(
    "secrets-azure-client-secret",
    "Azure AD client secret",
    Severity.HIGH,
    "client secret of the app registration",
    "https://learn.microsoft.com/entra/identity-platform/howto-create-service-principal-portal",
)
PRIVATE_KEY = _credential(
    "secrets-private-key",
    "private key",
    Severity.CRITICAL,
    "key pair (revoke any certificate issued for it)",
    "https://cwe.mitre.org/data/definitions/321.html",
    cwe=(CWE_HARDCODED_KEY, CWE_HARDCODED_CREDENTIALS),
)
ENCRYPTED_PRIVATE_KEY = _credential(
    "secrets-private-key",
    "encrypted private key",
    Severity.HIGH,
    "key pair (its passphrase may be weak or stored nearby)",
    "https://cwe.mitre.org/data/definitions/321.html",
    cwe=(CWE_HARDCODED_KEY, CWE_HARDCODED_CREDENTIALS),
)
GITHUB_TOKEN = _credential(
    "secrets-github-token",
    "GitHub token",
    Severity.HIGH,
    "token",
    "https://docs.github.com/authentication/keeping-your-account-and-data-secure/token-expiration-and-revocation",
)
GITLAB_TOKEN = _credential(
    "secrets-gitlab-token",
    "GitLab token",
    Severity.HIGH,
    "token",
    "https://docs.gitlab.com/security/tokens/",
)
SLACK_TOKEN = _credential(
    "secrets-slack-token",
    "Slack token",
    Severity.HIGH,
    "token",
    "https://api.slack.com/authentication/best-practices",
)
SLACK_WEBHOOK = _credential(
    "secrets-slack-webhook",
    "Slack webhook URL",
    Severity.MEDIUM,
    "webhook URL",
    "https://api.slack.com/messaging/webhooks",
)
STRIPE_SECRET_KEY = _credential(
    "secrets-stripe-secret-key",
    "Stripe live secret key",
    Severity.CRITICAL,
    "key (Dashboard: Developers > API keys > Roll key)",
    "https://docs.stripe.com/keys#rolling-keys",
)
STRIPE_RESTRICTED_KEY = _credential(
    "secrets-stripe-restricted-key",
    "Stripe live restricted key",
    Severity.HIGH,
    "key",
    "https://docs.stripe.com/keys#rolling-keys",
)
STRIPE_WEBHOOK_SECRET = _credential(
    "secrets-stripe-webhook-secret",
    "Stripe webhook signing secret",
    Severity.HIGH,
    "signing secret",
    "https://docs.stripe.com/webhooks#roll-endpoint-secrets",
)
BRAINTREE_TOKEN = _credential(
    "secrets-braintree-access-token",
    "Braintree production access token",
    Severity.CRITICAL,
    "access token",
    "https://developer.paypal.com/braintree/articles/control-panel/important-gateway-credentials",
)
SQUARE_SECRET = _credential(
    "secrets-square-oauth-secret",
    "Square OAuth secret",
    Severity.HIGH,
    "application secret",
    "https://developer.squareup.com/docs/oauth-api/best-practices",
)
PYPI_TOKEN = _credential(
    "secrets-pypi-token",
    "PyPI token",
    Severity.HIGH,
    "token",
    "https://pypi.org/help/#apitoken",
)
NPM_TOKEN = _credential(
    "secrets-npm-token",
    "npm token",
    Severity.HIGH,
    "token",
    "https://docs.npmjs.com/revoking-access-tokens",
)
SENDGRID_KEY = _credential(
    "secrets-sendgrid-api-key",
    "SendGrid API key",
    Severity.HIGH,
    "API key",
    "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys",
)
OPENAI_KEY = _credential(
    "secrets-openai-api-key",
    "OpenAI API key",
    Severity.HIGH,
    "API key",
    "https://help.openai.com/en/articles/5112595-best-practices-for-api-key-safety",
)
JWT = _credential(
    "secrets-jwt",
    "JSON Web Token",
    Severity.MEDIUM,
    "token's signing key if the token is long-lived (or let it expire)",
    "https://jwt.io/introduction",
    confidence=Confidence.MEDIUM,
)
PASSWORD = _credential(
    "secrets-password",
    "password",
    Severity.HIGH,
    "password",
    "https://cwe.mitre.org/data/definitions/259.html",
    confidence=Confidence.MEDIUM,
)
GENERIC_SECRET = _credential(
    "secrets-generic-secret",
    "secret",
    Severity.HIGH,
    "secret (or API key)",
    confidence=Confidence.MEDIUM,
)
CONNECTION_STRING_PASSWORD = _credential(
    "secrets-connection-string-password",
    "password in a connection string",
    Severity.HIGH,
    "password (and pass it to the driver separately from the URL)",
    "https://cwe.mitre.org/data/definitions/259.html",
)
HIGH_ENTROPY = _credential(
    "secrets-high-entropy-string",
    "high-entropy secret",
    Severity.MEDIUM,
    "secret if it is one",
    confidence=Confidence.LOW,
)

_PAN_REFERENCES = (
    "https://www.pcisecuritystandards.org/document_library/",
    "https://cwe.mitre.org/data/definitions/312.html",
    "https://cwe.mitre.org/data/definitions/359.html",
)
PAN = SecretRule(
    id="secrets-pan",
    title="Card number (PAN) in clear text",
    label="card number",
    severity=Severity.CRITICAL,
    remediation=(
        "Remove the card number from the repository and from git history, and treat it as a cardholder-data "
        "incident. Never store a full PAN in code, configuration, fixtures or logs: keep a token from the "
        "payment processor, or at most the first six and last four digits (PCI DSS 3.3-3.5)."
    ),
    references=_PAN_REFERENCES,
    cwe=(CWE_CLEARTEXT_STORAGE, CWE_PRIVATE_INFORMATION),
    owasp=(OWASP_CRYPTO,),
)
PAN_TEST_CARD = SecretRule(
    id="secrets-pan-test-card",
    title="Published test card number",
    label="test card number",
    severity=Severity.MEDIUM,
    remediation=(
        "Keep test card numbers in test code and fixtures only; outside tests they suggest card data in code "
        "and look like a PAN to every auditor's scanner."
    ),
    references=_PAN_REFERENCES,
    confidence=Confidence.HIGH,
    cwe=(CWE_CLEARTEXT_STORAGE,),
    owasp=(OWASP_CRYPTO,),
)
PAN_TEST_CARD_IN_TESTS = replace(PAN_TEST_CARD, severity=Severity.INFO)
"""In test code a published test card is expected: recorded, but only as information."""
PRIVATE_KEY_IN_TESTS = replace(
    PRIVATE_KEY,
    severity=Severity.MEDIUM,
    remediation=(
        "Test fixtures often carry a key generated for the test: make sure this one is used nowhere else "
        "(no certificate of a real host, no deployment) or generate it when the tests run."
    ),
)
