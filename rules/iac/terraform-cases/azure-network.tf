# NSG rules open to the internet on admin/database ports: single ports, ranges ("22-22",
# "20-25"), "*", lists, and bare block labels (valid HCL).

# ruleid: tf-azure-nsg-sensitive-port-public
resource "azurerm_network_security_group" "ssh" {
  name                = "ssh"
  location            = var.location
  resource_group_name = var.resource_group

  security_rule {
    name                       = "ssh"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }
}

# ruleid: tf-azure-nsg-sensitive-port-public
resource azurerm_network_security_group bare_labels_range {
  name                = "bare"
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
    name                       = "ssh-range"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22-22"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
}

# ok: tf-azure-nsg-sensitive-port-public
resource "azurerm_network_security_group" "web" {
  name                = "web"
  location            = var.location
  resource_group_name = var.resource_group

  security_rule {
    name                       = "https"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_ranges    = ["80", "443", "8080-8090"]
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }

  security_rule {
    name                       = "deny-rdp"
    priority                   = 120
    direction                  = "Inbound"
    access                     = "Deny"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "3389"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }

  security_rule {
    name                       = "ssh-office"
    priority                   = 130
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefixes    = ["203.0.113.0/24", "198.51.100.0/24"]
    destination_address_prefix = "*"
  }
}

# ruleid: tf-azure-nsg-sensitive-port-public
resource "azurerm_network_security_rule" "ftp_to_telnet" {
  name                        = "legacy"
  priority                    = 200
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "20-25"
  source_address_prefix       = "0.0.0.0/0"
  destination_address_prefix  = "*"
  resource_group_name         = var.resource_group
  network_security_group_name = azurerm_network_security_group.web.name
}

# ruleid: tf-azure-nsg-sensitive-port-public
resource "azurerm_network_security_rule" "everything" {
  name                        = "everything"
  priority                    = 210
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefixes     = ["10.0.0.0/8", "Internet"]
  destination_address_prefix  = "*"
  resource_group_name         = var.resource_group
  network_security_group_name = azurerm_network_security_group.web.name
}

# ruleid: tf-azure-nsg-sensitive-port-public
resource "azurerm_network_security_rule" "db_list" {
  name                        = "db"
  priority                    = 220
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["443", "1433"]
  source_address_prefix       = "Any"
  destination_address_prefix  = "*"
  resource_group_name         = var.resource_group
  network_security_group_name = azurerm_network_security_group.web.name
}

# ok: tf-azure-nsg-sensitive-port-public
resource "azurerm_network_security_rule" "egress_all" {
  name                        = "egress"
  priority                    = 230
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  resource_group_name         = var.resource_group
  network_security_group_name = azurerm_network_security_group.web.name
}

# ok: tf-azure-nsg-sensitive-port-public
resource "azurerm_network_security_rule" "vnet_db" {
  name                        = "vnet-db"
  priority                    = 240
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "5432"
  source_address_prefix       = "VirtualNetwork"
  destination_address_prefix  = "*"
  resource_group_name         = var.resource_group
  network_security_group_name = azurerm_network_security_group.web.name
}
