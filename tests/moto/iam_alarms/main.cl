# The configuration of test_moto_iam_alarms.py: one of each IAM,
# CloudWatch and scaling type of issue 18 around a small group, against
# moto.  var.threshold and var.team change in place; var.reformat spells
# the inline policy another way that says the same.  The scaling policies
# say enabled = false: moto 5.2.1 does not keep Enabled (it never returns
# it), which the provider reads as false, so true would be a change on
# every plan, Terraform's own too; AWS returns it.

provider "aws" {
  region = "us-east-1"
}

variable "policy_arn" {
  type = string
}

variable "threshold" {
  type    = number
  default = 70
}

variable "team" {
  type    = string
  default = "web"
}

variable "reformat" {
  type    = bool
  default = false
}

resource "aws_iam_role" "web" {
  name        = "web-role"
  description = "web servers (${var.team})"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
  tags = {
    Team = var.team
  }
}

locals {
  logs_spelled_otherwise = <<-EOT
    {
      "Statement": {
        "Resource": "*",
        "Action": "logs:PutLogEvents",
        "Effect": "Allow"
      },
      "Version": "2012-10-17"
    }
  EOT
}

resource "aws_iam_role_policy" "logs" {
  name = "logs"
  role = aws_iam_role.web.id
  policy = var.reformat ? local.logs_spelled_otherwise : jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["logs:PutLogEvents"], Resource = ["*"] }]
  })
}

resource "aws_iam_role_policy_attachment" "read" {
  role       = aws_iam_role.web.name
  policy_arn = var.policy_arn
}

resource "aws_iam_instance_profile" "web" {
  name_prefix = "web-"
  role        = aws_iam_role.web.name
  tags = {
    Team = var.team
  }
}

resource "aws_launch_configuration" "web" {
  name_prefix          = "web-"
  image_id             = "ami-0moto000000000001"
  instance_type        = "t2.micro"
  iam_instance_profile = aws_iam_instance_profile.web.name
}

resource "aws_autoscaling_group" "web" {
  name                 = "web"
  launch_configuration = aws_launch_configuration.web.name
  availability_zones   = ["us-east-1a"]
  min_size             = 0
  max_size             = 2
  desired_capacity     = 0
}

resource "aws_autoscaling_policy" "up" {
  enabled                = false
  name                   = "up"
  autoscaling_group_name = aws_autoscaling_group.web.name
  adjustment_type        = "ChangeInCapacity"
  scaling_adjustment     = 1
  cooldown               = 300
}

resource "aws_autoscaling_policy" "steps" {
  enabled                = false
  name                   = "steps"
  autoscaling_group_name = aws_autoscaling_group.web.name
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
  enabled                = false
  name                      = "track"
  autoscaling_group_name    = aws_autoscaling_group.web.name
  policy_type               = "TargetTrackingScaling"
  estimated_instance_warmup = 120
  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
    target_value = 50
  }
}

resource "aws_autoscaling_schedule" "night" {
  scheduled_action_name  = "night"
  autoscaling_group_name = aws_autoscaling_group.web.name
  recurrence             = "0 22 * * *"
  min_size               = 0
  max_size               = 1
  desired_capacity       = 0
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "web-cpu-high"
  alarm_description   = "CPU above ${var.threshold}%"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 2
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 120
  statistic           = "Average"
  threshold           = var.threshold
  dimensions = {
    AutoScalingGroupName = aws_autoscaling_group.web.name
  }
  alarm_actions = [aws_autoscaling_policy.up.arn]
  tags = {
    Team = var.team
  }
}
