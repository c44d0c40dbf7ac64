resource "aws_s3_bucket" "legacy_public" {
  bucket = "acme-legacy-assets"
  # ruleid: tf-aws-s3-public-acl
  acl = "public-read"
}

resource "aws_s3_bucket_acl" "reports" {
  bucket = aws_s3_bucket.reports.id
  # ruleid: tf-aws-s3-public-acl
  acl = "authenticated-read"
}

resource "aws_s3_bucket_acl" "private" {
  bucket = aws_s3_bucket.private.id
  # ok: tf-aws-s3-public-acl
  acl = "private"
}

resource "aws_s3_bucket_acl" "logs" {
  bucket = aws_s3_bucket.logs.id
  # ok: tf-aws-s3-public-acl
  acl = "log-delivery-write"
}

resource "aws_s3_bucket_acl" "grant_all_users" {
  bucket = aws_s3_bucket.reports.id
  access_control_policy {
    grant {
      grantee {
        type = "Group"
        # ruleid: tf-aws-s3-public-acl
        uri = "http://acs.amazonaws.com/groups/global/AllUsers"
      }
      permission = "READ"
    }
    grant {
      grantee {
        type = "Group"
        # ok: tf-aws-s3-public-acl
        uri = "http://acs.amazonaws.com/groups/s3/LogDelivery"
      }
      permission = "WRITE"
    }
    owner {
      id = data.aws_canonical_user_id.current.id
    }
  }
}

# ok: tf-aws-s3-public-acl
resource "aws_s3_object" "readme" {
  bucket = aws_s3_bucket.docs.id
  key    = "README"
  acl    = "public-read"
}

resource "aws_s3_bucket" "dropbox" {
  bucket = "acme-dropbox"
  # ruleid: tf-aws-s3-public-write-acl
  acl = "public-read-write"
}

resource "aws_s3_bucket_acl" "dropbox2" {
  bucket = aws_s3_bucket.dropbox.id
  # ruleid: tf-aws-s3-public-write-acl
  acl = "public-read-write"
}

resource "aws_s3_bucket_acl" "dropbox3" {
  bucket = aws_s3_bucket.dropbox.id
  # ok: tf-aws-s3-public-write-acl
  acl = "bucket-owner-full-control"
}

resource "aws_s3_bucket_policy" "public_json" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # ruleid: tf-aws-s3-public-policy
      {
        Sid       = "PublicRead"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.site.arn}/*"
      },
      # ruleid: tf-aws-s3-public-policy
      {
        Principal = { AWS = ["*"] }
        Effect    = "Allow"
        Action    = ["s3:PutObject"]
        Resource  = "${aws_s3_bucket.site.arn}/*"
      },
      # ok: tf-aws-s3-public-policy
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.site.arn, "${aws_s3_bucket.site.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      # ok: tf-aws-s3-public-policy
      {
        Effect    = "Allow"
        Principal = { Service = "cloudfront.amazonaws.com" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.site.arn}/*"
        Condition = { StringEquals = { "AWS:SourceArn" = aws_cloudfront_distribution.site.arn } }
      },
      # ok: tf-aws-s3-public-policy
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.site.arn}/*"
        Condition = { StringEquals = { "aws:SourceVpce" = var.vpce_id } }
      },
    ]
  })
}

resource "aws_s3_bucket_policy" "public_heredoc" {
  bucket = aws_s3_bucket.legacy_public.id
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    # ruleid: tf-aws-s3-public-policy
    {
      "Sid": "PublicRead",
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::acme-legacy-assets/*"
    },
    # ok: tf-aws-s3-public-policy
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::acme-legacy-assets/*"
    },
    # ok: tf-aws-s3-public-policy
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::acme-legacy-assets/*",
      "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}
    }
  ]
}
POLICY
}

data "aws_iam_policy_document" "site" {
  # ruleid: tf-aws-s3-public-policy
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.site.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }

  # ok: tf-aws-s3-public-policy
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.site.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.site.arn]
    }
  }
}

data "aws_iam_policy_document" "vpc_endpoint" {
  # ok: tf-aws-s3-public-policy
  statement {
    actions   = ["dynamodb:GetItem"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_public_access_block" "reports" {
  bucket = aws_s3_bucket.reports.id
  # ok: tf-aws-s3-public-access-block-disabled
  block_public_acls = true
  # ruleid: tf-aws-s3-public-access-block-disabled
  block_public_policy = false
  ignore_public_acls  = true
  # ruleid: tf-aws-s3-public-access-block-disabled
  restrict_public_buckets = false
}

resource "aws_s3_account_public_access_block" "account" {
  # ruleid: tf-aws-s3-public-access-block-disabled
  block_public_acls = false
  # ok: tf-aws-s3-public-access-block-disabled
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "cache" {
  bucket        = "acme-cache"
  # ok: tf-aws-s3-public-access-block-disabled
  force_destroy = false
}

resource "aws_s3_bucket_versioning" "reports" {
  bucket = aws_s3_bucket.reports.id
  versioning_configuration {
    # ruleid: tf-aws-s3-versioning-disabled
    status = "Suspended"
  }
}

resource "aws_s3_bucket_versioning" "audit" {
  bucket = aws_s3_bucket.audit.id
  versioning_configuration {
    # ok: tf-aws-s3-versioning-disabled
    status     = "Enabled"
    mfa_delete = "Enabled"
  }
}

resource "aws_s3_bucket_versioning" "tmp" {
  bucket = aws_s3_bucket.tmp.id
  versioning_configuration {
    # ruleid: tf-aws-s3-versioning-disabled
    status = "Disabled"
  }
}

resource "aws_s3_bucket" "legacy_versioning" {
  bucket = "acme-legacy"
  # ruleid: tf-aws-s3-versioning-disabled
  versioning {
    enabled = false
  }
}

resource "aws_s3_bucket" "legacy_versioned" {
  bucket = "acme-legacy-versioned"
  # ok: tf-aws-s3-versioning-disabled
  versioning {
    enabled = true
  }
}

# ok: tf-aws-s3-versioning-disabled
resource "aws_dynamodb_table" "state_lock" {
  name   = "terraform-lock"
  status = "Disabled"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
  # ruleid: tf-aws-s3-public-write-acl
  acl = "public-read-write"
}

resource "aws_s3_bucket_acl" "uploads_private" {
  bucket = aws_s3_bucket.uploads.id
  # ok: tf-aws-s3-public-write-acl
  acl = "private"
}

resource "aws_s3_object" "upload_marker" {
  bucket = aws_s3_bucket.uploads.id
  key    = "marker"
  # ok: tf-aws-s3-public-write-acl
  acl = "public-read-write"
}
