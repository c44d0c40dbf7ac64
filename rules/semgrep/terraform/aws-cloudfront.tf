# ruleid: tf-aws-cloudfront-no-waf
resource "aws_cloudfront_distribution" "legacy" {
  enabled = true

  origin {
    domain_name = "origin.example.com"
    origin_id   = "app"
    custom_origin_config {
      http_port  = 80
      https_port = 443
      # ruleid: tf-aws-cloudfront-origin-plain-http
      origin_protocol_policy = "http-only"
      # ruleid: tf-aws-cloudfront-origin-plain-http
      origin_ssl_protocols = ["TLSv1", "TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id = "app"
    allowed_methods  = ["GET", "HEAD"]
    cached_methods   = ["GET", "HEAD"]
    # ruleid: tf-aws-cloudfront-plain-http
    viewer_protocol_policy = "allow-all"
  }

  ordered_cache_behavior {
    path_pattern     = "/api/*"
    target_origin_id = "app"
    allowed_methods  = ["GET", "HEAD"]
    cached_methods   = ["GET", "HEAD"]
    # ok: tf-aws-cloudfront-plain-http
    viewer_protocol_policy = "redirect-to-https"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    # ruleid: tf-aws-cloudfront-weak-tls
    cloudfront_default_certificate = true
  }
}

# ok: tf-aws-cloudfront-no-waf
resource "aws_cloudfront_distribution" "site" {
  enabled    = true
  web_acl_id = aws_wafv2_web_acl.edge.arn

  origin {
    domain_name = aws_lb.public.dns_name
    origin_id   = "alb"
    custom_origin_config {
      http_port  = 80
      https_port = 443
      # ok: tf-aws-cloudfront-origin-plain-http
      origin_protocol_policy = "https-only"
      # ok: tf-aws-cloudfront-origin-plain-http
      origin_ssl_protocols = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id = "alb"
    allowed_methods  = ["GET", "HEAD"]
    cached_methods   = ["GET", "HEAD"]
    # ok: tf-aws-cloudfront-plain-http
    viewer_protocol_policy = "https-only"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn = aws_acm_certificate.site.arn
    ssl_support_method  = "sni-only"
    # ok: tf-aws-cloudfront-weak-tls
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

# ok: tf-aws-cloudfront-no-waf
resource "aws_cloudfront_distribution" "old_tls" {
  enabled    = true
  web_acl_id = var.web_acl_arn

  origin {
    domain_name = "origin.example.com"
    origin_id   = "app"
    custom_origin_config {
      http_port  = 80
      https_port = 443
      # ok: tf-aws-cloudfront-origin-plain-http
      origin_protocol_policy = "match-viewer"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id = "app"
    allowed_methods  = ["GET", "HEAD"]
    cached_methods   = ["GET", "HEAD"]
    # ruleid: tf-aws-cloudfront-plain-http
    viewer_protocol_policy = "allow-all"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn = aws_acm_certificate.site.arn
    ssl_support_method  = "sni-only"
    # ruleid: tf-aws-cloudfront-weak-tls
    minimum_protocol_version = "TLSv1_2016"
  }
}

resource "aws_cloudfront_distribution" "other" {
  enabled    = true
  web_acl_id = var.web_acl_arn
  viewer_certificate {
    acm_certificate_arn = aws_acm_certificate.site.arn
    # ruleid: tf-aws-cloudfront-weak-tls
    minimum_protocol_version = "TLSv1.1_2016"
  }
  origin {
    domain_name = aws_s3_bucket.site.bucket_regional_domain_name
    origin_id   = "s3"
    # ok: tf-aws-cloudfront-origin-plain-http
    origin_access_control_id = aws_cloudfront_origin_access_control.site.id
  }
}

resource "aws_cloudfront_distribution" "media" {
  enabled    = true
  web_acl_id = aws_wafv2_web_acl.edge.arn

  origin {
    domain_name = "media.example.com"
    origin_id   = "media"
    custom_origin_config {
      http_port  = 80
      https_port = 443
      # ok: tf-aws-cloudfront-origin-plain-http
      origin_protocol_policy = "https-only"
      # ruleid: tf-aws-cloudfront-origin-plain-http
      origin_ssl_protocols = ["SSLv3", "TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id = "media"
    allowed_methods  = ["GET", "HEAD"]
    cached_methods   = ["GET", "HEAD"]
    # ok: tf-aws-cloudfront-plain-http
    viewer_protocol_policy = "redirect-to-https"
  }

  ordered_cache_behavior {
    path_pattern     = "/public/*"
    target_origin_id = "media"
    allowed_methods  = ["GET", "HEAD"]
    cached_methods   = ["GET", "HEAD"]
    # ruleid: tf-aws-cloudfront-plain-http
    viewer_protocol_policy = "allow-all"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn = aws_acm_certificate.media.arn
    ssl_support_method  = "sni-only"
    # ok: tf-aws-cloudfront-weak-tls
    minimum_protocol_version = "TLSv1.2_2019"
  }
}

# ruleid: tf-aws-cloudfront-no-waf
resource "aws_cloudfront_distribution" "docs" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn = aws_acm_certificate.docs.arn
    # ok: tf-aws-cloudfront-weak-tls
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

# ruleid: tf-aws-cloudfront-no-waf
resource "aws_cloudfront_distribution" "downloads" {
  enabled = true
  viewer_certificate {
    acm_certificate_arn = aws_acm_certificate.downloads.arn
    # ok: tf-aws-cloudfront-weak-tls
    minimum_protocol_version = "TLSv1.2_2018"
  }
}

# ok: tf-aws-cloudfront-plain-http
resource "aws_cloudfront_cache_policy" "default" {
  name = "default"
  parameters_in_cache_key_and_forwarded_to_origin {
    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

# ok: tf-aws-cloudfront-no-waf
resource "aws_cloudfront_distribution" "checkout" {
  enabled    = true
  web_acl_id = module.waf.web_acl_arn
  viewer_certificate {
    acm_certificate_arn = aws_acm_certificate.checkout.arn
    # ok: tf-aws-cloudfront-weak-tls
    minimum_protocol_version = "TLSv1.2_2021"
  }
}
