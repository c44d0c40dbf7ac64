# ruleid: tf-gcp-kms-rotation-disabled
resource "google_kms_crypto_key" "data" {
  name     = "card-data"
  key_ring = google_kms_key_ring.payments.id
}

# ok: tf-gcp-kms-rotation-disabled
resource "google_kms_crypto_key" "rotated" {
  name            = "tokens"
  key_ring        = google_kms_key_ring.payments.id
  rotation_period = "7776000s"
}

# ok: tf-gcp-kms-rotation-disabled
resource "google_kms_crypto_key" "signing" {
  name     = "signing"
  key_ring = google_kms_key_ring.payments.id
  purpose  = "ASYMMETRIC_SIGN"
  version_template {
    algorithm = "EC_SIGN_P256_SHA256"
  }
}

# ruleid: tf-gcp-kms-rotation-disabled
resource "google_kms_crypto_key" "backups" {
  name     = "backups"
  key_ring = google_kms_key_ring.payments.id
  lifecycle {
    prevent_destroy = true
  }
}

# ruleid: tf-gcp-kms-rotation-disabled
resource "google_kms_crypto_key" "explicit_symmetric" {
  name     = "explicit"
  key_ring = google_kms_key_ring.payments.id
  purpose  = "ENCRYPT_DECRYPT"
}

# ok: tf-gcp-kms-rotation-disabled
resource "google_kms_crypto_key" "yearly" {
  name            = "yearly"
  key_ring        = google_kms_key_ring.payments.id
  purpose         = "ENCRYPT_DECRYPT"
  rotation_period = "31536000s"
}
