# ruleid: tf-aws-cloudtrail-no-log-validation, tf-aws-cloudtrail-single-region
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.audit.id
  # ruleid: tf-aws-cloudtrail-logging-disabled
  enable_logging = false
}

# ok: tf-aws-cloudtrail-no-log-validation, tf-aws-cloudtrail-single-region
resource "aws_cloudtrail" "org" {
  name                          = "org"
  s3_bucket_name                = aws_s3_bucket.audit.id
  kms_key_id                    = aws_kms_key.audit.arn
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  # ok: tf-aws-cloudtrail-logging-disabled
  enable_logging = true
}

# ok: tf-aws-cloudtrail-single-region
# ruleid: tf-aws-cloudtrail-no-log-validation
resource "aws_cloudtrail" "unvalidated" {
  name                       = "unvalidated"
  s3_bucket_name             = aws_s3_bucket.audit.id
  is_multi_region_trail      = true
  enable_log_file_validation = false
}

# ok: tf-aws-cloudtrail-no-log-validation
# ruleid: tf-aws-cloudtrail-single-region
resource "aws_cloudtrail" "regional" {
  name                       = "regional"
  s3_bucket_name             = aws_s3_bucket.audit.id
  enable_log_file_validation = true
  # ok: tf-aws-cloudtrail-logging-disabled
  enable_logging = var.trail_enabled
}

resource "aws_config_configuration_recorder_status" "main" {
  name = aws_config_configuration_recorder.main.name
  # ok: tf-aws-cloudtrail-logging-disabled
  is_enabled = false
}

# ok: tf-aws-cloudtrail-single-region
# ruleid: tf-aws-cloudtrail-no-log-validation
resource "aws_cloudtrail" "paused" {
  name                  = "paused"
  s3_bucket_name        = aws_s3_bucket.audit.id
  is_multi_region_trail = true
  # ruleid: tf-aws-cloudtrail-logging-disabled
  enable_logging = false
}

# ok: tf-aws-cloudtrail-no-log-validation
# ruleid: tf-aws-cloudtrail-single-region
resource "aws_cloudtrail" "eu_only" {
  name                       = "eu-only"
  s3_bucket_name             = aws_s3_bucket.audit.id
  enable_log_file_validation = true
  is_multi_region_trail      = false
  # ruleid: tf-aws-cloudtrail-logging-disabled
  enable_logging = false
}

# ok: tf-aws-cloudtrail-no-log-validation, tf-aws-cloudtrail-single-region
resource "aws_cloudtrail" "data_events" {
  name                       = "data-events"
  s3_bucket_name             = aws_s3_bucket.audit.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  event_selector {
    read_write_type           = "All"
    include_management_events = false
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}
