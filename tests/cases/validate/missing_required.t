# A required argument left out.
args: validate
exit: 1
--- main.cl
resource "aws_subnet" "a" {
  vpc_id = "vpc-1"
}
--- stderr
main.cl:1:23: error: aws_subnet.a needs the argument "cidr_block"
 1 | resource "aws_subnet" "a" {
   |                       ^~~
  hint: add cidr_block = ... to the block
