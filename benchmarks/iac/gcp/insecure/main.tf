# A payments stack on GCP with the mistakes the gate should catch (our own fixture).
provider "google" {
  project = "acme-payments"
  region  = "europe-west1"
}

resource "google_compute_network" "main" {
  name                    = "main"
  auto_create_subnetworks = false
}

resource "google_compute_subnetwork" "app" {
  name          = "app"
  ip_cidr_range = "10.10.0.0/24"
  network       = google_compute_network.main.id
}

resource "google_compute_firewall" "ssh" {
  name          = "allow-ssh"
  network       = google_compute_network.main.name
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource google_compute_firewall admin {
  name          = "allow-admin"
  network       = google_compute_network.main.name
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["3000-3400"]
  }
}

resource "google_compute_instance" "bastion" {
  name         = "bastion"
  machine_type = "e2-small"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  metadata = {
    serial-port-enable = "true"
  }

  network_interface {
    subnetwork = google_compute_subnetwork.app.id
    access_config {}
  }

  service_account {
    scopes = ["cloud-platform"]
  }
}

resource "google_sql_database_instance" "ledger" {
  name             = "ledger"
  database_version = "POSTGRES_15"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ipv4_enabled = true

      authorized_networks {
        name  = "everyone"
        value = "0.0.0.0/0"
      }
    }
  }
}

resource "google_storage_bucket" "statements" {
  name     = "acme-card-statements"
  location = "EU"
}

resource "google_storage_bucket_iam_member" "public" {
  bucket = google_storage_bucket.statements.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

resource "google_bigquery_dataset" "analytics" {
  dataset_id = "analytics"
  location   = "EU"
}

resource "google_container_cluster" "main" {
  name               = "main"
  location           = "europe-west1"
  initial_node_count = 1
  enable_legacy_abac = true
}

resource "google_kms_crypto_key" "data" {
  name     = "data"
  key_ring = var.key_ring_id
}

resource "google_project_iam_member" "devs" {
  project = "acme-payments"
  role    = "roles/editor"
  member  = "group:devs@example.com"
}

resource "google_cloud_run_service_iam_member" "public" {
  service  = var.service_name
  location = "europe-west1"
  role     = "roles/run.invoker"
  member   = "allUsers"
}

resource "google_compute_ssl_policy" "legacy" {
  name            = "legacy"
  profile         = "COMPATIBLE"
  min_tls_version = "TLS_1_0"
}
