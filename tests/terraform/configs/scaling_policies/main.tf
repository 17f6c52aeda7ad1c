# scaling_policies: aws_autoscaling_policy, simple, step and target
# tracking, made by Terraform and planned by clicamosc.  One way only (the
# file one_way says why): moto 5.2.1 answers DescribePolicies with an empty
# PredictiveScalingConfiguration, which the provider reads as a block the
# configuration does not have, so Terraform plans its removal on any
# state, its own too.  enabled = false: moto does not keep Enabled (it
# never returns it), which the provider reads as false.  AWS returns both
# as they were put.

resource "aws_launch_configuration" "pol" {
  name          = "interop-pol"
  image_id      = "ami-1e749f67"
  instance_type = "t3.micro"
}

resource "aws_autoscaling_group" "pol" {
  name                 = "interop-pol"
  launch_configuration = aws_launch_configuration.pol.name
  availability_zones   = ["us-east-1a"]
  min_size             = 0
  max_size             = 3
  desired_capacity     = 0
}

resource "aws_autoscaling_policy" "up" {
  enabled                = false
  name                   = "interop-pol-up"
  autoscaling_group_name = aws_autoscaling_group.pol.name
  adjustment_type        = "ChangeInCapacity"
  scaling_adjustment     = 1
  cooldown               = 300
}

resource "aws_autoscaling_policy" "steps" {
  enabled                = false
  name                   = "interop-pol-steps"
  autoscaling_group_name = aws_autoscaling_group.pol.name
  policy_type            = "StepScaling"
  adjustment_type        = "ChangeInCapacity"
  step_adjustment {
    metric_interval_lower_bound = 0
    metric_interval_upper_bound = 20
    scaling_adjustment          = 1
  }
  step_adjustment {
    metric_interval_lower_bound = 20
    scaling_adjustment          = 2
  }
}

resource "aws_autoscaling_policy" "track" {
  enabled                   = false
  name                      = "interop-pol-track"
  autoscaling_group_name    = aws_autoscaling_group.pol.name
  policy_type               = "TargetTrackingScaling"
  estimated_instance_warmup = 120
  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
    target_value = 50
  }
}
