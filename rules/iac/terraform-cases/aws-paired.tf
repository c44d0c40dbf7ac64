# ruleid: tf-aws-vpc-no-flow-logs
resource "aws_vpc" "unlogged" {
  cidr_block = "10.1.0.0/16"
}

# ok: tf-aws-vpc-no-flow-logs
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow.arn
}
