a = x.*.b.*.c
