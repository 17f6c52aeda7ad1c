args: validate
exit: 1
--- main.cl
resource "aws_vpc" "main" {
  count      = 2
  for_each   = toset(["a"])
  cidr_block = "10.0.0.0/16"
}
--- stderr
main.cl:3:16: error: count and for_each cannot both be set
 3 |   for_each   = toset(["a"])
   |                ^~~~~~~~~~~~
  hint: use one: count for N alike copies, for_each for one per key
