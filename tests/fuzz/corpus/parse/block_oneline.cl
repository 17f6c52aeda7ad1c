a { b = 1 }
c {}
d "x" { e = [1, 2] }
lifecycle { create_before_destroy = true }
