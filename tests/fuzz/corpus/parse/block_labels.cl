resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
locals {
  a = 1
}
module net {
  source = "./net"
}
thing "a" b "c" {
}
