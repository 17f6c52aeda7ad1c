# A value of the wrong type for an argument.
args: validate
exit: 1
--- main.cl
resource "aws_vpc" "main" {
  cidr_block         = "10.0.0.0/16"
  enable_dns_support = "maybe"
}
--- stderr
main.cl:3:24: error: invalid value for aws_vpc.main argument "enable_dns_support": a bool is required
 3 |   enable_dns_support = "maybe"
   |                        ^~~~~~~
  hint: "enable_dns_support" takes a bool
