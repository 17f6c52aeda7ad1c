resource "aws_security_group" "elb" {
  name        = "dev-elb"
  description = "HTTP from anywhere"
  vpc_id      = var.vpc_id

  ingress {
    from_port   = 80
    to_port     = 80
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

resource "aws_elb" "web" {
  name                      = "dev-web-elb"
  subnets                   = var.public_subnet_ids
  security_groups           = [aws_security_group.elb.id]
  cross_zone_load_balancing = true
  idle_timeout              = 60
  connection_draining       = true

  listener {
    instance_port     = 80
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }

  health_check {
    healthy_threshold   = 3
    unhealthy_threshold = 2
    timeout             = 10
    target              = "HTTP:80/"
    interval            = 30
  }

  tags = {
    Name = "dev-web"
  }
}

output "elb_dns_name" {
  value       = aws_elb.web.dns_name
  description = "Where to point the DNS record."
}
