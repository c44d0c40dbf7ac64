# ruleid: tf-aws-rds-unencrypted
resource "aws_db_instance" "payments" {
  identifier          = "payments"
  engine              = "postgres"
  instance_class      = "db.t3.medium"
  allocated_storage   = 50
  # ruleid: tf-aws-rds-public
  publicly_accessible = true
  # ruleid: tf-aws-rds-backups-disabled
  backup_retention_period = 0
}

# ok: tf-aws-rds-unencrypted
resource "aws_db_instance" "ledger" {
  identifier        = "ledger"
  engine            = "postgres"
  instance_class    = "db.t3.medium"
  allocated_storage = 50
  storage_encrypted = true
  kms_key_id        = aws_kms_key.db.arn
  # ok: tf-aws-rds-public
  publicly_accessible = false
  # ok: tf-aws-rds-backups-disabled
  backup_retention_period = 35
}

# ok: tf-aws-rds-unencrypted
resource "aws_db_instance" "ledger_replica" {
  identifier          = "ledger-replica"
  replicate_source_db = aws_db_instance.ledger.identifier
  instance_class      = "db.t3.medium"
  # ok: tf-aws-rds-backups-disabled
  backup_retention_period = var.replica_backup_days
}

# ruleid: tf-aws-rds-unencrypted
resource "aws_rds_cluster" "reporting" {
  cluster_identifier = "reporting"
  engine             = "aurora-postgresql"
  storage_encrypted  = false
  # ruleid: tf-aws-rds-backups-disabled
  backup_retention_period = "0"
}

# ok: tf-aws-rds-unencrypted
resource "aws_rds_cluster" "analytics" {
  cluster_identifier = "analytics"
  engine             = "aurora-mysql"
  storage_encrypted  = true
}

# ok: tf-aws-rds-unencrypted
resource "aws_rds_cluster" "legacy_serverless" {
  cluster_identifier = "legacy"
  engine             = "aurora-mysql"
  engine_mode        = "serverless"
}

resource "aws_rds_cluster_instance" "reporting" {
  cluster_identifier = aws_rds_cluster.reporting.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.reporting.engine
  # ruleid: tf-aws-rds-public
  publicly_accessible = true
}

resource "aws_instance" "web" {
  ami           = var.ami
  instance_type = "t3.micro"
  # ok: tf-aws-rds-public
  associate_public_ip_address = true
}

resource "aws_redshift_cluster" "dw" {
  cluster_identifier = "dw"
  # ok: tf-aws-rds-public
  publicly_accessible = true
  # ok: tf-aws-rds-backups-disabled
  automated_snapshot_retention_period = 0
}

# ruleid: tf-aws-rds-unencrypted
resource "aws_db_instance" "legacy_mysql" {
  identifier        = "legacy-mysql"
  engine            = "mysql"
  instance_class    = "db.t3.small"
  allocated_storage = 20
  storage_encrypted = false
  # ruleid: tf-aws-rds-public
  publicly_accessible = true
  # ruleid: tf-aws-rds-backups-disabled
  backup_retention_period = 0
}
