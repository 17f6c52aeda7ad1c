# Terraform 0.11 style configuration.
variable "region" {
  default = "us-west-2"
}

variable "amis" {
  type = "map"
  default = {
    us-east-1 = "ami-1001"
    us-west-2 = "ami-2001"
  }
}

variable "subnets" {
  type    = "list"
  default = []
}

provider "aws" {
  region = "${var.region}"
}

resource "aws_instance" "web" {
  count         = "${var.count}"
  ami           = "${lookup(var.amis, var.region)}"
  instance_type = "t2.micro"
  subnet_id     = "${element(aws_subnet.public.*.id, count.index)}"
  vpc_security_group_ids = ["${aws_security_group.web.id}"]

  tags {
    Name = "staging-web-${count.index}"
    Env  = "staging"
  }
}

resource "aws_eip" "web" {
  count    = "${var.count}"
  instance = "${element(aws_instance.web.*.id, count.index)}"
  vpc      = true
}

output "ips" {
  value = ["${aws_eip.web.*.public_ip}"]
}

output "first" {
  value = "${aws_instance.web.0.id}"
}

output "joined" {
  value = "${join(",", aws_instance.web.*.private_ip)}"
}
