resource aws_instance web {
  ami = "x"
}
resource "aws_instance" "db" {
  ami = "y"
}
module "vpc" {
  source = "./modules/vpc"
}
