# ruleid: tf-gcp-instance-no-shielded-vm, tf-gcp-instance-full-api-scope, tf-gcp-instance-default-service-account
resource "google_compute_instance" "default_sa" {
  name         = "default-sa"
  machine_type = "e2-small"

  network_interface {
    subnetwork = var.subnet
  }

  service_account {
    scopes = ["cloud-platform"]
  }
}

# ruleid: tf-gcp-instance-default-service-account, tf-gcp-instance-no-shielded-vm
# ok: tf-gcp-instance-full-api-scope
resource "google_compute_instance" "default_sa_narrow" {
  name         = "default-sa-narrow"
  machine_type = "e2-small"

  service_account {
    scopes = ["https://www.googleapis.com/auth/logging.write"]
  }
}

# ok: tf-gcp-instance-no-shielded-vm, tf-gcp-instance-default-service-account, tf-gcp-instance-full-api-scope
resource "google_compute_instance" "hardened" {
  name         = "hardened"
  machine_type = "e2-small"

  shielded_instance_config {
    enable_secure_boot          = true
    enable_vtpm                 = true
    enable_integrity_monitoring = true
  }

  service_account {
    email  = google_service_account.worker.email
    scopes = ["cloud-platform"]
  }
}

# ruleid: tf-gcp-sql-postgres-no-connection-logs
resource "google_sql_database_instance" "pg" {
  name             = "pg"
  database_version = "POSTGRES_15"

  settings {
    tier = "db-custom-2-7680"

    database_flags {
      name  = "log_connections"
      value = "on"
    }
  }
}

# ok: tf-gcp-sql-postgres-no-connection-logs
resource "google_sql_database_instance" "pg_logged" {
  name             = "pg-logged"
  database_version = "POSTGRES_15"

  settings {
    tier = "db-custom-2-7680"

    database_flags {
      name  = "log_connections"
      value = "on"
    }

    database_flags {
      name  = "log_disconnections"
      value = "on"
    }
  }
}

# ok: tf-gcp-sql-postgres-no-connection-logs
resource "google_sql_database_instance" "mysql" {
  name             = "mysql"
  database_version = "MYSQL_8_0"

  settings {
    tier = "db-f1-micro"
  }
}

# ruleid: tf-gcp-storage-no-public-access-prevention
resource "google_storage_bucket" "inherited" {
  name     = "acme-inherited"
  location = "EU"
}

# ok: tf-gcp-storage-no-public-access-prevention
resource "google_storage_bucket" "enforced" {
  name                     = "acme-enforced"
  location                 = "EU"
  public_access_prevention = "enforced"
}
