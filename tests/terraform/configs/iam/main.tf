# iam: issue 18's IAM, CloudWatch and schedule types, each way between
# Terraform and clicamosc: a role with a trust policy written one way and
# an inline policy written another (heredoc), an instance profile, a group
# with a schedule, and an alarm on the group's CPU.  (Scaling policies:
# configs/scaling_policies.)  No aws_iam_role_policy_attachment:
# moto 5.2.1 holds no AWS managed policies unless told to load them, and
# aws_iam_policy (to make one) is not a clicamosc type (the moto suite
# attaches one made with botocore).

resource "aws_iam_role" "app" {
  name                 = "interop-iam-app"
  description          = "the app's instances"
  max_session_duration = 7200
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
  tags = {
    Team = "app"
  }
}

resource "aws_iam_role_policy" "logs" {
  name   = "logs"
  role   = aws_iam_role.app.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
          "Resource": "*"
        }
      ]
    }
  EOT
}

resource "aws_iam_instance_profile" "app" {
  name = "interop-iam-app"
  role = aws_iam_role.app.name
}

resource "aws_launch_configuration" "app" {
  name                 = "interop-iam-app"
  image_id             = "ami-1e749f67"
  instance_type        = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.app.name
}

resource "aws_autoscaling_group" "app" {
  name                 = "interop-iam-app"
  launch_configuration = aws_launch_configuration.app.name
  availability_zones   = ["us-east-1a"]
  min_size             = 0
  max_size             = 3
  desired_capacity     = 0
}

resource "aws_autoscaling_schedule" "night" {
  scheduled_action_name  = "interop-iam-night"
  autoscaling_group_name = aws_autoscaling_group.app.name
  recurrence             = "0 22 * * *"
  min_size               = 0
  max_size               = 1
  desired_capacity       = 0
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "interop-iam-cpu"
  alarm_description   = "CPU above 70%"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 2
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 120
  statistic           = "Average"
  threshold           = 70
  dimensions = {
    AutoScalingGroupName = aws_autoscaling_group.app.name
  }
  alarm_actions = ["arn:aws:sns:us-east-1:123456789012:interop-ops"]
  tags = {
    Team = "app"
  }
}
