# The ELBv2 types against moto (tests/moto/test_moto_alb.py): an
# Application Load Balancer with a target group, a listener, two rules and
# an instance registered, and a Network Load Balancer forwarding by weight.
variable "ami" {}
variable "idle" { default = 60 }
variable "health_path" { default = "/health" }
variable "team" { default = "web" }

provider "aws" {
  region = "us-east-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.20.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.20.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "lb" {
  name   = "alb-web"
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  security_groups    = [aws_security_group.lb.id]
  subnets            = [aws_subnet.a.id, aws_subnet.b.id]
  idle_timeout       = var.idle
  tags = {
    Team = var.team
  }
  depends_on = [aws_internet_gateway.gw]
}

resource "aws_lb_target_group" "web" {
  name                 = "web"
  port                 = 80
  protocol             = "HTTP"
  vpc_id               = aws_vpc.main.id
  deregistration_delay = "30"
  health_check {
    path    = var.health_path
    matcher = "200"
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "http"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_lb_listener_rule" "api" {
  listener_arn = aws_lb_listener.http.arn
  priority     = 10
  action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "ok"
      status_code  = "200"
    }
  }
  condition {
    path_pattern {
      values = ["/api/*"]
    }
  }
}

# No priority: it comes after the others, as the provider places it.
resource "aws_lb_listener_rule" "old" {
  listener_arn = aws_lb_listener.http.arn
  action {
    type = "redirect"
    redirect {
      path        = "/new"
      status_code = "HTTP_301"
    }
  }
  condition {
    host_header {
      values = ["old.example.com"]
    }
  }
  depends_on = [aws_lb_listener_rule.api]
}

resource "aws_instance" "web" {
  ami           = var.ami
  instance_type = "t3.micro"
  subnet_id     = aws_subnet.a.id
}

resource "aws_lb_target_group_attachment" "web" {
  target_group_arn = aws_lb_target_group.web.arn
  target_id        = aws_instance.web.id
  port             = 80
}

resource "aws_lb" "net" {
  name_prefix        = "net-"
  load_balancer_type = "network"
  internal           = true
  subnets            = [aws_subnet.a.id, aws_subnet.b.id]
}

resource "aws_lb_target_group" "tcp" {
  name_prefix = "tcp-"
  port        = 5432
  protocol    = "TCP"
  vpc_id      = aws_vpc.main.id
}

resource "aws_lb_listener" "tcp" {
  load_balancer_arn = aws_lb.net.arn
  port              = 5432
  protocol          = "TCP"
  default_action {
    type = "forward"
    forward {
      target_group {
        arn    = aws_lb_target_group.tcp.arn
        weight = 10
      }
    }
  }
}

output "dns_name" {
  value = aws_lb.web.dns_name
}
