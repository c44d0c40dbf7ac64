# ruleid: tf-aws-lb-plain-http-listener
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.public.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

# ok: tf-aws-lb-plain-http-listener
resource "aws_lb_listener" "http_redirect" {
  load_balancer_arn = aws_lb.public.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

# ruleid: tf-aws-lb-plain-http-listener
resource "aws_alb_listener" "legacy_http" {
  load_balancer_arn = aws_alb.legacy.arn
  port              = 8080
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = aws_alb_target_group.legacy.arn
  }
}

# ok: tf-aws-lb-plain-http-listener
# ok: tf-aws-lb-weak-tls-policy
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = aws_acm_certificate.site.arn
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

resource "aws_lb_listener" "https_legacy" {
  load_balancer_arn = aws_lb.public.arn
  port              = 8443
  protocol          = "HTTPS"
  certificate_arn   = aws_acm_certificate.site.arn
  # ruleid: tf-aws-lb-weak-tls-policy
  ssl_policy = "ELBSecurityPolicy-2016-08"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

resource "aws_lb_listener" "tls_nlb" {
  load_balancer_arn = aws_lb.nlb.arn
  port              = 443
  protocol          = "TLS"
  certificate_arn   = aws_acm_certificate.site.arn
  # ruleid: tf-aws-lb-weak-tls-policy
  ssl_policy = "ELBSecurityPolicy-TLS-1-1-2017-01"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.nlb.arn
  }
}

resource "aws_lb_listener" "fs" {
  load_balancer_arn = aws_lb.public.arn
  port              = 9443
  protocol          = "HTTPS"
  certificate_arn   = aws_acm_certificate.site.arn
  # ok: tf-aws-lb-weak-tls-policy
  ssl_policy = "ELBSecurityPolicy-FS-1-2-Res-2020-10"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

# ruleid: tf-aws-lb-weak-tls-policy
resource "aws_lb_listener" "https_default_policy" {
  load_balancer_arn = aws_lb.public.arn
  port              = 10443
  protocol          = "HTTPS"
  certificate_arn   = aws_acm_certificate.site.arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

# ok: tf-aws-lb-weak-tls-policy
resource "aws_lb_listener" "tcp" {
  load_balancer_arn = aws_lb.nlb.arn
  port              = 5432
  protocol          = "TCP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.db.arn
  }
}

resource "aws_elb" "classic" {
  name = "classic"
  # ruleid: tf-aws-lb-plain-http-listener
  listener {
    instance_port     = 8000
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
  # ok: tf-aws-lb-plain-http-listener
  listener {
    instance_port      = 8000
    instance_protocol  = "http"
    lb_port            = 443
    lb_protocol        = "https"
    ssl_certificate_id = aws_iam_server_certificate.classic.arn
  }
}
