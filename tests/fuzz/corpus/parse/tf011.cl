variable "amis" {
  type = "map"
  default = {
    us-east-1 = "ami-1"
  }
}
resource "aws_instance" "web" {
  ami = "${lookup(var.amis, var.region)}"
  subnet_id = "${element(aws_subnet.public.*.id, count.index)}"
  count = "${var.count}"
  tags {
    Name = "web-${count.index}"
  }
}
output "ids" {
  value = ["${aws_instance.web.*.id}"]
}
