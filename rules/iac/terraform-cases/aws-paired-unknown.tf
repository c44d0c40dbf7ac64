# A flow log for a VPC named through a variable may be this one: no finding on a guess.
# ok: tf-aws-vpc-no-flow-logs
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "any" {
  vpc_id       = var.vpc_id
  traffic_type = "ALL"
}
