a = {}
b = { x = 1, y = 2 }
c = {
  x = 1
  y = 2,
  z = 3,
}
d = { "quoted" = 1, k: 2, "c": 3 }
