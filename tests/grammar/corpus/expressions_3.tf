locals {
  a = 1 + 2 * 3 - 2 / 4 % 5
  b = (1 + 2) * 3
  c = -2
  d = !true
  e = -var.x
  f = var.a == var.b ? "same" : "different"
  g = var.x > 1 ? var.y < 2 ? "a" : "b" : "c"
  h = var.list[0]
  i = var.map["key-2"]
  j = aws_instance.web[*].id
  k = aws_instance.web.*.private_ip
  l = var.nested.a.b[1].c
  m = [1, 2.5, 1e3, 1.5e-2, 0.2]
  n = { "quoted key" = 1, bare = 2, "with-${var.x}" = 3 }
  o = tolist(setunion(var.a, var.b))
  p = try(var.optional.value, "fallback")
  q = concat(var.first, var.rest...)
  r = var.a != null && var.b != "" || var.c
  s = null
  t = [true, false, null, "x"]
  u = {}
  v = []
  w = format("%s-%03d", var.name, 2)
  x = "${var.a}${var.b}"
  y = "plain string 2"
  z = var.x <= 3 && var.y >= 4
}
