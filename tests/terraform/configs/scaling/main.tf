# scaling: a classic ELB by zones with two listeners, connection draining
# and its other settings, another with an HTTPS listener, access logs and
# an instance of its own, a launch configuration with the arguments the
# reference system's leaves out, and a group with its scaling settings, a
# target group and a placement group.  What no type of ours makes (the
# log bucket, the server certificate, the target group, the service-linked
# role) is made before the apply by prerequisites.py.
# Left out because moto 5.2.1 does not keep them, so that Terraform itself
# plans a change after its own apply: the ELB's connection_draining_timeout
# and desync_mitigation_mode, the launch configuration's placement_tenancy,
# the group's max_instance_lifetime.

variable "certificate" {}

variable "target_group" {}

variable "service_linked_role" {}

variable "account" {}

resource "aws_elb" "api" {
  name                      = "interop-api"
  availability_zones        = ["us-east-1a", "us-east-1b"]
  internal                  = false
  cross_zone_load_balancing = false
  idle_timeout              = 120
  connection_draining       = true

  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }

  listener {
    instance_port     = 8443
    instance_protocol = "tcp"
    lb_port           = 443
    lb_protocol       = "tcp"
  }

  health_check {
    healthy_threshold   = 2
    unhealthy_threshold = 5
    timeout             = 5
    target              = "TCP:8080"
    interval            = 15
  }

  tags = {
    Name = "interop-api"
  }
}

resource "aws_launch_configuration" "api" {
  name                        = "interop-api"
  image_id                    = "ami-1e749f67"
  instance_type               = "t3.micro"
  associate_public_ip_address = false
  enable_monitoring           = false
  ebs_optimized               = true
  spot_price                  = "0.05"
  user_data_base64            = base64encode("#!/bin/sh\necho api\n")
}

resource "aws_autoscaling_group" "api" {
  name_prefix               = "interop-api-"
  launch_configuration      = aws_launch_configuration.api.name
  availability_zones        = ["us-east-1a", "us-east-1b"]
  load_balancers            = [aws_elb.api.name]
  min_size                  = 0
  max_size                  = 3
  desired_capacity          = 1
  default_cooldown          = 120
  health_check_type         = "EC2"
  health_check_grace_period = 60
  termination_policies      = ["OldestInstance", "Default"]
  suspended_processes       = ["AZRebalance"]
  enabled_metrics           = ["GroupMinSize", "GroupMaxSize"]
  metrics_granularity       = "1Minute"
  protect_from_scale_in     = false
  wait_for_capacity_timeout = "0"
  min_elb_capacity          = 0
  force_delete              = true
  target_group_arns         = [var.target_group]
  service_linked_role_arn   = var.service_linked_role
  placement_group           = "interop-api"

  tag {
    key                 = "Name"
    value               = "interop-api"
    propagate_at_launch = true
  }

  tag {
    key                 = "Team"
    value               = "interop"
    propagate_at_launch = false
  }
}

# In a zone where network makes no subnet (see compute's worker).
resource "aws_instance" "member" {
  ami               = "ami-1e749f67"
  instance_type     = "t3.micro"
  availability_zone = "us-east-1e"
}

# In the default VPC with its default group, which AWS (and moto) name as
# the source security group: "OWNER/NAME".  HTTPS on both sides: moto
# 5.2.1 keeps one protocol per listener and reports it for the instance side
# too.
resource "aws_elb" "secure" {
  name_prefix           = "sec-"
  availability_zones    = ["us-east-1e"]
  instances             = [aws_instance.member.id]
  source_security_group = "${var.account}/default"

  listener {
    instance_port      = 8443
    instance_protocol  = "https"
    lb_port            = 443
    lb_protocol        = "https"
    ssl_certificate_id = var.certificate
  }

  # moto 5.2.1 gives a load balancer made without one no health check
  # (the provider then crashes reading it); AWS gives it a default one.
  health_check {
    healthy_threshold   = 10
    unhealthy_threshold = 2
    timeout             = 5
    target              = "TCP:8443"
    interval            = 30
  }

  access_logs {
    bucket        = "interop-elb-logs"
    bucket_prefix = "secure"
    interval      = 5
    enabled       = true
  }
}
