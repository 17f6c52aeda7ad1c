a = f()
b = f(1)
c = f(1, 2,)
d = f(
  1,
  2
)
e = f(list...)
f = concat(a, [b]...)
g = f(g(h(1)))
