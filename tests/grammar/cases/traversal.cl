a = var.x
b = a.b[0].c
c = a["key"]
d = a.0
e = aws_instance.web[count.index].id
f = a[b[c]]
