args: validate
exit: 1
--- main.cl
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "main" {
  cidr_block = "10.1.0.0/16"
}
--- stderr
main.cl:5:20: error: aws_vpc.main is declared twice
 5 | resource "aws_vpc" "main" {
   |                    ^~~~~~
main.cl:1:20: note: first declared here
 1 | resource "aws_vpc" "main" {
   |                    ^~~~~~
