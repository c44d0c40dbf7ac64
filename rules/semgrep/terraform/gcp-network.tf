resource "google_compute_firewall" "ssh" {
  name          = "allow-ssh"
  network       = google_compute_network.main.name
  source_ranges = ["0.0.0.0/0"]
  # ruleid: tf-gcp-firewall-sensitive-port-public
  allow {
    protocol = "tcp"
    ports    = ["22", "80"]
  }
  # ok: tf-gcp-firewall-sensitive-port-public
  allow {
    protocol = "icmp"
  }
}

resource "google_compute_firewall" "iap_ssh" {
  name          = "allow-iap-ssh"
  network       = google_compute_network.main.name
  source_ranges = ["35.235.240.0/20"]
  # ok: tf-gcp-firewall-sensitive-port-public
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "everything" {
  name          = "allow-all"
  network       = google_compute_network.main.name
  source_ranges = ["10.0.0.0/8", "0.0.0.0/0"]
  # ruleid: tf-gcp-firewall-sensitive-port-public
  allow {
    protocol = "all"
  }
}

resource "google_compute_firewall" "web" {
  name          = "allow-web"
  network       = google_compute_network.main.name
  source_ranges = ["0.0.0.0/0"]
  # ok: tf-gcp-firewall-sensitive-port-public
  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
}

resource "google_compute_firewall" "egress" {
  name               = "egress-db"
  network            = google_compute_network.main.name
  direction          = "EGRESS"
  destination_ranges = ["0.0.0.0/0"]
  source_ranges      = ["0.0.0.0/0"]
  # ok: tf-gcp-firewall-sensitive-port-public
  allow {
    protocol = "tcp"
    ports    = ["5432"]
  }
}

resource "google_compute_firewall" "postgres" {
  name          = "allow-postgres"
  network       = google_compute_network.main.name
  source_ranges = ["::/0"]
  # ruleid: tf-gcp-firewall-sensitive-port-public
  allow {
    protocol = "tcp"
    ports    = ["5432"]
  }
}
