a = x ? 1 : 2
b = x ? y ? 1 : 2 : z ? 3 : 4
c = a == b ? "eq" : "ne"
d = x ? [1] : {a = 1}
