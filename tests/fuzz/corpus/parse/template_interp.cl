a = "a${b}c"
b = "${x}${y}"
c = "pre ${var.x} post"
