# ruleid: tf-aws-opensearch-public-endpoint, tf-aws-opensearch-no-fine-grained-access
resource "aws_opensearch_domain" "public" {
  domain_name = "public"
}

# ok: tf-aws-opensearch-public-endpoint, tf-aws-opensearch-no-fine-grained-access
resource "aws_opensearch_domain" "private" {
  domain_name = "private"

  vpc_options {
    subnet_ids         = var.subnet_ids
    security_group_ids = [aws_security_group.search.id]
  }

  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = false
  }
}

# ruleid: tf-aws-lambda-no-code-signing
resource "aws_lambda_function" "unsigned" {
  function_name = "unsigned"
  role          = var.role_arn
}

# ok: tf-aws-lambda-no-code-signing
resource "aws_lambda_function" "signed" {
  function_name           = "signed"
  role                    = var.role_arn
  code_signing_config_arn = aws_lambda_code_signing_config.this.arn
}

# ruleid: tf-aws-lb-no-deletion-protection
resource "aws_lb" "deletable" {
  name     = "deletable"
  internal = true
}

# ok: tf-aws-lb-no-deletion-protection
resource "aws_lb" "kept" {
  name                       = "kept"
  internal                   = true
  enable_deletion_protection = true
}

# ruleid: tf-azure-storage-shared-key-auth, tf-azure-storage-no-cmk
resource "azurerm_storage_account" "keys" {
  name                     = "acmekeys"
  resource_group_name      = var.resource_group
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

# ok: tf-azure-storage-shared-key-auth, tf-azure-storage-no-cmk
resource "azurerm_storage_account" "entra" {
  name                      = "acmeentra"
  resource_group_name       = var.resource_group
  location                  = var.location
  account_tier              = "Standard"
  account_replication_type  = "GRS"
  shared_access_key_enabled = false

  customer_managed_key {
    key_vault_key_id          = azurerm_key_vault_key.storage.id
    user_assigned_identity_id = azurerm_user_assigned_identity.storage.id
  }
}

# ruleid: tf-azure-db-no-threat-detection, tf-azure-db-no-infrastructure-encryption
resource "azurerm_postgresql_server" "plain" {
  name                    = "plain"
  resource_group_name     = var.resource_group
  location                = var.location
  sku_name                = "GP_Gen5_2"
  version                 = "11"
  ssl_enforcement_enabled = true
}

# ok: tf-azure-db-no-threat-detection, tf-azure-db-no-infrastructure-encryption
resource "azurerm_mysql_server" "watched" {
  name                              = "watched"
  resource_group_name               = var.resource_group
  location                          = var.location
  sku_name                          = "GP_Gen5_2"
  version                           = "8.0"
  ssl_enforcement_enabled           = true
  infrastructure_encryption_enabled = true

  threat_detection_policy {
    enabled = true
  }
}

# ruleid: tf-azure-app-gateway-weak-tls, tf-azure-app-gateway-http-listener
resource "azurerm_application_gateway" "http" {
  name                = "http"
  resource_group_name = var.resource_group
  location            = var.location

  http_listener {
    name     = "https"
    protocol = "Https"
  }

  http_listener {
    name     = "plain"
    protocol = "Http"
  }
}

# ok: tf-azure-app-gateway-weak-tls, tf-azure-app-gateway-http-listener
resource "azurerm_application_gateway" "https" {
  name                = "https"
  resource_group_name = var.resource_group
  location            = var.location

  ssl_policy {
    policy_type = "Predefined"
    policy_name = "AppGwSslPolicy20220101S"
  }

  http_listener {
    name     = "https"
    protocol = "Https"
  }
}

# ruleid: tf-gcp-sql-postgres-no-pgaudit
resource "google_sql_database_instance" "pg" {
  name             = "pg"
  database_version = "POSTGRES_16"

  settings {
    tier = "db-custom-2-7680"
  }
}

# ok: tf-gcp-sql-postgres-no-pgaudit
resource "google_sql_database_instance" "pg_audited" {
  name             = "pg-audited"
  database_version = "POSTGRES_16"

  settings {
    tier = "db-custom-2-7680"

    database_flags {
      name  = "cloudsql.enable_pgaudit"
      value = "on"
    }
  }
}

# ruleid: tf-gcp-gke-no-binary-authorization, tf-gcp-gke-no-intranode-visibility
resource "google_container_cluster" "open" {
  name     = "open"
  location = "europe-west1"
}

# ok: tf-gcp-gke-no-binary-authorization, tf-gcp-gke-no-intranode-visibility
resource "google_container_cluster" "attested" {
  name                        = "attested"
  location                    = "europe-west1"
  enable_intranode_visibility = true

  binary_authorization {
    evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE"
  }
}
