# ruleid: tf-aws-rds-no-deletion-protection, tf-aws-rds-no-log-exports, tf-aws-rds-no-enhanced-monitoring, tf-aws-db-password-literal
resource "aws_db_instance" "ledger" {
  identifier        = "ledger"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = true
  username          = "ledger"
  password          = "Sup3rS3cret-example"
}

# ok: tf-aws-rds-no-deletion-protection, tf-aws-rds-no-log-exports, tf-aws-rds-no-enhanced-monitoring, tf-aws-db-password-literal
resource "aws_db_instance" "hardened" {
  identifier                      = "hardened"
  engine                          = "postgres"
  instance_class                  = "db.t3.micro"
  storage_encrypted               = true
  deletion_protection             = true
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
  monitoring_interval             = 60
  monitoring_role_arn             = aws_iam_role.rds_monitoring.arn
  username                        = "ledger"
  manage_master_user_password     = true
}

# ruleid: tf-aws-rds-no-enhanced-monitoring
# ok: tf-aws-db-password-literal
resource "aws_db_instance" "monitoring_off" {
  identifier                      = "monitoring-off"
  engine                          = "mysql"
  instance_class                  = "db.t3.micro"
  deletion_protection             = true
  enabled_cloudwatch_logs_exports = ["audit", "error"]
  monitoring_interval             = 0
  password                        = var.db_password
}

# ruleid: tf-aws-docdb-unencrypted, tf-aws-rds-no-deletion-protection, tf-aws-rds-no-log-exports, tf-aws-db-password-literal
resource "aws_docdb_cluster" "docs" {
  cluster_identifier = "docs"
  master_username    = "docs"
  master_password    = "example-Passw0rd"
}

# ok: tf-aws-docdb-unencrypted, tf-aws-rds-no-deletion-protection, tf-aws-rds-no-log-exports, tf-aws-db-password-literal
resource "aws_neptune_cluster" "graph" {
  cluster_identifier              = "graph"
  storage_encrypted               = true
  kms_key_arn                     = aws_kms_key.neptune.arn
  deletion_protection             = true
  enabled_cloudwatch_logs_exports = ["audit"]
}

# ruleid: tf-aws-docdb-unencrypted
resource "aws_neptune_cluster" "graph_plain" {
  cluster_identifier              = "graph-plain"
  storage_encrypted               = false
  deletion_protection             = true
  enabled_cloudwatch_logs_exports = ["audit"]
}

# ruleid: tf-aws-elasticache-unencrypted, tf-aws-elasticache-plaintext
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "sessions"
  node_type            = "cache.t3.micro"
}

# ok: tf-aws-elasticache-unencrypted, tf-aws-elasticache-plaintext
resource "aws_elasticache_replication_group" "hardened" {
  replication_group_id       = "hardened"
  description                = "hardened"
  node_type                  = "cache.t3.micro"
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
}

# ruleid: tf-aws-dynamodb-no-pitr
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

# ok: tf-aws-dynamodb-no-pitr
resource "aws_dynamodb_table" "ledger" {
  name     = "ledger"
  hash_key = "id"

  point_in_time_recovery {
    enabled = true
  }
}

# ruleid: tf-aws-opensearch-unencrypted, tf-aws-opensearch-node-plaintext, tf-aws-opensearch-https-not-enforced, tf-aws-opensearch-no-audit-logs
resource "aws_opensearch_domain" "search" {
  domain_name = "search"
}

# ok: tf-aws-opensearch-unencrypted, tf-aws-opensearch-node-plaintext, tf-aws-opensearch-https-not-enforced, tf-aws-opensearch-no-audit-logs
resource "aws_elasticsearch_domain" "hardened" {
  domain_name = "hardened"

  encrypt_at_rest {
    enabled = true
  }

  node_to_node_encryption {
    enabled = true
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }

  log_publishing_options {
    cloudwatch_log_group_arn = aws_cloudwatch_log_group.search.arn
    log_type                 = "AUDIT_LOGS"
  }
}

# ruleid: tf-aws-opensearch-https-not-enforced, tf-aws-opensearch-unencrypted, tf-aws-opensearch-node-plaintext, tf-aws-opensearch-no-audit-logs
resource "aws_opensearch_domain" "http" {
  domain_name = "http"

  domain_endpoint_options {
    enforce_https = false
  }
}
