resource "aws_elb" "app" {
  subnets   = ["${split(",", var.subnets)}"]
  instances = ["${aws_instance.web.*.id}"]
  zones = [
    "${concat(var.a, var.b)}",
  ]
  groups = ["${var.group}"]
  pair   = ["${split(",", var.a)}", "x"]
  kept = [
    # a comment keeps the brackets
    "${compact(var.list)}",
  ]
}
