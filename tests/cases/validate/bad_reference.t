# A reference to an attribute that does not exist, and to an undeclared variable.
args: validate
exit: 1
--- main.cl
variable "cidr" {
  type = string
}

resource "aws_vpc" "main" {
  cidr_block = var.cidrr
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.idd
  cidr_block = "10.0.1.0/24"
}

resource "aws_subnet" "b" {
  vpc_id     = aws_subnet.a.vpcid
  cidr_block = "10.0.2.0/24"
}
--- stderr
main.cl:6:20: error: no variable "cidrr" in this module
 6 |   cidr_block = var.cidrr
   |                    ^~~~~
  hint: did you mean "cidr"?
main.cl:10:29: error: no attribute "idd"
 10 |   vpc_id     = aws_vpc.main.idd
    |                             ^~~
  hint: did you mean "id"?
main.cl:15:29: error: no attribute "vpcid"
 15 |   vpc_id     = aws_subnet.a.vpcid
    |                             ^~~~~
  hint: did you mean "vpc_id"?
