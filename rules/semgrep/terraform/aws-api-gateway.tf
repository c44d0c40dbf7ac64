resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = aws_acm_certificate.api.arn
  # ruleid: tf-aws-apigateway-weak-tls
  security_policy = "TLS_1_0"
}

resource "aws_api_gateway_domain_name" "api_v2" {
  domain_name              = "api2.example.com"
  regional_certificate_arn = aws_acm_certificate.api.arn
  # ok: tf-aws-apigateway-weak-tls
  security_policy = "TLS_1_2"
}

resource "aws_apigatewayv2_domain_name" "http_api" {
  domain_name = "http.example.com"
  domain_name_configuration {
    certificate_arn = aws_acm_certificate.api.arn
    endpoint_type   = "REGIONAL"
    # ruleid: tf-aws-apigateway-weak-tls
    security_policy = "TLS_1_0"
  }
}

resource "aws_apigatewayv2_domain_name" "http_api_ok" {
  domain_name = "http2.example.com"
  domain_name_configuration {
    certificate_arn = aws_acm_certificate.api.arn
    endpoint_type   = "REGIONAL"
    # ok: tf-aws-apigateway-weak-tls
    security_policy = "TLS_1_2"
  }
}

resource "aws_opensearch_domain" "search" {
  domain_name = "search"
  domain_endpoint_options {
    # ok: tf-aws-apigateway-weak-tls
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}

resource "aws_api_gateway_domain_name" "legacy_edge" {
  domain_name     = "legacy.example.com"
  certificate_arn = aws_acm_certificate.edge.arn
  endpoint_configuration {
    types = ["EDGE"]
  }
  # ruleid: tf-aws-apigateway-weak-tls
  security_policy = "TLS_1_0"
}
