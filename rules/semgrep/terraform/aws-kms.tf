# ruleid: tf-aws-kms-rotation-disabled
resource "aws_kms_key" "data" {
  description             = "card data"
  deletion_window_in_days = 30
}

# ok: tf-aws-kms-rotation-disabled
resource "aws_kms_key" "logs" {
  description         = "audit logs"
  enable_key_rotation = true
}

# ruleid: tf-aws-kms-rotation-disabled
resource "aws_kms_key" "tokens" {
  description         = "tokenisation"
  enable_key_rotation = false
}

# ok: tf-aws-kms-rotation-disabled
resource "aws_kms_key" "signing" {
  description              = "release signing"
  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "ECC_NIST_P256"
}

# ok: tf-aws-kms-rotation-disabled
resource "aws_kms_key" "yearly" {
  description             = "backups"
  enable_key_rotation     = true
  rotation_period_in_days = 365
}

# ruleid: tf-aws-kms-rotation-disabled
resource "aws_kms_key" "symmetric" {
  description = "explicitly symmetric"
  key_usage   = "ENCRYPT_DECRYPT"
}
