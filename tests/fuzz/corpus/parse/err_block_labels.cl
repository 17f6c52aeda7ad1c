resource "aws_vpc" "main" x
