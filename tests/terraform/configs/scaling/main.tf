# scaling: a classic ELB by zones with two listeners, connection draining
# and its other settings, a launch configuration with the arguments the
# reference system's leaves out, and a group with its scaling settings.
# Left out because moto 5.2.1 does not keep them, so that Terraform itself
# plans a change after its own apply: the ELB's connection_draining_timeout
# and desync_mitigation_mode, the launch configuration's placement_tenancy,
# the group's max_instance_lifetime.

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
  force_delete              = true

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
