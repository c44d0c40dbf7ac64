# ruleid: tf-azure-db-firewall-open
resource "azurerm_mssql_firewall_rule" "everyone" {
  name             = "everyone"
  server_id        = azurerm_mssql_server.payments.id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "255.255.255.255"
}

# ok: tf-azure-db-firewall-open
resource "azurerm_mssql_firewall_rule" "azure_services" {
  name             = "azure-services"
  server_id        = azurerm_mssql_server.payments.id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0"
}

# ruleid: tf-azure-db-firewall-open
resource "azurerm_postgresql_flexible_server_firewall_rule" "all" {
  name             = "all"
  server_id        = azurerm_postgresql_flexible_server.ledger.id
  end_ip_address   = "255.255.255.255"
  start_ip_address = "0.0.0.0"
}

# ok: tf-azure-db-firewall-open
resource "azurerm_postgresql_flexible_server_firewall_rule" "office" {
  name             = "office"
  server_id        = azurerm_postgresql_flexible_server.ledger.id
  start_ip_address = "203.0.113.1"
  end_ip_address   = "203.0.113.254"
}

resource "azurerm_mssql_server" "payments" {
  name                         = "payments"
  resource_group_name          = var.resource_group
  location                     = var.location
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_admin_password
  # ruleid: tf-azure-db-weak-transport
  minimum_tls_version = "1.0"
}

resource "azurerm_mssql_server" "ledger" {
  name                         = "ledger"
  resource_group_name          = var.resource_group
  location                     = var.location
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.sql_admin_password
  # ok: tf-azure-db-weak-transport
  minimum_tls_version = "1.2"
}

resource "azurerm_postgresql_server" "legacy" {
  name                = "legacy"
  location            = var.location
  resource_group_name = var.resource_group
  sku_name            = "GP_Gen5_2"
  version             = "11"
  # ruleid: tf-azure-db-weak-transport
  ssl_enforcement_enabled = false
  # ruleid: tf-azure-db-weak-transport
  ssl_minimal_tls_version_enforced = "TLSEnforcementDisabled"
}

resource "azurerm_mysql_server" "ok" {
  name                = "ok"
  location            = var.location
  resource_group_name = var.resource_group
  sku_name            = "GP_Gen5_2"
  version             = "8.0"
  # ok: tf-azure-db-weak-transport
  ssl_enforcement_enabled = true
  # ok: tf-azure-db-weak-transport
  ssl_minimal_tls_version_enforced = "TLS1_2"
}

# ruleid: tf-azure-db-firewall-open
resource "azurerm_mysql_flexible_server_firewall_rule" "anyone" {
  name                = "anyone"
  resource_group_name = var.resource_group
  server_name         = azurerm_mysql_flexible_server.app.name
  start_ip_address    = "0.0.0.0"
  end_ip_address      = "255.255.255.255"
}

# ok: tf-azure-db-firewall-open
resource "azurerm_storage_account_network_rules" "not_a_db" {
  storage_account_id = azurerm_storage_account.secure.id
  default_action     = "Deny"
  ip_rules           = ["0.0.0.0"]
}
