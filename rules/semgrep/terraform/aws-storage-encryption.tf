# ruleid: tf-aws-ebs-unencrypted
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
}

# ok: tf-aws-ebs-unencrypted
resource "aws_ebs_volume" "encrypted" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
  kms_key_id        = aws_kms_key.ebs.arn
}

# ruleid: tf-aws-ebs-unencrypted
resource "aws_ebs_volume" "opted_out" {
  availability_zone = "eu-west-1a"
  size              = 20
  encrypted         = false
}

# ok: tf-aws-ebs-unencrypted
resource "aws_ebs_volume" "restored" {
  availability_zone = "eu-west-1a"
  snapshot_id       = var.snapshot_id
}

resource "aws_instance" "worker" {
  ami           = var.ami
  instance_type = "t3.small"
  root_block_device {
    # ruleid: tf-aws-ebs-unencrypted
    encrypted = false
  }
  ebs_block_device {
    device_name = "/dev/sdf"
    # ok: tf-aws-ebs-unencrypted
    encrypted = true
  }
}

resource "aws_launch_template" "workers" {
  name_prefix = "workers"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 30
      # ruleid: tf-aws-ebs-unencrypted
      encrypted = false
    }
  }
}

# ruleid: tf-aws-efs-unencrypted
resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
}

# ok: tf-aws-efs-unencrypted
resource "aws_efs_file_system" "encrypted" {
  creation_token = "encrypted"
  encrypted      = true
  kms_key_id     = aws_kms_key.efs.arn
}

# ruleid: tf-aws-efs-unencrypted
resource "aws_efs_file_system" "opted_out" {
  creation_token = "opted-out"
  encrypted      = false
}

# ok: tf-aws-efs-unencrypted
resource "aws_efs_access_point" "app" {
  file_system_id = aws_efs_file_system.encrypted.id
}

# ruleid: tf-aws-efs-unencrypted
resource "aws_efs_file_system" "scratch" {
  creation_token   = "scratch"
  performance_mode = "generalPurpose"
}

# ok: tf-aws-efs-unencrypted
resource "aws_efs_file_system" "shared_kms" {
  creation_token = "shared-kms"
  encrypted      = true
}
