resource "aws_iam_policy" "ops" {
  name = "ops"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # ruleid: tf-aws-iam-wildcard-admin
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      },
      # ok: tf-aws-iam-wildcard-admin
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = "*"
      },
      # ruleid: tf-aws-iam-wildcard-admin
      {
        Resource = ["*"]
        Action   = ["ec2:Describe*", "*"]
        Effect   = "Allow"
      },
      # ok: tf-aws-iam-wildcard-admin
      {
        Effect    = "Deny"
        Action    = "*"
        Resource  = "*"
        Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } }
      },
      # ok: tf-aws-iam-wildcard-admin
      {
        Effect   = "Allow"
        Action   = "s3:*"
        Resource = [aws_s3_bucket.reports.arn, "${aws_s3_bucket.reports.arn}/*"]
      },
    ]
  })
}

resource "aws_iam_role_policy" "legacy" {
  role   = aws_iam_role.legacy.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    # ruleid: tf-aws-iam-wildcard-admin
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    },
    # ok: tf-aws-iam-wildcard-admin
    {
      "Effect": "Allow",
      "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
      "Resource": "*"
    },
    # ok: tf-aws-iam-wildcard-admin
    {
      "Effect": "Deny",
      "Action": "*",
      "Resource": "*",
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "ci" {
  # ruleid: tf-aws-iam-wildcard-admin
  statement {
    actions   = ["*"]
    resources = ["*"]
  }

  # ok: tf-aws-iam-wildcard-admin
  statement {
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  # ok: tf-aws-iam-wildcard-admin
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1"]
    }
  }
}

resource "aws_iam_role_policy_attachment" "ci_admin" {
  role = aws_iam_role.ci.name
  # ruleid: tf-aws-iam-admin-policy-attached
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy_attachment" "ci_readonly" {
  role = aws_iam_role.ci.name
  # ok: tf-aws-iam-admin-policy-attached
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role" "breakglass" {
  name               = "breakglass"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  # ruleid: tf-aws-iam-admin-policy-attached
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_user_policy_attachment" "auditor" {
  user = aws_iam_user.auditor.name
  # ok: tf-aws-iam-admin-policy-attached
  policy_arn = "arn:aws:iam::aws:policy/SecurityAudit"
}

resource "aws_iam_group_policy_attachment" "admins" {
  group = aws_iam_group.admins.name
  # ruleid: tf-aws-iam-admin-policy-attached
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_policy_attachment" "legacy_admins" {
  name  = "legacy-admins"
  users = [aws_iam_user.ops.name]
  # ok: tf-aws-iam-admin-policy-attached
  policy_arn = aws_iam_policy.ops.arn
}

resource "aws_iam_role" "readonly" {
  name               = "readonly"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  # ok: tf-aws-iam-admin-policy-attached
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
}

resource "aws_iam_policy" "services" {
  name = "services"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # ruleid: tf-aws-iam-service-wildcard
      {
        Effect   = "Allow"
        Action   = "ec2:*"
        Resource = "*"
      },
      # ruleid: tf-aws-iam-service-wildcard
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "iam:*"]
        Resource = ["*"]
      },
      # ok: tf-aws-iam-service-wildcard
      {
        Effect   = "Allow"
        Action   = "s3:*"
        Resource = [aws_s3_bucket.reports.arn, "${aws_s3_bucket.reports.arn}/*"]
      },
      # ok: tf-aws-iam-service-wildcard
      {
        Effect   = "Allow"
        Action   = ["ec2:Describe*"]
        Resource = "*"
      },
      # ok: tf-aws-iam-service-wildcard
      {
        Effect   = "Deny"
        Action   = "iam:*"
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role_policy" "heredoc_services" {
  role   = aws_iam_role.legacy.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    # ruleid: tf-aws-iam-service-wildcard
    {
      "Effect": "Allow",
      "Action": ["kms:*"],
      "Resource": "*"
    },
    # ok: tf-aws-iam-service-wildcard
    {
      "Effect": "Allow",
      "Action": "dynamodb:*",
      "Resource": "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "services" {
  # ruleid: tf-aws-iam-service-wildcard
  statement {
    actions   = ["sts:*"]
    resources = ["*"]
  }

  # ok: tf-aws-iam-service-wildcard
  statement {
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.jobs.arn]
  }
}
