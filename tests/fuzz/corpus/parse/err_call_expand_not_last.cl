a = f(a..., b)
