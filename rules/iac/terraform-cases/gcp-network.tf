# ruleid: tf-gcp-firewall-sensitive-port-public
resource "google_compute_firewall" "ssh" {
  name          = "allow-ssh"
  network       = google_compute_network.main.name
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["22", "80"]
  }

  allow {
    protocol = "icmp"
  }
}

# ok: tf-gcp-firewall-sensitive-port-public
resource "google_compute_firewall" "iap_ssh" {
  name          = "allow-iap-ssh"
  network       = google_compute_network.main.name
  source_ranges = ["35.235.240.0/20"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

# ruleid: tf-gcp-firewall-sensitive-port-public
resource "google_compute_firewall" "everything" {
  name          = "allow-all"
  network       = google_compute_network.main.name
  source_ranges = ["10.0.0.0/8", "0.0.0.0/0"]

  allow {
    protocol = "all"
  }
}

# ruleid: tf-gcp-firewall-sensitive-port-public
resource google_compute_firewall range {
  name          = "allow-range"
  network       = google_compute_network.main.name
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["3000-3400"]
  }
}

# ruleid: tf-gcp-firewall-sensitive-port-public
resource "google_compute_firewall" "tcp_every_port" {
  name          = "allow-tcp"
  network       = google_compute_network.main.name
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
  }
}

# ok: tf-gcp-firewall-sensitive-port-public
resource "google_compute_firewall" "web" {
  name          = "allow-web"
  network       = google_compute_network.main.name
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["80", "443", "8000-8100"]
  }
}

# ok: tf-gcp-firewall-sensitive-port-public
resource "google_compute_firewall" "egress" {
  name               = "egress-db"
  network            = google_compute_network.main.name
  direction          = "EGRESS"
  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["5432"]
  }
}

# ruleid: tf-gcp-firewall-sensitive-port-public
resource "google_compute_firewall" "postgres" {
  name          = "allow-postgres"
  network       = google_compute_network.main.name
  source_ranges = ["::/0"]

  allow {
    protocol = "tcp"
    ports    = ["5432"]
  }
}

# ok: tf-gcp-firewall-sensitive-port-public
resource "google_compute_firewall" "disabled" {
  name          = "disabled-ssh"
  network       = google_compute_network.main.name
  source_ranges = ["0.0.0.0/0"]
  disabled      = true

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
