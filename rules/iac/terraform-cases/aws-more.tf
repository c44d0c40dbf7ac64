# ruleid: tf-aws-no-cmk, tf-aws-rds-no-iam-auth, tf-aws-rds-no-multi-az
resource "aws_db_instance" "plain" {
  identifier        = "plain"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = true
}

# ok: tf-aws-no-cmk, tf-aws-rds-no-iam-auth, tf-aws-rds-no-multi-az
resource "aws_db_instance" "hardened" {
  identifier                          = "hardened"
  engine                              = "postgres"
  instance_class                      = "db.t3.micro"
  storage_encrypted                   = true
  kms_key_id                          = aws_kms_key.rds.arn
  iam_database_authentication_enabled = true
  multi_az                            = true
}

# a read replica follows its source's availability settings
# ok: tf-aws-rds-no-multi-az
# ruleid: tf-aws-no-cmk, tf-aws-rds-no-iam-auth
resource "aws_db_instance" "replica" {
  identifier          = "replica"
  instance_class      = "db.t3.micro"
  replicate_source_db = aws_db_instance.hardened.identifier
}

# ruleid: tf-aws-no-cmk, tf-aws-db-backup-retention-short
resource "aws_docdb_cluster" "short" {
  cluster_identifier = "short"
  storage_encrypted  = true
}

# ok: tf-aws-no-cmk, tf-aws-db-backup-retention-short
resource "aws_docdb_cluster" "kept" {
  cluster_identifier      = "kept"
  storage_encrypted       = true
  kms_key_id              = aws_kms_key.docdb.arn
  backup_retention_period = 14
}

# ruleid: tf-aws-no-cmk
resource "aws_dynamodb_table" "default_key" {
  name     = "default-key"
  hash_key = "id"
}

# ok: tf-aws-no-cmk
resource "aws_dynamodb_table" "own_key" {
  name     = "own-key"
  hash_key = "id"

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.ddb.arn
  }
}

# ruleid: tf-aws-opensearch-weak-tls, tf-aws-no-cmk
resource "aws_opensearch_domain" "old_tls" {
  domain_name = "old-tls"

  domain_endpoint_options {
    enforce_https = true
  }
}

# ok: tf-aws-opensearch-weak-tls
# ruleid: tf-aws-no-cmk
resource "aws_opensearch_domain" "tls12" {
  domain_name = "tls12"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
}

# ruleid: tf-aws-cloudtrail-no-cloudwatch
resource "aws_cloudtrail" "s3_only" {
  name           = "s3-only"
  s3_bucket_name = "acme-trail"
}

# ok: tf-aws-cloudtrail-no-cloudwatch
resource "aws_cloudtrail" "watched" {
  name                       = "watched"
  s3_bucket_name             = "acme-trail"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.trail.arn
}

# ruleid: tf-aws-instance-no-detailed-monitoring
resource "aws_instance" "basic" {
  ami           = var.ami
  instance_type = "t3.micro"
}

# ok: tf-aws-instance-no-detailed-monitoring
resource "aws_instance" "monitored" {
  ami           = var.ami
  instance_type = "t3.micro"
  monitoring    = true
}
