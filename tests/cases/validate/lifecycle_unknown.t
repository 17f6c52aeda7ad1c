# Lifecycle arguments must be known before any resource exists.
args: validate
exit: 1
--- main.cl
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"

  lifecycle {
    create_before_destroy = aws_vpc.main.id != ""
  }
}
--- stderr
main.cl:10:29: error: the create_before_destroy value depends on values known only after apply
 10 |     create_before_destroy = aws_vpc.main.id != ""
    |                             ^~~~~~~~~~~~~~~~~~~~~
  hint: create_before_destroy must be known when planning: use variables and locals, not resource attributes
