# comment
variable "x" {
  type = "map"
  default = { a = 1, "b" = 2 }
}
resource "aws_instance" "web" {
  count = 2
  ami = "${var.ami}"
  tags = { Name = "web-${count.index}" }
  subnet = aws_subnet.public.*.id[0]
  lifecycle { create_before_destroy = true }
  x = [for s in var.l : upper(s) if s != ""]
  y = {for k, v in var.m : k => v...}
  z = a ? b : c
  n = -1 + 2 * 3
  h = <<-EOT
    hello ${var.x}
      world
  EOT
}
resource "aws_instance" "web2" {}
output "o" { value = 1.5e3 }
