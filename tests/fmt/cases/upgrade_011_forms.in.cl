# Terraform 0.11 forms whose meaning depends on what the file declares
variable "list" {
  default = ["a", "b"]
}

variable "names" {
  type = "list"
}

variable "enabled" {
  default = true
}

resource "aws_route_table" "public" {
  count  = "${var.enabled}"
  vpc_id = "vpc-1"
}

resource "aws_route_table_association" "a" {
  subnet_id      = "subnet-1"
  route_table_id = "${aws_route_table.public.id}"
}

output "o" {
  value = ["${var.list}"]
}

output "n" {
  value = ["${var.names}"]
}

output "not_a_list" {
  value = ["${var.enabled}"]
}
