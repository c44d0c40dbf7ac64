resource "google_sql_database_instance" "ledger" {
  name             = "ledger"
  database_version = "POSTGRES_15"
  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ipv4_enabled = true
      # ruleid: tf-gcp-sql-ssl-not-enforced
      ssl_mode = "ALLOW_UNENCRYPTED_AND_ENCRYPTED"
      authorized_networks {
        name = "anyone"
        # ruleid: tf-gcp-sql-public
        value = "0.0.0.0/0"
      }
      authorized_networks {
        name = "office"
        # ok: tf-gcp-sql-public
        value = "203.0.113.0/24"
      }
    }
  }
}

resource "google_sql_database_instance" "reporting" {
  name             = "reporting"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-n1-standard-2"
    ip_configuration {
      ipv4_enabled = true
      # ruleid: tf-gcp-sql-ssl-not-enforced
      require_ssl = false
    }
  }
}

resource "google_sql_database_instance" "private" {
  name             = "private"
  database_version = "POSTGRES_15"
  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ipv4_enabled    = false
      private_network = google_compute_network.main.id
      # ok: tf-gcp-sql-ssl-not-enforced
      ssl_mode = "ENCRYPTED_ONLY"
    }
    database_flags {
      name = "log_connections"
      # ok: tf-gcp-sql-public
      value = "on"
    }
  }
}

resource "google_sql_database_instance" "legacy" {
  name             = "legacy"
  database_version = "POSTGRES_11"
  settings {
    tier = "db-custom-1-3840"
    ip_configuration {
      # ok: tf-gcp-sql-ssl-not-enforced
      require_ssl = true
    }
  }
}

resource "google_sql_database_instance" "analytics" {
  name             = "analytics"
  database_version = "POSTGRES_15"
  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      ipv4_enabled = true
      # ruleid: tf-gcp-sql-ssl-not-enforced
      require_ssl = false
      authorized_networks {
        name = "all-v4"
        # ruleid: tf-gcp-sql-public
        value = "0.0.0.0/0"
      }
      authorized_networks {
        name = "partner"
        # ok: tf-gcp-sql-public
        value = "198.51.100.7/32"
      }
    }
  }
}

resource "google_sql_database_instance" "warehouse" {
  name             = "warehouse"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-n1-standard-4"
    ip_configuration {
      ipv4_enabled = true
      # ok: tf-gcp-sql-ssl-not-enforced
      ssl_mode = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
      authorized_networks {
        name = "everyone"
        # ruleid: tf-gcp-sql-public
        value = "0.0.0.0/0"
      }
    }
  }
}
