for = 1
in = 2
if = 3
x {
  for = var.for
  in  = var.in.if
}
