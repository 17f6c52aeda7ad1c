a = "line\nnext\ttab\rcr \"q\" back\\slash"
b = "\u00e9\u0041"
c = "\U0001F600"
