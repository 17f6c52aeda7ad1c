locals {
  plain    = var.x
  stripped = var.x
  call     = lookup(var.m, "key", "default")
  nested   = format("%s", var.inner)
  mixed    = "prefix-${var.x}"
  two      = "${var.a}${var.b}"
  list     = [var.a, var.b]
  cond     = var.on ? "yes" : "no"
  in_cond  = var.on ? var.a : var.b
  compare  = "${var.a}" == "x"
  multi = (var.on
    ? var.a
  : var.b)
  obj = {
    "${var.key}" = var.value
    name         = var.name
  }
  math = var.count + 1
  for  = [for s in var.list : s]
}
resource "aws_instance" "x" {
  count = var.count
}
