a = aws_subnet.public.*.id
b = a.*.b[0]
c = a.*.b.0.c
d = a[*].b.*.c[0]
