a = x[*]
b = x[*].id
c = x[*].a.b[0]
d = x[*].a[*].b
