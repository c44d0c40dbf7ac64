provider "aws" {
  region = "eu-west-1"
  # ruleid: tf-provider-hardcoded-credentials
  access_key = "not-a-real-access-key-id"
  # ruleid: tf-provider-hardcoded-credentials
  secret_key = "not-a-real-secret-access-key"
}

provider "aws" {
  alias  = "audit"
  region = "eu-west-1"
  # ok: tf-provider-hardcoded-credentials
  access_key = var.audit_access_key
  # ok: tf-provider-hardcoded-credentials
  secret_key = "${var.audit_secret_key}"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/audit"
  }
}

provider "azurerm" {
  features {}
  client_id = "00000000-0000-0000-0000-000000000000"
  # ruleid: tf-provider-hardcoded-credentials
  client_secret = "not-a-real-client-secret"
}

provider "google" {
  project = "payments"
  # ok: tf-provider-hardcoded-credentials
  credentials = "secrets/service-account.json"
}

provider "google" {
  alias = "inline"
  # ok: tf-provider-hardcoded-credentials
  credentials = file(var.credentials_path)
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
  # ok: tf-provider-hardcoded-credentials
  pgp_key = "keybase:ci"
}
