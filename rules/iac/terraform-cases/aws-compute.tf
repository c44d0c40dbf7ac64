# Labelled cases for rules/iac/terraform-defaults.yaml: `# ruleid: ID` above a resource that must
# be reported, `# ok: ID` above one that must not (tests/scanners/test_terraform_cases.py).

# ruleid: tf-aws-instance-imdsv1, tf-aws-instance-root-volume-unencrypted
resource "aws_instance" "defaults" {
  ami           = var.ami
  instance_type = "t3.micro"
}

# ok: tf-aws-instance-imdsv1, tf-aws-instance-root-volume-unencrypted, tf-aws-instance-public-ip
resource aws_instance hardened {
  ami                         = var.ami
  instance_type               = "t3.micro"
  associate_public_ip_address = false

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }

  root_block_device {
    encrypted  = true
    kms_key_id = aws_kms_key.ebs.arn
  }
}

# ruleid: tf-aws-instance-imdsv1, tf-aws-instance-public-ip
# ok: tf-aws-instance-root-volume-unencrypted
resource "aws_instance" "optional_tokens" {
  ami                         = var.ami
  instance_type               = "t3.micro"
  associate_public_ip_address = true

  metadata_options {
    http_tokens = "optional"
  }

  root_block_device {
    encrypted = var.encrypt_root
  }
}

# ruleid: tf-aws-instance-imdsv1, tf-aws-launch-template-public-ip
resource "aws_launch_template" "web" {
  name_prefix = "web-"
  image_id    = var.ami

  network_interfaces {
    associate_public_ip_address = true
  }
}

# ok: tf-aws-instance-imdsv1, tf-aws-launch-template-public-ip
resource "aws_launch_template" "worker" {
  name_prefix = "worker-"
  image_id    = var.ami

  metadata_options {
    http_tokens = "required"
  }

  dynamic "network_interfaces" {
    for_each = var.interfaces
    content {
      associate_public_ip_address = network_interfaces.value.public
    }
  }
}

# ruleid: tf-aws-subnet-public-ip-on-launch
resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}

# ok: tf-aws-subnet-public-ip-on-launch
resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.2.0/24"
}

# ruleid: tf-aws-lambda-env-secret, tf-aws-lambda-env-unencrypted-cmk
resource "aws_lambda_function" "payments" {
  function_name = "payments"
  role          = aws_iam_role.lambda.arn
  handler       = "app.handler"
  runtime       = "python3.12"

  environment {
    variables = {
      STAGE       = "prod"
      DB_PASSWORD = "hunter2-not-real"
    }
  }
}

# ok: tf-aws-lambda-env-secret, tf-aws-lambda-env-unencrypted-cmk
resource "aws_lambda_function" "reports" {
  function_name = "reports"
  role          = aws_iam_role.lambda.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  kms_key_arn   = aws_kms_key.lambda.arn

  environment {
    variables = {
      DB_PASSWORD_SECRET_ARN = aws_secretsmanager_secret.db.arn
      API_TOKEN              = var.api_token
      LOG_LEVEL              = "info"
    }
  }
}

# ok: tf-aws-lambda-env-secret, tf-aws-lambda-env-unencrypted-cmk
resource "aws_lambda_function" "plain" {
  function_name = "plain"
  role          = aws_iam_role.lambda.arn
  handler       = "app.handler"
  runtime       = "python3.12"
}

# ruleid: tf-aws-ecr-mutable-tags, tf-aws-ecr-no-scan-on-push
resource "aws_ecr_repository" "app" {
  name = "app"
}

# ok: tf-aws-ecr-mutable-tags, tf-aws-ecr-no-scan-on-push
resource "aws_ecr_repository" "hardened" {
  name                 = "hardened"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}
