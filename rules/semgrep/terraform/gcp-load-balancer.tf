resource "google_compute_ssl_policy" "legacy" {
  name    = "legacy"
  profile = "COMPATIBLE"
  # ruleid: tf-gcp-ssl-policy-weak-tls
  min_tls_version = "TLS_1_0"
}

resource "google_compute_ssl_policy" "modern" {
  name    = "modern"
  profile = "MODERN"
  # ok: tf-gcp-ssl-policy-weak-tls
  min_tls_version = "TLS_1_2"
}

# ruleid: tf-gcp-ssl-policy-weak-tls
resource "google_compute_ssl_policy" "defaults" {
  name = "defaults"
}

resource "google_compute_ssl_policy" "tls11" {
  name    = "tls11"
  profile = "MODERN"
  # ruleid: tf-gcp-ssl-policy-weak-tls
  min_tls_version = "TLS_1_1"
}

# ok: tf-gcp-ssl-policy-weak-tls
resource "google_compute_target_https_proxy" "web" {
  name             = "web"
  url_map          = google_compute_url_map.web.id
  ssl_certificates = [google_compute_managed_ssl_certificate.web.id]
  ssl_policy       = google_compute_ssl_policy.modern.id
}

resource "google_compute_ssl_policy" "restricted" {
  name    = "restricted"
  profile = "RESTRICTED"
  # ok: tf-gcp-ssl-policy-weak-tls
  min_tls_version = "TLS_1_2"
}
