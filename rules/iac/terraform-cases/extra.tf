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

# ruleid: tf-azure-acr-no-content-trust, tf-azure-acr-no-quarantine
resource "azurerm_container_registry" "untrusted" {
  name                = "acmeuntrusted"
  resource_group_name = var.resource_group
  location            = var.location
  sku                 = "Premium"
}

# ok: tf-azure-acr-no-content-trust, tf-azure-acr-no-quarantine
resource "azurerm_container_registry" "trusted" {
  name                      = "acmetrusted"
  resource_group_name       = var.resource_group
  location                  = var.location
  sku                       = "Premium"
  trust_policy_enabled      = true
  quarantine_policy_enabled = true
}

# content trust and quarantine exist on the Premium tier only
# ok: tf-azure-acr-no-content-trust, tf-azure-acr-no-quarantine
resource "azurerm_container_registry" "basic" {
  name                = "acmebasic"
  resource_group_name = var.resource_group
  location            = var.location
  sku                 = "Basic"
}

# ruleid: tf-azure-app-service-no-failed-request-tracing
resource "azurerm_windows_web_app" "untraced" {
  name                = "untraced"
  resource_group_name = var.resource_group
  location            = var.location
  service_plan_id     = var.plan_id

  site_config {}
}

# ok: tf-azure-app-service-no-failed-request-tracing
resource "azurerm_windows_web_app" "traced" {
  name                = "traced"
  resource_group_name = var.resource_group
  location            = var.location
  service_plan_id     = var.plan_id

  site_config {}

  logs {
    failed_request_tracing = true
  }
}

# ruleid: tf-azure-aks-no-auto-upgrade, tf-azure-aks-no-host-encryption
resource "azurerm_kubernetes_cluster" "manual" {
  name                = "manual"
  resource_group_name = var.resource_group
  location            = var.location
  dns_prefix          = "manual"

  default_node_pool {
    name    = "default"
    vm_size = "Standard_D2s_v5"
  }
}

# ok: tf-azure-aks-no-auto-upgrade, tf-azure-aks-no-host-encryption
resource "azurerm_kubernetes_cluster" "patched" {
  name                      = "patched"
  resource_group_name       = var.resource_group
  location                  = var.location
  dns_prefix                = "patched"
  automatic_upgrade_channel = "patch"

  default_node_pool {
    name                    = "default"
    vm_size                 = "Standard_D2s_v5"
    host_encryption_enabled = true
  }
}

# ruleid: tf-azure-cosmos-key-metadata-writes
resource "azurerm_cosmosdb_account" "key_writes" {
  name                = "key-writes"
  resource_group_name = var.resource_group
  location            = var.location
  offer_type          = "Standard"
}

# ok: tf-azure-cosmos-key-metadata-writes
resource "azurerm_cosmosdb_account" "rbac_writes" {
  name                               = "rbac-writes"
  resource_group_name                = var.resource_group
  location                           = var.location
  offer_type                         = "Standard"
  access_key_metadata_writes_enabled = false
}
