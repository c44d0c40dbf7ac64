# The Azure stack, hardened.
provider "azurerm" {
  features {}
}

resource "azurerm_network_security_group" "web" {
  name                = "web"
  location            = var.location
  resource_group_name = var.resource_group

  security_rule {
    name                       = "https"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "443"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }

  security_rule {
    name                       = "ssh-office"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "203.0.113.0/24"
    destination_address_prefix = "*"
  }
}

resource "azurerm_storage_account" "statements" {
  name                            = "acmestatements"
  resource_group_name             = var.resource_group
  location                        = var.location
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  public_network_access_enabled   = false
  shared_access_key_enabled       = false

  customer_managed_key {
    key_vault_key_id          = var.storage_key_id
    user_assigned_identity_id = var.storage_identity_id
  }

  blob_properties {
    delete_retention_policy {
      days = 30
    }
  }
}

resource "azurerm_mssql_server" "ledger" {
  name                          = "acme-ledger"
  resource_group_name           = var.resource_group
  location                      = var.location
  version                       = "12.0"
  minimum_tls_version           = "1.2"
  public_network_access_enabled = false

  azuread_administrator {
    login_username              = "sql-admins"
    object_id                   = var.sql_admins_group_id
    azuread_authentication_only = true
  }
}

resource "azurerm_mssql_server_extended_auditing_policy" "ledger" {
  server_id         = azurerm_mssql_server.ledger.id
  retention_in_days = 90
}

resource "azurerm_key_vault" "main" {
  name                          = "acme-main"
  resource_group_name           = var.resource_group
  location                      = var.location
  tenant_id                     = var.tenant_id
  sku_name                      = "premium"
  purge_protection_enabled      = true
  public_network_access_enabled = false

  network_acls {
    default_action = "Deny"
    bypass         = "AzureServices"
  }
}

resource "azurerm_linux_web_app" "portal" {
  name                = "acme-portal"
  resource_group_name = var.resource_group
  location            = var.location
  service_plan_id     = var.plan_id
  https_only          = true

  site_config {
    minimum_tls_version = "1.2"
    ftps_state          = "Disabled"
  }

  identity {
    type = "SystemAssigned"
  }

  logs {
    failed_request_tracing = true

    http_logs {
      file_system {
        retention_in_days = 30
        retention_in_mb   = 35
      }
    }
  }
}

resource "azurerm_redis_cache" "sessions" {
  name                          = "acme-sessions"
  resource_group_name           = var.resource_group
  location                      = var.location
  capacity                      = 1
  family                        = "P"
  sku_name                      = "Premium"
  minimum_tls_version           = "1.2"
  public_network_access_enabled = false
}

resource "azurerm_role_definition" "reader" {
  name  = "blob-reader"
  scope = var.subscription_id

  permissions {
    actions = ["Microsoft.Storage/storageAccounts/blobServices/containers/read"]
  }
}
