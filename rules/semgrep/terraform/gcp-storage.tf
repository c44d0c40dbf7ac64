resource "google_storage_bucket_iam_member" "public" {
  bucket = google_storage_bucket.assets.name
  role   = "roles/storage.objectViewer"
  # ruleid: tf-gcp-storage-public
  member = "allUsers"
}

resource "google_storage_bucket_iam_member" "reader" {
  bucket = google_storage_bucket.assets.name
  role   = "roles/storage.objectViewer"
  # ok: tf-gcp-storage-public
  member = "serviceAccount:app@payments.iam.gserviceaccount.com"
}

resource "google_storage_bucket_iam_binding" "viewers" {
  bucket = google_storage_bucket.assets.name
  role   = "roles/storage.objectViewer"
  members = [
    "group:finance@example.com",
    # ruleid: tf-gcp-storage-public
    "allAuthenticatedUsers",
  ]
}

resource "google_storage_bucket_access_control" "public_rule" {
  bucket = google_storage_bucket.assets.name
  role   = "READER"
  # ruleid: tf-gcp-storage-public
  entity = "allUsers"
}

resource "google_storage_bucket_access_control" "owner" {
  bucket = google_storage_bucket.assets.name
  role   = "OWNER"
  # ok: tf-gcp-storage-public
  entity = "user-ops@example.com"
}

resource "google_project_iam_member" "viewer" {
  project = "payments"
  role    = "roles/viewer"
  # ok: tf-gcp-storage-public
  member = "group:auditors@example.com"
}
