a = 1 + 2 * 3 - 4 / 5 % 6
b = a || b && c
c = a == b != c
d = a < b || c >= d && e <= f || g > h
e = !a && -b > 0
f = (1 + 2) * 3
