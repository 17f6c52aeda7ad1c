# Terraform 0.11 forms are accepted, each with a warning naming the modern form.
args: validate
--- main.cl
variable "subnets" {
  type    = "string"
  default = "subnet-1,subnet-2"
}

resource "aws_instance" "nat" {
  ami           = "ami-1"
  instance_type = "t2.micro"
  subnet_id     = "${element(split(",", var.subnets), count.index)}"

  tags {
    Name = "nat"
  }
}

resource "aws_elb" "web" {
  name            = "web"
  subnets         = ["${split(",", var.subnets)}"]
  security_groups = []
  depends_on      = ["aws_instance.nat"]

  listener {
    instance_port     = 80
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}
--- stdout
Success! The configuration is valid.
--- stderr
main.cl:2:13: warning: quoted type constraints are deprecated
 2 |   type    = "string"
   |             ^~~~~~~~
  hint: write string without the quotes
main.cl:11:3: warning: "tags" written as a block is deprecated
 11 |   tags {
    |   ^~~~
  hint: write it as an argument: tags = { ... }
main.cl:20:22: warning: quoted references in depends_on are deprecated
 20 |   depends_on      = ["aws_instance.nat"]
    |                      ^~~~~~~~~~~~~~~~~~
  hint: write depends_on = [aws_instance.nat] (without quotes)
main.cl:9:55: warning: count.index in a resource without count is 0 (Terraform 0.11)
 9 |   subnet_id     = "${element(split(",", var.subnets), count.index)}"
   |                                                       ^~~~~~~~~~~
  hint: write 0, or add count to the resource
main.cl:18:21: warning: a list wrapped in an interpolation is deprecated
 18 |   subnets         = ["${split(",", var.subnets)}"]
    |                     ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
  hint: write the list expression itself, without ["${ ... }"]
