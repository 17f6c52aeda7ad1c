# test_moto_iam_alarms.py: a role made by a provider in another region.
# IAM is global: the request is signed for us-east-1 whatever the region.

provider "aws" {
  region = "eu-west-1"
}

resource "aws_iam_role" "global" {
  name = "global-role"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}
