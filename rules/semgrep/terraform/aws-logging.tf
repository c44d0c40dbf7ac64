resource "aws_cloudwatch_log_group" "app" {
  name = "/payments/app"
  # ruleid: tf-aws-log-retention-short
  retention_in_days = 30
}

resource "aws_cloudwatch_log_group" "audit" {
  name = "/payments/audit"
  # ok: tf-aws-log-retention-short
  retention_in_days = 400
}

resource "aws_cloudwatch_log_group" "forever" {
  name = "/payments/forever"
  # ok: tf-aws-log-retention-short
  retention_in_days = 0
}

resource "aws_cloudwatch_log_group" "quoted" {
  name = "/payments/quoted"
  # ruleid: tf-aws-log-retention-short
  retention_in_days = "90"
}

resource "aws_cloudwatch_log_group" "variable" {
  name = "/payments/variable"
  # ok: tf-aws-log-retention-short
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "one_year" {
  name = "/payments/one-year"
  # ok: tf-aws-log-retention-short
  retention_in_days = 365
}

resource "aws_cloudwatch_log_group" "vpc_flow" {
  name = "/payments/vpc-flow"
  # ruleid: tf-aws-log-retention-short
  retention_in_days = 180
}
