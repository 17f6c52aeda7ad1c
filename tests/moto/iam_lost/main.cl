# test_moto_iam_alarms.py: creates whose answers are lost (lostproxy.py):
# a role named from a prefix, an instance profile of a fixed name and an
# alarm, each made once whatever the network did.

provider "aws" {
  region = "us-east-1"
}

resource "aws_iam_role" "lost" {
  name_prefix = "lost-"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_instance_profile" "lost" {
  name = "lost-profile"
  role = aws_iam_role.lost.name
}

resource "aws_cloudwatch_metric_alarm" "lost" {
  alarm_name          = "lost-alarm"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 60
  statistic           = "Average"
  threshold           = 90
}
