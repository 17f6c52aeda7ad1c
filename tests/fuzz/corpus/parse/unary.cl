a = -1
b = !true
c = - - x
d = -a.b[0]
e = !!x
