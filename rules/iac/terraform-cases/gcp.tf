# ruleid: tf-gcp-sql-ssl-missing, tf-gcp-sql-public-ip, tf-gcp-sql-no-backup
resource "google_sql_database_instance" "ledger" {
  name             = "ledger"
  database_version = "POSTGRES_15"

  settings {
    tier = "db-custom-2-7680"
  }
}

# ok: tf-gcp-sql-ssl-missing, tf-gcp-sql-public-ip, tf-gcp-sql-no-backup
resource "google_sql_database_instance" "hardened" {
  name             = "hardened"
  database_version = "POSTGRES_15"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ipv4_enabled    = false
      private_network = google_compute_network.main.id
      ssl_mode        = "ENCRYPTED_ONLY"
    }

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
  }
}

# an explicit require_ssl = false is the semgrep rule's finding (tf-gcp-sql-ssl-not-enforced)
# ok: tf-gcp-sql-ssl-missing
# ruleid: tf-gcp-sql-public-ip, tf-gcp-sql-no-backup
resource "google_sql_database_instance" "explicit" {
  name             = "explicit"
  database_version = "MYSQL_8_0"

  settings {
    tier = "db-f1-micro"

    ip_configuration {
      require_ssl = false
    }
  }
}

# ruleid: tf-gcp-bigquery-no-cmk
resource "google_bigquery_dataset" "analytics" {
  dataset_id = "analytics"
}

# ok: tf-gcp-bigquery-no-cmk
resource "google_bigquery_dataset" "cardholder" {
  dataset_id = "cardholder"

  default_encryption_configuration {
    kms_key_name = google_kms_crypto_key.bq.id
  }
}

# ruleid: tf-gcp-iam-public-member
resource "google_cloud_run_service_iam_member" "public" {
  service = google_cloud_run_service.api.name
  role    = "roles/run.invoker"
  member  = "allUsers"
}

# ruleid: tf-gcp-iam-public-member
resource "google_pubsub_topic_iam_binding" "any_google_account" {
  topic   = google_pubsub_topic.events.name
  role    = "roles/pubsub.publisher"
  members = ["group:ops@example.com", "allAuthenticatedUsers"]
}

# ok: tf-gcp-iam-public-member, tf-gcp-iam-primitive-role
resource "google_project_iam_member" "deployer" {
  project = var.project
  role    = "roles/run.developer"
  member  = "serviceAccount:deployer@example.iam.gserviceaccount.com"
}

# ruleid: tf-gcp-iam-primitive-role
resource "google_project_iam_binding" "editors" {
  project = var.project
  role    = "roles/editor"
  members = ["group:devs@example.com"]
}

# ruleid: tf-gcp-gke-no-authorized-networks, tf-gcp-gke-public-nodes, tf-gcp-gke-secrets-unencrypted, tf-gcp-gke-no-network-policy, tf-gcp-gke-legacy-abac
resource "google_container_cluster" "main" {
  name               = "main"
  location           = "europe-west1"
  enable_legacy_abac = true
}

# ok: tf-gcp-gke-no-authorized-networks, tf-gcp-gke-public-nodes, tf-gcp-gke-secrets-unencrypted, tf-gcp-gke-no-network-policy, tf-gcp-gke-legacy-abac
resource "google_container_cluster" "hardened" {
  name              = "hardened"
  location          = "europe-west1"
  datapath_provider = "ADVANCED_DATAPATH"

  master_authorized_networks_config {
    cidr_blocks {
      cidr_block = "203.0.113.0/24"
    }
  }

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = "172.16.0.0/28"
  }

  database_encryption {
    state    = "ENCRYPTED"
    key_name = google_kms_crypto_key.gke.id
  }
}

# ruleid: tf-gcp-instance-public-ip, tf-gcp-instance-project-ssh-keys, tf-gcp-instance-serial-port
resource "google_compute_instance" "bastion" {
  name         = "bastion"
  machine_type = "e2-small"

  metadata = {
    serial-port-enable = "true"
  }

  network_interface {
    network = "default"
    access_config {}
  }
}

# ok: tf-gcp-instance-public-ip, tf-gcp-instance-project-ssh-keys, tf-gcp-instance-serial-port
resource "google_compute_instance" "worker" {
  name         = "worker"
  machine_type = "e2-small"

  metadata = {
    block-project-ssh-keys = "true"
    enable-oslogin         = "TRUE"
  }

  network_interface {
    subnetwork = google_compute_subnetwork.private.id
  }
}

# ruleid: tf-gcp-storage-uniform-access-off, tf-gcp-storage-no-versioning, tf-gcp-storage-no-access-logs
resource "google_storage_bucket" "exports" {
  name     = "acme-exports"
  location = "EU"
}

# ok: tf-gcp-storage-uniform-access-off, tf-gcp-storage-no-versioning, tf-gcp-storage-no-access-logs
resource "google_storage_bucket" "hardened" {
  name                        = "acme-hardened"
  location                    = "EU"
  uniform_bucket_level_access = true

  versioning {
    enabled = true
  }

  logging {
    log_bucket = "acme-access-logs"
  }
}

# ruleid: tf-gcp-subnet-no-flow-logs
resource "google_compute_subnetwork" "public" {
  name          = "public"
  ip_cidr_range = "10.10.0.0/24"
  network       = google_compute_network.main.id
}

# ok: tf-gcp-subnet-no-flow-logs
resource "google_compute_subnetwork" "private" {
  name          = "private"
  ip_cidr_range = "10.20.0.0/24"
  network       = google_compute_network.main.id

  log_config {
    aggregation_interval = "INTERVAL_5_SEC"
    flow_sampling        = 0.5
  }
}
