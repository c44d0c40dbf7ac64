resource "azurerm_storage_account" "legacy" {
  name                     = "acmelegacy"
  resource_group_name      = var.resource_group
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = "GRS"
  # ruleid: tf-azure-storage-public-access
  allow_nested_items_to_be_public = true
  # ruleid: tf-azure-storage-weak-transport
  min_tls_version = "TLS1_0"
  # ruleid: tf-azure-storage-weak-transport
  https_traffic_only_enabled = false
}

resource "azurerm_storage_account" "secure" {
  name                     = "acmesecure"
  resource_group_name      = var.resource_group
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = "GRS"
  # ok: tf-azure-storage-public-access
  allow_nested_items_to_be_public = false
  # ok: tf-azure-storage-weak-transport
  min_tls_version = "TLS1_2"
  # ok: tf-azure-storage-weak-transport
  https_traffic_only_enabled = true
}

resource "azurerm_storage_account" "older_provider" {
  name                     = "acmeolder"
  resource_group_name      = var.resource_group
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = "LRS"
  # ruleid: tf-azure-storage-public-access
  allow_blob_public_access = true
  # ruleid: tf-azure-storage-weak-transport
  enable_https_traffic_only = false
}

resource "azurerm_storage_container" "assets" {
  name                 = "assets"
  storage_account_name = azurerm_storage_account.legacy.name
  # ruleid: tf-azure-storage-public-access
  container_access_type = "blob"
}

resource "azurerm_storage_container" "exports" {
  name                 = "exports"
  storage_account_name = azurerm_storage_account.secure.name
  # ok: tf-azure-storage-public-access
  container_access_type = "private"
}

resource "azurerm_storage_account" "logs" {
  name                     = "acmelogs"
  resource_group_name      = var.resource_group
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = "GRS"
  # ok: tf-azure-storage-public-access
  allow_blob_public_access = false
  # ok: tf-azure-storage-weak-transport
  enable_https_traffic_only = true
}
