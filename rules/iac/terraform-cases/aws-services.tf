# ruleid: tf-aws-eks-secrets-unencrypted, tf-aws-eks-public-endpoint, tf-aws-eks-no-control-plane-logs
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = aws_iam_role.eks.arn

  vpc_config {
    subnet_ids = var.subnet_ids
  }
}

# ok: tf-aws-eks-secrets-unencrypted, tf-aws-eks-public-endpoint, tf-aws-eks-no-control-plane-logs
resource "aws_eks_cluster" "hardened" {
  name                      = "hardened"
  role_arn                  = aws_iam_role.eks.arn
  enabled_cluster_log_types = ["api", "audit", "authenticator"]

  vpc_config {
    subnet_ids              = var.subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = false
  }

  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }
}

# ruleid: tf-aws-eks-public-endpoint
resource "aws_eks_cluster" "open_cidr" {
  name                      = "open-cidr"
  role_arn                  = aws_iam_role.eks.arn
  enabled_cluster_log_types = ["audit"]

  vpc_config {
    subnet_ids          = var.subnet_ids
    public_access_cidrs = ["0.0.0.0/0"]
  }

  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }
}

# ok: tf-aws-eks-public-endpoint
# ruleid: tf-aws-eks-secrets-unencrypted, tf-aws-eks-no-control-plane-logs
resource "aws_eks_cluster" "office_only" {
  name     = "office-only"
  role_arn = aws_iam_role.eks.arn

  vpc_config {
    subnet_ids          = var.subnet_ids
    public_access_cidrs = ["203.0.113.0/24"]
  }
}

# ruleid: tf-aws-sqs-unencrypted
resource "aws_sqs_queue" "plain" {
  name                    = "plain"
  sqs_managed_sse_enabled = false
}

# ok: tf-aws-sqs-unencrypted
resource "aws_sqs_queue" "default_sse" {
  name = "default-sse"
}

# ok: tf-aws-sqs-unencrypted
resource "aws_sqs_queue" "cmk" {
  name              = "cmk"
  kms_master_key_id = aws_kms_key.sqs.id
}

# ruleid: tf-aws-sns-unencrypted
resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

# ok: tf-aws-sns-unencrypted
resource "aws_sns_topic" "encrypted" {
  name              = "encrypted"
  kms_master_key_id = "alias/aws/sns"
}

# ruleid: tf-aws-kinesis-unencrypted
resource "aws_kinesis_stream" "events" {
  name        = "events"
  shard_count = 1
}

# ok: tf-aws-kinesis-unencrypted
resource "aws_kinesis_stream" "encrypted" {
  name            = "encrypted"
  shard_count     = 1
  encryption_type = "KMS"
  kms_key_id      = "alias/aws/kinesis"
}

# ruleid: tf-aws-cloudwatch-logs-no-cmk
resource "aws_cloudwatch_log_group" "app" {
  name              = "/app"
  retention_in_days = 365
}

# ok: tf-aws-cloudwatch-logs-no-cmk
resource "aws_cloudwatch_log_group" "audit" {
  name              = "/audit"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.logs.arn
}

# ruleid: tf-aws-cloudtrail-no-cmk
resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-trail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

# ok: tf-aws-cloudtrail-no-cmk
resource "aws_cloudtrail" "encrypted" {
  name                       = "encrypted"
  s3_bucket_name             = "acme-trail"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
}

# ruleid: tf-aws-lb-invalid-headers-kept, tf-aws-lb-no-access-logs
resource "aws_lb" "public" {
  name               = "public"
  load_balancer_type = "application"
  subnets            = var.public_subnets
}

# ok: tf-aws-lb-invalid-headers-kept, tf-aws-lb-no-access-logs
resource "aws_lb" "hardened" {
  name                       = "hardened"
  internal                   = true
  drop_invalid_header_fields = true
  subnets                    = var.private_subnets

  access_logs {
    bucket  = "acme-lb-logs"
    enabled = true
  }
}

# a network load balancer has no HTTP headers to drop
# ok: tf-aws-lb-invalid-headers-kept
# ruleid: tf-aws-lb-no-access-logs
resource "aws_lb" "nlb" {
  name               = "nlb"
  load_balancer_type = "network"
  subnets            = var.public_subnets
}

# ruleid: tf-aws-apigateway-no-access-logs
resource "aws_api_gateway_stage" "prod" {
  stage_name    = "prod"
  rest_api_id   = var.api_id
  deployment_id = var.deployment_id
}

# ok: tf-aws-apigateway-no-access-logs
resource "aws_apigatewayv2_stage" "prod" {
  name   = "prod"
  api_id = var.api_id

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format          = "$context.requestId"
  }
}
