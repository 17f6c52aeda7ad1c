resource "aws_instance" "web" {
  ami                         = "ami-123"
  instance_type               = "t2.micro"
  associate_public_ip_address = true
  count                       = 2
}
