# ruleid: tf-azure-acr-admin-enabled
resource "azurerm_container_registry" "admin" {
  name                          = "acmeadmin"
  resource_group_name           = var.resource_group
  location                      = var.location
  sku                           = "Premium"
  admin_enabled                 = true
  public_network_access_enabled = false
}

# ok: tf-azure-acr-admin-enabled
resource "azurerm_container_registry" "identities" {
  name                          = "acmeidentities"
  resource_group_name           = var.resource_group
  location                      = var.location
  sku                           = "Premium"
  public_network_access_enabled = false
}

# ruleid: tf-azure-cosmos-no-cmk
resource "azurerm_cosmosdb_account" "platform_key" {
  name                = "platform-key"
  resource_group_name = var.resource_group
  location            = var.location
  offer_type          = "Standard"
}

# ok: tf-azure-cosmos-no-cmk
resource "azurerm_cosmosdb_account" "own_key" {
  name                = "own-key"
  resource_group_name = var.resource_group
  location            = var.location
  offer_type          = "Standard"
  key_vault_key_id    = azurerm_key_vault_key.cosmos.versionless_id
}

# ruleid: tf-azure-aks-no-azure-policy, tf-azure-aks-no-disk-encryption-set
resource "azurerm_kubernetes_cluster" "plain" {
  name                = "plain"
  resource_group_name = var.resource_group
  location            = var.location
  dns_prefix          = "plain"
}

# ok: tf-azure-aks-no-azure-policy, tf-azure-aks-no-disk-encryption-set
resource "azurerm_kubernetes_cluster" "governed" {
  name                   = "governed"
  resource_group_name    = var.resource_group
  location               = var.location
  dns_prefix             = "governed"
  azure_policy_enabled   = true
  disk_encryption_set_id = azurerm_disk_encryption_set.aks.id
}

# ruleid: tf-azure-vm-password-auth
resource "azurerm_linux_virtual_machine" "password" {
  name                            = "password"
  resource_group_name             = var.resource_group
  location                        = var.location
  size                            = "Standard_B1s"
  admin_username                  = "azureuser"
  admin_password                  = var.admin_password
  disable_password_authentication = false
}

# ok: tf-azure-vm-password-auth
resource "azurerm_linux_virtual_machine" "keys" {
  name                = "keys"
  resource_group_name = var.resource_group
  location            = var.location
  size                = "Standard_B1s"
  admin_username      = "azureuser"

  admin_ssh_key {
    username   = "azureuser"
    public_key = file("id_ed25519.pub")
  }
}

# ruleid: tf-azure-mssql-no-entra-admin, tf-azure-mssql-no-auditing
resource "azurerm_mssql_server" "sql_logins" {
  name                          = "sql-logins"
  resource_group_name           = var.resource_group
  location                      = var.location
  version                       = "12.0"
  public_network_access_enabled = false
}

# ok: tf-azure-mssql-no-entra-admin, tf-azure-mssql-no-auditing
resource "azurerm_mssql_server" "entra" {
  name                          = "entra"
  resource_group_name           = var.resource_group
  location                      = var.location
  version                       = "12.0"
  public_network_access_enabled = false

  azuread_administrator {
    login_username              = "sql-admins"
    object_id                   = var.sql_admins_group_id
    azuread_authentication_only = true
  }
}

resource "azurerm_mssql_server_extended_auditing_policy" "entra" {
  server_id         = azurerm_mssql_server.entra.id
  retention_in_days = 90
}

# ruleid: tf-azure-storage-no-soft-delete
resource "azurerm_storage_account" "no_soft_delete" {
  name                          = "acmenosoftdelete"
  resource_group_name           = var.resource_group
  location                      = var.location
  account_tier                  = "Standard"
  account_replication_type      = "GRS"
  public_network_access_enabled = false
}

# ok: tf-azure-storage-no-soft-delete
resource "azurerm_storage_account" "soft_delete" {
  name                          = "acmesoftdelete"
  resource_group_name           = var.resource_group
  location                      = var.location
  account_tier                  = "Standard"
  account_replication_type      = "GRS"
  public_network_access_enabled = false

  blob_properties {
    delete_retention_policy {
      days = 30
    }
  }
}

# ruleid: tf-azure-app-service-no-http-logs, tf-azure-app-service-no-managed-identity
resource "azurerm_linux_web_app" "anonymous" {
  name                = "anonymous"
  resource_group_name = var.resource_group
  location            = var.location
  service_plan_id     = var.plan_id
  https_only          = true

  site_config {}
}

# ok: tf-azure-app-service-no-http-logs, tf-azure-app-service-no-managed-identity
resource "azurerm_linux_web_app" "observed" {
  name                = "observed"
  resource_group_name = var.resource_group
  location            = var.location
  service_plan_id     = var.plan_id
  https_only          = true

  site_config {}

  identity {
    type = "SystemAssigned"
  }

  logs {
    http_logs {
      file_system {
        retention_in_days = 30
        retention_in_mb   = 35
      }
    }
  }
}
