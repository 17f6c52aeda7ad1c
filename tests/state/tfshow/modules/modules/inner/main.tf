variable "vpc_id" {
  type = string
}
resource "aws_security_group" "x" {
  name   = "inner"
  vpc_id = var.vpc_id
}
