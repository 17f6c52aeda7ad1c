# A misspelt resource type.
args: validate
exit: 1
--- main.cl
resource "aws_subnett" "a" {
  vpc_id     = "vpc-1"
  cidr_block = "10.0.1.0/24"
}
--- stderr
main.cl:1:10: error: no resource type "aws_subnett"
 1 | resource "aws_subnett" "a" {
   |          ^~~~~~~~~~~~~
  hint: did you mean "aws_subnet"?
