# A misspelt argument of a resource: one error, with the near miss.
args: validate
exit: 1
--- main.cl
resource "aws_vpc" "main" {
  cidr_blok = "10.0.0.0/16"
}
--- stderr
main.cl:2:3: error: unsupported argument "cidr_blok" in aws_vpc.main
 2 |   cidr_blok = "10.0.0.0/16"
   |   ^~~~~~~~~
  hint: did you mean "cidr_block"?
