resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = var.vpc_id

  # ruleid: tf-aws-sg-admin-port-public
  ingress {
    description = "SSH from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  # ok: tf-aws-sg-admin-port-public
  ingress {
    description = "SSH from the office"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["203.0.113.0/24"]
  }

  # ok: tf-aws-sg-admin-port-public
  ingress {
    description = "HTTPS from anywhere"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  # ruleid: tf-aws-sg-admin-port-public
  ingress {
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
    to_port          = 3389
    from_port        = 3389
  }

  # a range that contains SSH
  # ruleid: tf-aws-sg-admin-port-public
  ingress {
    from_port   = 20
    to_port     = 1024
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
  }

  # ok: tf-aws-sg-admin-port-public
  ingress {
    from_port   = var.ssh_port
    to_port     = var.ssh_port
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = var.vpc_id

  # ruleid: tf-aws-sg-db-port-public
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  # ok: tf-aws-sg-db-port-public
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }

  # ok: tf-aws-sg-db-port-public
  ingress {
    from_port   = 3306
    to_port     = 3306
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }

  # ok: tf-aws-sg-all-ports-public
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

# ruleid: tf-aws-sg-db-port-public
resource "aws_security_group_rule" "redis_public" {
  type              = "ingress"
  from_port         = 6379
  to_port           = 6379
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.db.id
}

# ruleid: tf-aws-sg-admin-port-public
resource "aws_security_group_rule" "ssh_public" {
  security_group_id = aws_security_group.bastion.id
  cidr_blocks       = ["0.0.0.0/0"]
  protocol          = "6"
  to_port           = 22
  from_port         = 22
  type              = "ingress"
}

# ok: tf-aws-sg-db-port-public
resource "aws_security_group_rule" "db_egress" {
  type              = "egress"
  from_port         = 5432
  to_port           = 5432
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.app.id
}

# ruleid: tf-aws-sg-db-port-public
resource "aws_vpc_security_group_ingress_rule" "mysql_public" {
  security_group_id = aws_security_group.db.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 3306
  to_port           = 3306
  ip_protocol       = "tcp"
}

# ok: tf-aws-sg-db-port-public
resource "aws_vpc_security_group_ingress_rule" "mysql_app" {
  security_group_id            = aws_security_group.db.id
  referenced_security_group_id = aws_security_group.app.id
  from_port                    = 3306
  to_port                      = 3306
  ip_protocol                  = "tcp"
}

# ruleid: tf-aws-sg-all-ports-public
resource "aws_vpc_security_group_ingress_rule" "everything" {
  security_group_id = aws_security_group.app.id
  cidr_ipv6         = "::/0"
  ip_protocol       = "-1"
}

# ok: tf-aws-sg-all-ports-public
resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.app.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_security_group" "wide_open" {
  name = "wide-open"

  # ruleid: tf-aws-sg-all-ports-public
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  # ruleid: tf-aws-sg-all-ports-public
  ingress {
    from_port   = 0
    to_port     = 65535
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  # ok: tf-aws-sg-all-ports-public
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
