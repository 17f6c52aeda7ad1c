resource "aws_security_group" "web" {
  ingress {
    from_port = 80
    to_port   = 80
  }
  egress {
    cidr_blocks = ["0.0.0.0/0"]
  }
  lifecycle {
    create_before_destroy = true
  }
}
