# With account-wide EBS encryption the root volume is encrypted whatever the instance says.
resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

# ok: tf-aws-instance-root-volume-unencrypted
resource "aws_instance" "defaults" {
  ami           = var.ami
  instance_type = "t3.micro"

  metadata_options {
    http_tokens = "required"
  }
}
