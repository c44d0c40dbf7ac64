# ruleid: tf-azure-app-service-http
# ok: tf-azure-app-service-weak-tls, tf-azure-app-service-ftp
resource "azurerm_linux_web_app" "portal" {
  name                = "portal"
  resource_group_name = var.resource_group
  location            = var.location
  service_plan_id     = azurerm_service_plan.main.id

  site_config {}
}

# ok: tf-azure-app-service-http, tf-azure-app-service-weak-tls, tf-azure-app-service-ftp
resource "azurerm_windows_web_app" "hardened" {
  name                = "hardened"
  resource_group_name = var.resource_group
  location            = var.location
  service_plan_id     = azurerm_service_plan.main.id
  https_only          = true

  site_config {
    minimum_tls_version = "1.2"
    ftps_state          = "Disabled"
  }
}

# ruleid: tf-azure-app-service-http, tf-azure-app-service-weak-tls, tf-azure-app-service-ftp
resource azurerm_app_service legacy {
  name                = "legacy"
  resource_group_name = var.resource_group
  location            = var.location
  app_service_plan_id = azurerm_app_service_plan.main.id
  https_only          = false

  site_config {
    min_tls_version = "1.0"
    ftps_state      = "AllAllowed"
  }
}

# ruleid: tf-azure-storage-network-open
resource "azurerm_storage_account" "data" {
  name                     = "acmedata"
  resource_group_name      = var.resource_group
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

# ok: tf-azure-storage-network-open
resource "azurerm_storage_account" "locked" {
  name                     = "acmelocked"
  resource_group_name      = var.resource_group
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = "GRS"

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }
}

# ok: tf-azure-storage-network-open
resource "azurerm_storage_account" "private" {
  name                          = "acmeprivate"
  resource_group_name           = var.resource_group
  location                      = var.location
  account_tier                  = "Standard"
  account_replication_type      = "GRS"
  public_network_access_enabled = false
}

# ruleid: tf-azure-sql-public-network, tf-azure-sql-password-literal
resource "azurerm_mssql_server" "ledger" {
  name                         = "ledger"
  resource_group_name          = var.resource_group
  location                     = var.location
  version                      = "12.0"
  administrator_login          = "ledgeradmin"
  administrator_login_password = "Example-Passw0rd!"
  minimum_tls_version          = "1.2"
}

# ok: tf-azure-sql-public-network, tf-azure-sql-password-literal
resource "azurerm_mssql_server" "private" {
  name                          = "private"
  resource_group_name           = var.resource_group
  location                      = var.location
  version                       = "12.0"
  administrator_login           = "ledgeradmin"
  administrator_login_password  = data.azurerm_key_vault_secret.sql.value
  public_network_access_enabled = false
}

# ruleid: tf-azure-sql-public-network, tf-azure-db-no-geo-backup
resource "azurerm_postgresql_server" "app" {
  name                         = "app"
  resource_group_name          = var.resource_group
  location                     = var.location
  sku_name                     = "GP_Gen5_2"
  version                      = "11"
  ssl_enforcement_enabled      = true
  administrator_login_password = var.pg_password
}

# ok: tf-azure-sql-public-network, tf-azure-db-no-geo-backup
resource "azurerm_mysql_server" "app" {
  name                              = "app"
  resource_group_name               = var.resource_group
  location                          = var.location
  sku_name                          = "GP_Gen5_2"
  version                           = "8.0"
  ssl_enforcement_enabled           = true
  public_network_access_enabled     = false
  geo_redundant_backup_enabled      = true
}

# ruleid: tf-azure-sql-public-network, tf-azure-cosmos-local-auth
resource "azurerm_cosmosdb_account" "docs" {
  name                = "docs"
  resource_group_name = var.resource_group
  location            = var.location
  offer_type          = "Standard"
}

# ok: tf-azure-sql-public-network, tf-azure-cosmos-local-auth
resource "azurerm_cosmosdb_account" "hardened" {
  name                          = "hardened"
  resource_group_name           = var.resource_group
  location                      = var.location
  offer_type                    = "Standard"
  public_network_access_enabled = false
  local_authentication_disabled = true
}

# ruleid: tf-azure-redis-weak-tls, tf-azure-redis-plaintext-port, tf-azure-sql-public-network
resource "azurerm_redis_cache" "sessions" {
  name                = "sessions"
  resource_group_name = var.resource_group
  location            = var.location
  capacity            = 1
  family              = "C"
  sku_name            = "Standard"
  enable_non_ssl_port = true
}

# ok: tf-azure-redis-weak-tls, tf-azure-redis-plaintext-port, tf-azure-sql-public-network
resource "azurerm_redis_cache" "hardened" {
  name                          = "hardened"
  resource_group_name           = var.resource_group
  location                      = var.location
  capacity                      = 1
  family                        = "C"
  sku_name                      = "Standard"
  minimum_tls_version           = "1.2"
  public_network_access_enabled = false
}

# ruleid: tf-azure-keyvault-no-purge-protection, tf-azure-keyvault-network-open
resource "azurerm_key_vault" "main" {
  name                = "acme-main"
  resource_group_name = var.resource_group
  location            = var.location
  tenant_id           = var.tenant_id
  sku_name            = "standard"
}

# ok: tf-azure-keyvault-no-purge-protection, tf-azure-keyvault-network-open
resource "azurerm_key_vault" "hardened" {
  name                     = "acme-hardened"
  resource_group_name      = var.resource_group
  location                 = var.location
  tenant_id                = var.tenant_id
  sku_name                 = "premium"
  purge_protection_enabled = true

  network_acls {
    default_action = "Deny"
    bypass         = "AzureServices"
  }
}

# ruleid: tf-azure-keyvault-secret-no-expiry
resource "azurerm_key_vault_secret" "api" {
  name         = "api"
  value        = var.api_key
  key_vault_id = azurerm_key_vault.hardened.id
}

# ok: tf-azure-keyvault-secret-no-expiry
resource "azurerm_key_vault_key" "data" {
  name            = "data"
  key_vault_id    = azurerm_key_vault.hardened.id
  key_type        = "RSA"
  key_size        = 3072
  key_opts        = ["wrapKey", "unwrapKey"]
  expiration_date = "2027-12-31T00:00:00Z"
}

# ruleid: tf-azure-aks-local-accounts, tf-azure-aks-no-network-policy, tf-azure-aks-public-api, tf-azure-aks-no-monitoring
resource "azurerm_kubernetes_cluster" "main" {
  name                = "main"
  resource_group_name = var.resource_group
  location            = var.location
  dns_prefix          = "main"

  default_node_pool {
    name       = "default"
    node_count = 2
    vm_size    = "Standard_D2s_v5"
  }
}

# ok: tf-azure-aks-local-accounts, tf-azure-aks-no-network-policy, tf-azure-aks-public-api, tf-azure-aks-no-monitoring
resource "azurerm_kubernetes_cluster" "hardened" {
  name                   = "hardened"
  resource_group_name    = var.resource_group
  location               = var.location
  dns_prefix             = "hardened"
  local_account_disabled = true

  api_server_access_profile {
    authorized_ip_ranges = ["203.0.113.0/24"]
  }

  network_profile {
    network_plugin = "azure"
    network_policy = "azure"
  }

  oms_agent {
    log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id
  }
}

# ruleid: tf-azure-role-definition-wildcard
resource "azurerm_role_definition" "god" {
  name  = "god"
  scope = data.azurerm_subscription.primary.id

  permissions {
    actions     = ["*"]
    not_actions = []
  }
}

# ok: tf-azure-role-definition-wildcard
resource "azurerm_role_definition" "reader" {
  name  = "blob-reader"
  scope = data.azurerm_subscription.primary.id

  permissions {
    actions = ["Microsoft.Storage/storageAccounts/blobServices/containers/read"]
  }
}

# ruleid: tf-azure-app-gateway-no-waf
resource "azurerm_application_gateway" "public" {
  name                = "public"
  resource_group_name = var.resource_group
  location            = var.location

  sku {
    name = "Standard_v2"
    tier = "Standard_v2"
  }
}

# ok: tf-azure-app-gateway-no-waf
resource "azurerm_application_gateway" "waf" {
  name                = "waf"
  resource_group_name = var.resource_group
  location            = var.location
  firewall_policy_id  = azurerm_web_application_firewall_policy.main.id

  sku {
    name = "WAF_v2"
    tier = "WAF_v2"
  }
}

# ruleid: tf-azure-sql-password-literal
resource "azurerm_linux_virtual_machine" "jump" {
  name                            = "jump"
  resource_group_name             = var.resource_group
  location                        = var.location
  size                            = "Standard_B1s"
  admin_username                  = "azureuser"
  admin_password                  = "Example-Passw0rd!"
  disable_password_authentication = false
}
