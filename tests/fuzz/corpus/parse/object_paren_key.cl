a = {
  (var.key) = 1
  "${var.k2}" = 2
  x.y = 3
}
