resource "aws_iam_role" "ec2" {
  name               = "ec2-4"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "logs" {
  name = "logs-4"
  role = aws_iam_role.ec2.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:aws:logs:*:*:log-group:/app/4/*"
      },
    ]
  })
}

resource "aws_iam_instance_profile" "ec2" {
  name = "ec2-4"
  role = aws_iam_role.ec2.name
}
